import { Annotations, CfnOutput, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { z } from 'zod';
import { ApiConstruct } from './constructs/api';
import { DataConstruct } from './constructs/data';

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

export interface TsunaguStackProps extends StackProps {
  settings: TsunaguSettings;
}

/** The whole service for one stage: one construct per concern, wired together here. */
export class TsunaguStack extends Stack {
  readonly data: DataConstruct;
  readonly api: ApiConstruct;

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

    this.api = new ApiConstruct(this, 'Api', {
      stage: settings.stage,
      table: this.data.table,
      appUrl: settings.appUrl,
      sender,
      secretParameterName: settings.secretParameter ?? `/tsunagu/${settings.stage}/secret`,
      removalPolicy,
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
