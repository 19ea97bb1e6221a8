import type { Construct } from 'constructs';
import * as z from 'zod';
import { ALARM_LEVELS } from './constructs/alarm-levels';

// What `cdk -c key=value` may set (docs/deploy.md has the table). Parsed once in infra/app.ts; the
// stack only sees valid settings.

// Same rule as STAGE in shared/config.ts, so every deployable stage is a valid STAGE for the app.
const stageName = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'required: name the stage to deploy, e.g. -c stage=prod or -c stage=dev'
        : 'stage must be a string',
  })
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'stage must be lowercase letters, digits or - (at most 32)');

const domainName = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'not a domain name');

/** `-c key=true` arrives as a string, cdk.json may hold a boolean. */
const flag = z
  .union([z.boolean(), z.enum(['true', 'false'])], { error: 'true or false' })
  .transform((v) => v === true || v === 'true');

/** A comma-separated list from the command line (`-c a=x,y`), or a JSON array from cdk.json. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item),
  );

/** An SES identity: an address, or a whole domain. */
const sesIdentity = z.union([z.email(), domainName], { error: 'not an email address or domain' });

/**
 * Stage names that say "production": such a stage can never be made ephemeral, whatever the
 * context says. Only a refusal hangs on the name; what is kept never does (see `ephemeral`).
 */
const PRODUCTION_NAME = /(^|-)(prod|production|prd|live|honban)(-|$)/;

const settingsObject = z.object({
  /** Required: which stage this deploy is (prod, dev, …); never a silent default. */
  stage: stageName,
  /**
   * A throwaway stage (a developer's, a review's): its table and logs are deleted with the stack,
   * with no deletion or termination protection. Off by default: every stage keeps its data unless
   * the deploy says otherwise, so a stage named `production` or `saitama` is as safe as `prod`.
   */
  ephemeral: flag.default(false),
  /** Sender address of the app's mail (MAIL_FROM); must belong to senderDomain when both are set. */
  senderEmail: z.email().optional(),
  /** SES identity (verified domain) the API may send from. */
  senderDomain: domainName.optional(),
  /**
   * Public origin put into links in mail; defaults to https://<domainName>/ with a custom domain,
   * else the HTTP API's own URL.
   */
  appUrl: z.url({ protocol: /^https$/ }).optional(),
  /** A custom domain for the HTTP API (with certificateArn); turns the execute-api URL off. */
  domainName: domainName.optional(),
  /** ACM certificate for domainName, in the stack's own region (a regional API). */
  certificateArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/,
      'not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)',
    )
    .optional(),
  /**
   * The account's SES sending rate (mails/s): 1 in the sandbox (the default with sesSandbox),
   * 14 is the usual start once out of it; 10 by default.
   */
  sesMaxSendRate: z.coerce.number().positive().max(1000).optional(),
  /**
   * The SES account is still in the sandbox: every recipient must be a verified identity, and
   * SES then checks the caller's IAM permission on each recipient's identity too.
   */
  sesSandbox: flag.default(false),
  /**
   * With sesSandbox: the verified identities (addresses or domains) mail may go to. The send
   * permission lists each of them; addresses at senderDomain need nothing here.
   */
  sandboxRecipients: list(sesIdentity).default([]),
  /**
   * Reserved concurrency of the send function (a hard cap on instances sending at once). Off by
   * default: a new account's quota of 10 leaves no room for any reservation (Lambda keeps 100
   * unreserved), so the stack would fail to create.
   */
  sendConcurrency: z.coerce.number().int().min(2).max(20).optional(),
  /**
   * The operator named in the terms of use and privacy notice (OPERATOR_NAME, OPERATOR_EMAIL,
   * OPERATOR_ADDRESS): who runs the service and where people ask about their data.
   */
  operatorName: z.string().trim().min(1).max(200).optional(),
  operatorEmail: z.email().optional(),
  operatorAddress: z.string().trim().min(1).max(300).optional(),
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
  /**
   * The parameter's version the functions get. CloudFormation resolves a dynamic reference only
   * when the template changes, so a rotation takes effect by deploying with the new version.
   */
  secretVersion: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

export const tsunaguSettings = settingsObject
  .superRefine((s, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    // shared/config.ts treats these stages as a laptop: no secret required, development defaults.
    if (s.stage === 'local' || s.stage === 'test') {
      issue('stage', `stage "${s.stage}" is reserved for local runs`);
    }
    if (s.ephemeral && PRODUCTION_NAME.test(s.stage)) {
      issue(
        'ephemeral',
        `stage "${s.stage}" is named like production: its data is always kept (deploy a stage with another name to throw away)`,
      );
    }
    if (s.alarms === 'none' && s.alarmEmail) {
      issue('alarmEmail', 'alarmEmail needs alarms (essential or full): with alarms=none no one is mailed');
    }
    if (s.senderEmail && s.senderDomain) {
      const domain = s.senderEmail.split('@')[1]?.toLowerCase() ?? '';
      const verified = s.senderDomain.toLowerCase();
      if (domain !== verified && !domain.endsWith(`.${verified}`)) {
        issue('senderEmail', `senderEmail must be an address at ${s.senderDomain}`);
      }
    }
    if (Boolean(s.domainName) !== Boolean(s.certificateArn)) {
      issue(
        s.domainName ? 'certificateArn' : 'domainName',
        'domainName and certificateArn go together: the custom domain and its ACM certificate',
      );
    }
    if (s.domainName && s.appUrl && new URL(s.appUrl).host !== s.domainName.toLowerCase()) {
      issue('appUrl', `with domainName the app is at https://${s.domainName}/: leave appUrl out`);
    }
    if (s.sandboxRecipients.length > 0 && !s.sesSandbox) {
      issue('sandboxRecipients', 'sandboxRecipients only apply in the SES sandbox (-c sesSandbox=true)');
    }
  })
  .transform((s) => ({
    ...s,
    // 1 mail/s is the sandbox's rate; 10 leaves room under the usual 14 of production access.
    sesMaxSendRate: s.sesMaxSendRate ?? (s.sesSandbox ? 1 : 10),
  }));

export type TsunaguSettings = z.output<typeof tsunaguSettings>;

/** The settings given as CDK context (`-c key=value`, cdk.json); `-c key=` means "not set". */
export function settingsFromContext(scope: Construct) {
  const keys = Object.keys(settingsObject.shape) as (keyof z.input<typeof tsunaguSettings>)[];
  const given: Record<string, unknown> = {};
  for (const key of keys) {
    const value = scope.node.tryGetContext(key);
    if (value !== '' && value !== undefined) given[key] = value;
  }
  return tsunaguSettings.safeParse(given);
}
