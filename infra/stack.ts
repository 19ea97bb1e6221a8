import { Annotations, CfnOutput, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { z } from 'zod';
import { ALARM_LEVELS } from './constructs/alarm-levels';
import { ApiConstruct } from './constructs/api';
import { BatchConstruct } from './constructs/batch';
import { DataConstruct } from './constructs/data';
import { MailConstruct } from './constructs/mail';
import { ObservabilityConstruct } from './constructs/observability';
import { targetDeadLetterQueue } from './constructs/queues';

// Same rule as STAGE in shared/config.ts, so every deployable stage is a valid STAGE for the app.
const stageName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'stage must be lowercase letters, digits or - (at most 32)');

const domainName = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'not a domain name');

/** What `cdk -c key=value` may set. Parsed once in infra/app.ts; the stack only sees valid settings. */
export const tsunaguSettings = z
  .object({
    stage: stageName.default('dev'),
    /** Sender address of the app's mail (MAIL_FROM); must belong to senderDomain when both are set. */
    senderEmail: z.email().optional(),
    /** SES identity (verified domain) the API may send from. */
    senderDomain: domainName.optional(),
    /** Public origin put into links in mail; defaults to the HTTP API's own URL. */
    appUrl: z.url({ protocol: /^https$/ }).optional(),
    /** The account's SES sending rate (mails/s; 14 by default once out of the sandbox, 1 inside). */
    sesMaxSendRate: z.coerce.number().positive().max(1000).default(10),
    /** Where alarms go (SNS email subscription; the recipient confirms it once). */
    alarmEmail: z.email().optional(),
    /**
     * none: no alarms (a deployment with its own monitoring); essential: trouble and failures, the
     * two that page someone (US$0.20 a month); full: also SES's own reputation metrics (US$0.40).
     */
    alarms: z.enum(ALARM_LEVELS).default('essential'),
    /** Hour of the daily matching round in Asia/Tokyo. */
    matchHour: z.coerce.number().int().min(0).max(23).default(6),
    /** SSM parameter holding TSUNAGU_SECRET; defaults to /tsunagu/<stage>/secret. */
    secretParameter: z
      .string()
      .regex(/^\/[A-Za-z0-9_.\-/]{1,1010}$/, 'secretParameter must be an SSM parameter path like /a/b')
      .optional(),
  })
  .superRefine((s, ctx) => {
    // shared/config.ts treats these stages as a laptop: no secret required, development defaults.
    if (s.stage === 'local' || s.stage === 'test') {
      ctx.addIssue({
        code: 'custom',
        path: ['stage'],
        message: `stage "${s.stage}" is reserved for local runs`,
      });
    }
    if (s.alarms === 'none' && s.alarmEmail) {
      ctx.addIssue({
        code: 'custom',
        path: ['alarmEmail'],
        message: 'alarmEmail needs alarms (essential or full): with alarms=none no one is mailed',
      });
    }
    if (s.senderEmail && s.senderDomain) {
      const domain = s.senderEmail.split('@')[1]?.toLowerCase() ?? '';
      const verified = s.senderDomain.toLowerCase();
      if (domain !== verified && !domain.endsWith(`.${verified}`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['senderEmail'],
          message: `senderEmail must be an address at ${s.senderDomain}`,
        });
      }
    }
  });

export type TsunaguSettings = z.output<typeof tsunaguSettings>;

/** The settings given as CDK context (`-c key=value`, cdk.json); `-c key=` means "not set". */
export function settingsFromContext(scope: Construct) {
  const context = (key: keyof z.input<typeof tsunaguSettings>): unknown => {
    const value = scope.node.tryGetContext(key);
    return value === '' ? undefined : value;
  };
  return tsunaguSettings.safeParse({
    stage: context('stage'),
    senderEmail: context('senderEmail'),
    senderDomain: context('senderDomain'),
    appUrl: context('appUrl'),
    secretParameter: context('secretParameter'),
    sesMaxSendRate: context('sesMaxSendRate'),
    alarmEmail: context('alarmEmail'),
    alarms: context('alarms'),
    matchHour: context('matchHour'),
  });
}

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
    const protect = settings.stage === 'prod';
    super(scope, id, {
      description: `tsunagu (${settings.stage}): matchmaking of needs and offers`,
      terminationProtection: protect,
      ...stackProps,
    });
    Tags.of(this).add('project', 'tsunagu');
    Tags.of(this).add('stage', settings.stage);

    // Production data and logs outlive the stack; anything else is disposable.
    const removalPolicy = protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.data = new DataConstruct(this, 'Data', { deletionProtection: protect, removalPolicy });

    const sender = senderOf(settings);
    if (!sender) {
      Annotations.of(this).addWarningV2(
        'tsunagu:noSender',
        'No senderDomain/senderEmail context: the API is deployed but cannot send sign-in mail.',
      );
    }

    const app = {
      stage: settings.stage,
      tableName: this.data.table.tableName,
      secretParameterName: settings.secretParameter ?? `/tsunagu/${settings.stage}/secret`,
      mailFrom: sender?.mailFrom,
      removalPolicy,
    };
    this.api = new ApiConstruct(this, 'Api', {
      app: { ...app, appUrl: settings.appUrl },
      table: this.data.table,
    });
    // Links in mail point at the public URL, or at the API's own URL when none is set.
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
      maxSendRate: settings.sesMaxSendRate,
      failures,
    });
    // The sign-in link is the one mail the API sends itself; through the configuration set too,
    // so its bounces and complaints reach the suppression list and the reputation alarms.
    this.mail.grantSend(this.api.handler);
    this.api.handler.addEnvironment('SES_CONFIGURATION_SET', this.mail.configurationSet.configurationSetName);
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

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the API and pages' });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
  }
}

function senderOf(s: TsunaguSettings): { identity: string; mailFrom: string } | undefined {
  const address = s.senderEmail ?? (s.senderDomain ? `no-reply@${s.senderDomain}` : undefined);
  if (!address) return undefined;
  // SES authorises against the verified identity: the domain when given, else the address itself.
  return { identity: s.senderDomain ?? address, mailFrom: `tsunagu <${address}>` };
}
