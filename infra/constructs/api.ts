import { fileURLToPath } from 'node:url';
import {
  ArnFormat,
  CfnDynamicReference,
  CfnDynamicReferenceService,
  Duration,
  type RemovalPolicy,
  Stack,
  Token,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpRoute,
  HttpRouteKey,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Charset, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const repoRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export interface ApiConstructProps {
  stage: string;
  table: ITableV2;
  /** Public origin for links in mail (a custom domain); defaults to this API's own URL. */
  appUrl?: string | undefined;
  /** Verified SES identity (domain or address) and the From header; without it no mail can be sent. */
  sender?: { identity: string; mailFrom: string } | undefined;
  /** SSM parameter (type String) holding TSUNAGU_SECRET, at least 32 characters. */
  secretParameterName: string;
  removalPolicy: RemovalPolicy;
}

/** The Hono app (JSON API + pages) on one Lambda behind an HTTP API. */
export class ApiConstruct extends Construct {
  readonly handler: NodejsFunction;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: ApiConstructProps) {
    super(scope, id);
    const logs = (logId: string) =>
      new LogGroup(this, logId, { retention: RetentionDays.ONE_MONTH, removalPolicy: props.removalPolicy });

    // HTTP API rather than a Function URL: a Function URL is free but cannot throttle, so a flood
    // (e.g. of magic-link requests) would turn straight into Lambda, DynamoDB and SES spend. The HTTP
    // API costs ~$1 per million requests and gives stage throttling plus access logs.
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `tsunagu-${props.stage}`,
      description: `tsunagu ${props.stage}: JSON API under /v1 and pages under /`,
      // The default stage is added below: HttpApiProps cannot throttle or log the one it creates.
      createDefaultStage: false,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { burstLimit: 50, rateLimit: 20 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(logs('AccessLogs')),
        // JSON lines, like the app's own logs; requestId joins them with the Lambda's lines.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            bytes: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    this.handler = new NodejsFunction(this, 'Handler', {
      entry: repoRoot('functions/api.ts'),
      handler: 'handler',
      projectRoot: repoRoot(''),
      depsLockFilePath: repoRoot('package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      logGroup: logs('HandlerLogs'),
      environment: {
        STAGE: props.stage,
        TABLE_NAME: props.table.tableName,
        // Not circular: the URL is built from the API's id, and the API itself does not depend on
        // the function (only its route and integration do).
        APP_URL: props.appUrl ?? this.stage.url,
        ...(props.sender ? { MAIL_FROM: props.sender.mailFrom } : {}),
        // Why an SSM String parameter resolved by CloudFormation at deploy time: it is free (a Secrets
        // Manager secret is $0.40/month per stage), the value never enters the template, cdk.out or
        // git, and shared/config.ts keeps reading a plain TSUNAGU_SECRET. The value ends up in the
        // function's environment (encrypted at rest) as it would with Secrets Manager. A SecureString
        // would need the app to fetch it at cold start (CloudFormation cannot resolve ssm-secure into
        // Lambda env). Create it once per stage, before the first deploy:
        //   aws ssm put-parameter --type String --name /tsunagu/<stage>/secret \
        //     --value "$(openssl rand -base64 48)"
        // Rotating it (put-parameter --overwrite, then deploy) invalidates pagination cursors.
        TSUNAGU_SECRET: Token.asString(
          new CfnDynamicReference(CfnDynamicReferenceService.SSM, props.secretParameterName),
        ),
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        // esbuild is a devDependency: bundle on this machine, offline, never in Docker.
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        // Bundled CommonJS dependencies call require(); ESM output has none unless we provide it.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        // esbuild resolves the #… aliases from package.json "imports"; tsconfig.json gives the .tsx
        // pages jsx: react-jsx with jsxImportSource hono/jsx.
        tsconfig: repoRoot('tsconfig.json'),
        // Bundle the SDK too: the version we test with, tree-shaken, no reliance on the runtime's copy.
        bundleAwsSDK: true,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        charset: Charset.UTF8,
        logLevel: LogLevel.WARNING,
      },
    });

    props.table.grantReadWriteData(this.handler);
    if (props.sender) {
      this.handler.addToRolePolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [
            Stack.of(this).formatArn({
              service: 'ses',
              resource: 'identity',
              resourceName: props.sender.identity,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          ],
        }),
      );
    }

    new HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('Handler', this.handler),
    });
  }

  /** Base URL of the deployed app (ends with /). */
  get url(): string {
    return this.stage.url;
  }
}
