import * as z from 'zod';

// The only module that reads process.env. Everything else receives a Config.

const DEV_SECRET = 'local-development-secret-do-not-use-in-production';

const port = z.coerce.number().int().min(1).max(65535);

const envSchema = z
  .object({
    STAGE: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,31}$/, 'STAGE must be lowercase letters, digits or -')
      .default('local'),
    TABLE_NAME: z.string().min(3).max(255).default('tsunagu'),
    AWS_REGION: z.string().min(1).default('ap-northeast-1'),
    DYNAMODB_ENDPOINT: z.url().optional(),
    DYNAMODB_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
    SES_ENDPOINT: z.url().optional(),
    MAIL_FROM: z.string().min(3).default('tsunagu <no-reply@tsunagu.example>'),
    APP_URL: z.url().default('http://localhost:3000'),
    TSUNAGU_SECRET: z.string().min(32, 'TSUNAGU_SECRET must be at least 32 characters').optional(),
    MAGIC_LINKS_PER_EMAIL: z.coerce.number().int().min(1).max(1000).default(5),
    MAGIC_LINKS_PER_IP: z.coerce.number().int().min(1).max(100000).default(50),
    MAGIC_LINKS_PER_DOMAIN: z.coerce.number().int().min(1).max(100000).default(100),
    INVITATIONS_PER_INVITER: z.coerce.number().int().min(1).max(100000).default(20),
    INVITATIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(100000).default(5),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    SES_MAX_SEND_RATE: z.coerce.number().positive().max(1000).default(10),
    SES_CONFIGURATION_SET: z.string().min(1).max(64).optional(),
    /** Set by Lambda itself: the batches fan out by invoking their own function per platform. */
    AWS_LAMBDA_FUNCTION_NAME: z.string().min(1).max(140).optional(),
    INTRODUCTION_RESPOND_DAYS: z.coerce.number().int().min(1).max(90).default(14),
    INTRODUCTION_REMINDER_DAYS: z.coerce.number().int().min(1).max(30).default(3),
    INTRODUCTION_FOLLOW_UP_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    INTRODUCTION_INBOX_CAP: z.coerce.number().int().min(1).max(100).default(5),
    // Who runs this deployment (個人情報取扱事業者): named in the terms and privacy notice, with
    // where to ask for disclosure, correction or deletion. Unset, the pages say it is not set yet.
    OPERATOR_NAME: z.string().trim().min(1).max(200).optional(),
    OPERATOR_EMAIL: z.email().optional(),
    OPERATOR_ADDRESS: z.string().trim().min(1).max(300).optional(),
  })
  .transform((env, ctx) => {
    const local = env.STAGE === 'local' || env.STAGE === 'test';
    if (!local && !env.TSUNAGU_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['TSUNAGU_SECRET'],
        message: 'TSUNAGU_SECRET is required outside local',
      });
    }
    return {
      stage: env.STAGE,
      local,
      tableName: env.TABLE_NAME,
      region: env.AWS_REGION,
      dynamoEndpoint: env.DYNAMODB_ENDPOINT,
      dynamoTimeoutMs: env.DYNAMODB_TIMEOUT_MS,
      sesEndpoint: env.SES_ENDPOINT,
      mailFrom: env.MAIL_FROM,
      appUrl: env.APP_URL.replace(/\/$/, ''),
      secret: env.TSUNAGU_SECRET ?? DEV_SECRET,
      magicLinksPerEmail: env.MAGIC_LINKS_PER_EMAIL,
      magicLinksPerIp: env.MAGIC_LINKS_PER_IP,
      magicLinksPerDomain: env.MAGIC_LINKS_PER_DOMAIN,
      /** Invitations per hour: by one person (any organisation), and to one address (from anyone). */
      invitations: { perInviter: env.INVITATIONS_PER_INVITER, perAddress: env.INVITATIONS_PER_ADDRESS },
      logLevel: env.LOG_LEVEL,
      mail: {
        maxSendRate: env.SES_MAX_SEND_RATE,
        configurationSet: env.SES_CONFIGURATION_SET,
      },
      // On Lambda the batches fan out one invocation per platform; locally they run in turn.
      functionName: env.AWS_LAMBDA_FUNCTION_NAME,
      introductions: {
        respondDays: env.INTRODUCTION_RESPOND_DAYS,
        reminderDaysBefore: Math.min(env.INTRODUCTION_REMINDER_DAYS, env.INTRODUCTION_RESPOND_DAYS - 1),
        followUpDays: env.INTRODUCTION_FOLLOW_UP_DAYS,
        inboxCap: env.INTRODUCTION_INBOX_CAP,
      },
      /** The operator named in the terms and privacy notice (docs/deploy.md); each part may be unset. */
      operator: { name: env.OPERATOR_NAME, email: env.OPERATOR_EMAIL, address: env.OPERATOR_ADDRESS },
    };
  });

export type Config = z.output<typeof envSchema>;

const localEnvSchema = z.object({
  PORT: port.default(3000),
  DYNAMODB_PORT: port.default(8000),
  SES_PORT: port.default(8005),
  TSUNAGU_DATA_DIR: z.string().min(1).default('.local/dynamodb'),
  JAVA_HOME: z.string().optional(),
});

export type LocalConfig = {
  port: number;
  dynamoPort: number;
  sesPort: number;
  dataDir: string;
  javaHome: string | undefined;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function fail(error: z.ZodError): never {
  const lines = error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(stripEmpty(env));
  return parsed.success ? parsed.data : fail(parsed.error);
}

export function parseLocalConfig(env: Record<string, string | undefined>): LocalConfig {
  const parsed = localEnvSchema.safeParse(stripEmpty(env));
  if (!parsed.success) fail(parsed.error);
  const e = parsed.data;
  return {
    port: e.PORT,
    dynamoPort: e.DYNAMODB_PORT,
    sesPort: e.SES_PORT,
    dataDir: e.TSUNAGU_DATA_DIR,
    javaHome: e.JAVA_HOME,
  };
}

// Empty strings in env mean "not set", as in most shells' `VAR= cmd`.
function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

let cached: Config | undefined;

export function loadConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

export function loadLocalConfig(): LocalConfig {
  return parseLocalConfig(process.env);
}

/** Where `cdk synth/deploy` targets, from the CDK CLI's own CDK_DEFAULT_* variables. */
export function loadDeployTarget(): { account: string | undefined; region: string } {
  return {
    account: process.env.CDK_DEFAULT_ACCOUNT || undefined,
    region: process.env.CDK_DEFAULT_REGION || 'ap-northeast-1',
  };
}
