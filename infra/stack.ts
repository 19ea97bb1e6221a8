import { Annotations, CfnOutput, RemovalPolicy, Stack, type StackProps, Tags, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ApiConstruct } from './constructs/api';
import { BatchConstruct } from './constructs/batch';
import { DataConstruct } from './constructs/data';
import { MailConstruct } from './constructs/mail';
import { ObservabilityConstruct } from './constructs/observability';
import { targetDeadLetterQueue } from './constructs/queues';
import type { TsunaguSettings } from './settings';

export { settingsFromContext, type TsunaguSettings, tsunaguSettings } from './settings';

export interface TsunaguStackProps extends StackProps {
  settings: TsunaguSettings;
}

/** The whole service for one stage: one construct per concern, wired together here. */
export class TsunaguStack extends Stack {
  readonly data: DataConstruct;
  readonly api: ApiConstruct;
  readonly mail: MailConstruct;
  readonly batch: BatchConstruct;
  readonly observability: ObservabilityConstruct;

  constructor(scope: Construct, id: string, props: TsunaguStackProps) {
    const { settings, ...stackProps } = props;
    // Fail safe: every stage keeps its data and refuses deletion unless the deploy says, with
    // -c ephemeral=true, that it is a throwaway (never for a stage named like production).
    const protect = !settings.ephemeral;
    super(scope, id, {
      description: `tsunagu (${settings.stage}): matchmaking of needs and offers`,
      terminationProtection: protect,
      ...stackProps,
    });
    Tags.of(this).add('project', 'tsunagu');
    Tags.of(this).add('stage', settings.stage);

    // Data and logs outlive the stack, unless the stage is ephemeral.
    const removalPolicy = protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.data = new DataConstruct(this, 'Data', { deletionProtection: protect, removalPolicy });

    const sender = senderOf(settings);
    if (!sender) {
      Annotations.of(this).addWarningV2(
        'tsunagu:noSender',
        'No senderDomain/senderEmail context: the API is deployed but cannot send sign-in mail.',
      );
    }

    const secretParameterName = settings.secretParameter ?? `/tsunagu/${settings.stage}/secret`;
    if (settings.secretVersion === undefined) {
      Annotations.of(this).addWarningV2(
        'tsunagu:secretUnpinned',
        `No secretVersion context: ${secretParameterName} is read as it is at the first deploy, and a ` +
          'rotated value would never reach the functions. Deploy with -c secretVersion=<its Version>.',
      );
    }
    const app = {
      stage: settings.stage,
      tableName: this.data.table.tableName,
      secretParameterName,
      secretVersion: settings.secretVersion,
      mailFrom: sender?.mailFrom,
      operator: {
        name: settings.operatorName,
        email: settings.operatorEmail,
        address: settings.operatorAddress,
      },
      removalPolicy,
    };
    const customDomain =
      settings.domainName && settings.certificateArn
        ? { domainName: settings.domainName, certificateArn: settings.certificateArn }
        : undefined;
    if (customDomain) certificateInRegion(this, customDomain.certificateArn);
    this.api = new ApiConstruct(this, 'Api', {
      app: { ...app, appUrl: settings.appUrl },
      table: this.data.table,
      customDomain,
    });
    // Links in mail point at the public URL: appUrl, else the custom domain, else the API's own URL.
    const appUrl = settings.appUrl ?? this.api.url;
    // One queue for everything asynchronous that gave up: schedules, batch runs, the sender's
    // stream batches, SES events. One alarm watches it.
    const failures = targetDeadLetterQueue(
      this,
      'Failures',
      'the schedules, the batch and ses-events functions, and the send function’s stream',
    );
    this.mail = new MailConstruct(this, 'Mail', {
      app: { ...app, appUrl },
      table: this.data.table,
      identity: sender?.identity,
      sandboxRecipients: settings.sesSandbox ? settings.sandboxRecipients : [],
      maxSendRate: settings.sesMaxSendRate,
      sendConcurrency: settings.sendConcurrency,
      failures,
    });
    // The API sends no mail itself: sign-in, invitation and confirmation links go through the
    // outbox like every other mail (docs/mail.md), so only the send function may call SES.
    this.batch = new BatchConstruct(this, 'Batch', {
      app: { ...app, appUrl },
      table: this.data.table,
      matchHour: settings.matchHour,
      failures,
    });
    this.observability = new ObservabilityConstruct(this, 'Observability', {
      stage: settings.stage,
      alarms: settings.alarms,
      alarmEmail: settings.alarmEmail,
      accessLogs: this.api.accessLogs,
      functionLogs: Object.fromEntries(
        [this.api.handler, this.mail.send, this.mail.sesEvents, this.batch.match, this.batch.digest].map(
          (fn) => [fn.sourceName, fn.logGroup],
        ),
      ),
      failures,
      configurationSetName: this.mail.configurationSet.configurationSetName,
    });

    // What the operator needs next (docs/deploy.md reads each with describe-stacks).
    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output(
      'AppUrl',
      appUrl,
      'Where people sign in: the public origin of the pages, the API and links in mail',
    );
    if (!customDomain) output('ApiUrl', this.api.url, "The HTTP API's own URL (execute-api)");
    if (this.api.domainName) {
      output(
        'ApiDomainTarget',
        this.api.domainName.regionalDomainName,
        `DNS: ${customDomain?.domainName} CNAME to this name (or a Route 53 alias with ApiDomainHostedZoneId)`,
      );
      output(
        'ApiDomainHostedZoneId',
        this.api.domainName.regionalHostedZoneId,
        'For a Route 53 alias record',
      );
    }
    output('TableName', this.data.table.tableName, 'TABLE_NAME for npm run platform');
    if (sender) {
      output('MailFrom', sender.mailFrom, 'MAIL_FROM: the From of every mail');
      output('SenderIdentity', sender.identity, 'The SES identity mail is sent as (verify it first)');
    }
    output('FailuresQueueUrl', failures.queueUrl, 'Where what gave up waits 14 days: npm run failures');
  }
}

/** A regional API's certificate must be in the stack's own region; say so at synth, not at deploy. */
function certificateInRegion(stack: Stack, certificateArn: string): void {
  const region = certificateArn.split(':')[3];
  if (!Token.isUnresolved(stack.region) && region !== stack.region) {
    Annotations.of(stack).addError(
      `certificateArn is in ${region}, the stack in ${stack.region}: a regional HTTP API needs an ACM ` +
        `certificate in ${stack.region} (a CloudFront distribution's us-east-1 certificate will not do)`,
    );
  }
}

function senderOf(s: TsunaguSettings): { identity: string; mailFrom: string } | undefined {
  const address = s.senderEmail ?? (s.senderDomain ? `no-reply@${s.senderDomain}` : undefined);
  if (!address) return undefined;
  // SES authorises against the verified identity: the domain when given, else the address itself.
  return { identity: s.senderDomain ?? address, mailFrom: `tsunagu <${address}>` };
}
