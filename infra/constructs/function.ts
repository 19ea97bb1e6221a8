import { fileURLToPath } from 'node:url';
import {
  CfnDynamicReference,
  CfnDynamicReferenceService,
  Duration,
  type RemovalPolicy,
  Token,
} from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Charset, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export const repoRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** What every tsunagu function shares: the stage, the table, the secret, the sender, the public URL. */
export interface AppEnvironment {
  stage: string;
  tableName: string;
  /** SSM parameter (type String) holding TSUNAGU_SECRET, at least 32 characters. */
  secretParameterName: string;
  /** The parameter's version to resolve; unset = the version current at the first deploy. */
  secretVersion?: number | undefined;
  appUrl: string;
  mailFrom?: string | undefined;
  /** The operator named in the terms and privacy notice; only what is set reaches the functions. */
  operator?: { name?: string | undefined; email?: string | undefined; address?: string | undefined };
  removalPolicy: RemovalPolicy;
}

export interface TsunaguFunctionProps {
  /** File under functions/, without extension: api, match, digest, send, ses-events. */
  name: string;
  /** A fixed function name (for a function that invokes itself); generated when absent. */
  functionName?: string;
  app: AppEnvironment;
  timeout: Duration;
  memorySize?: number;
  environment?: Record<string, string>;
  reservedConcurrentExecutions?: number;
  /**
   * For functions invoked asynchronously (schedules, event rules): where an event goes after the
   * function failed on it three times. The caller's own DLQ only catches failed deliveries.
   */
  asyncFailureQueue?: IQueue;
}

/** One Lambda function from functions/<name>.ts: Node 24 on arm64, ESM bundled offline, logs kept a month. */
export class TsunaguFunction extends NodejsFunction {
  /** The file under functions/ it runs, without extension (api, match, digest, send, ses-events). */
  readonly sourceName: string;

  constructor(scope: Construct, id: string, props: TsunaguFunctionProps) {
    const { app } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: app.removalPolicy,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: that managed policy lets the function
    // create and write any log group in the account; this one may write only its own group.
    const role = new Role(scope, `${id}ServiceRole`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      entry: repoRoot(`functions/${props.name}.ts`),
      functionName: props.functionName,
      // Names the source file in the console and lets the stack tests find each function.
      description: `functions/${props.name}.ts (tsunagu ${app.stage})`,
      role,
      handler: 'handler',
      projectRoot: repoRoot(''),
      depsLockFilePath: repoRoot('package-lock.json'),
      // Node 24: the newest runtime aws-cdk-lib knows (so cdk-nag's AwsSolutions-L1 holds without an
      // acknowledgement), an LTS line until April 2028; nodejs22.x is deprecated on 2027-04-30.
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      ...(props.asyncFailureQueue
        ? { retryAttempts: 2, onFailure: new SqsDestination(props.asyncFailureQueue) }
        : {}),
      logGroup,
      environment: {
        STAGE: app.stage,
        TABLE_NAME: app.tableName,
        APP_URL: app.appUrl,
        ...(app.mailFrom ? { MAIL_FROM: app.mailFrom } : {}),
        ...(app.operator?.name ? { OPERATOR_NAME: app.operator.name } : {}),
        ...(app.operator?.email ? { OPERATOR_EMAIL: app.operator.email } : {}),
        ...(app.operator?.address ? { OPERATOR_ADDRESS: app.operator.address } : {}),
        // Why an SSM String parameter resolved by CloudFormation at deploy time: it is free (a Secrets
        // Manager secret is $0.40/month per stage), the value never enters the template, cdk.out or
        // git, and shared/config.ts keeps reading a plain TSUNAGU_SECRET. The value ends up in the
        // function's environment (encrypted at rest) as it would with Secrets Manager. A SecureString
        // would need the app to fetch it at cold start (CloudFormation cannot resolve ssm-secure into
        // Lambda env). Create it once per stage, before the first deploy:
        //   aws ssm put-parameter --type String --name /tsunagu/<stage>/secret \
        //     --value "$(openssl rand -base64 48)"
        // CloudFormation resolves the reference only when the template around it changes: a new
        // value under an unchanged `{{resolve:ssm:/name}}` would never reach the functions. So the
        // reference names a version (`-c secretVersion=N`, `{{resolve:ssm:/name:N}}`), and rotating
        // is: put-parameter --overwrite (it prints the new Version), then deploy with that version
        // (docs/deploy.md). It invalidates pagination cursors and the links in mails already sent.
        TSUNAGU_SECRET: secretReference(app.secretParameterName, app.secretVersion),
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        // esbuild is a devDependency: bundle on this machine, offline, never in Docker.
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        // The runtime's own Node: nothing is lowered. The sources are ES2022 (tsconfig.json), so the
        // bundles also load in the Node 20 of a development machine (test/infra/bundles.test.ts).
        target: 'node24',
        mainFields: ['module', 'main'],
        // Bundled CommonJS dependencies call require(); ESM output has none unless we provide it.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        // esbuild resolves the #… aliases from package.json "imports"; tsconfig.json gives the .tsx
        // pages jsx: react-jsx with jsxImportSource hono/jsx.
        tsconfig: repoRoot('tsconfig.json'),
        // Every bare `zod…` import from zod's lean entry files: without all of zod's locales, which
        // @hono/zod-openapi's extendZodWithOpenApi(z) would otherwise keep (infra/bundle/zod-shim.ts).
        esbuildArgs: { '--alias:zod': repoRoot('infra/bundle/zod') },
        // Bundle the SDK too: the version we test with, tree-shaken, no reliance on the runtime's copy.
        bundleAwsSDK: true,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        charset: Charset.UTF8,
        logLevel: LogLevel.WARNING,
      },
    });
    this.sourceName = props.name;
  }
}

export const seconds = Duration.seconds;

/** `{{resolve:ssm:/name}}`, or `{{resolve:ssm:/name:version}}` when a version is pinned. */
function secretReference(name: string, version: number | undefined): string {
  return Token.asString(
    new CfnDynamicReference(
      CfnDynamicReferenceService.SSM,
      version === undefined ? name : `${name}:${version}`,
    ),
  );
}
