import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  DomainName,
  HttpApi,
  HttpRoute,
  HttpRouteKey,
  type HttpStage,
  LogGroupLogDestination,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { grantTableData } from './data';
import { type AppEnvironment, TsunaguFunction } from './function';

const STATUS = '$context.status';

export interface ApiConstructProps {
  /** The functions' shared environment; `appUrl` unset = this API's own URL. */
  app: Omit<AppEnvironment, 'appUrl'> & { appUrl?: string | undefined };
  table: ITableV2;
  /** The API's own domain (`-c domainName`, `-c certificateArn`); the execute-api URL is then off. */
  customDomain?: { domainName: string; certificateArn: string } | undefined;
}

/** The Hono app (JSON API + pages) on one Lambda behind an HTTP API. */
export class ApiConstruct extends Construct {
  readonly handler: TsunaguFunction;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** The stage's access log: one JSON line per request, with the status the caller got. */
  readonly accessLogs: LogGroup;
  /** The custom domain, when one is given: its DNS record points at regionalDomainName. */
  readonly domainName: DomainName | undefined;
  private readonly customDomain: string | undefined;

  constructor(scope: Construct, id: string, props: ApiConstructProps) {
    super(scope, id);
    const logs = (logId: string) =>
      new LogGroup(this, logId, {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: props.app.removalPolicy,
      });

    // HTTP API rather than a Function URL: a Function URL is free but cannot throttle, so a flood
    // (e.g. of magic-link requests) would turn straight into Lambda, DynamoDB and SES spend. The HTTP
    // API costs ~$1 per million requests and gives stage throttling plus access logs.
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `tsunagu-${props.app.stage}`,
      description: `tsunagu ${props.app.stage}: JSON API under /v1 and pages under /`,
      // The default stage is added below: HttpApiProps cannot throttle or log the one it creates.
      createDefaultStage: false,
      // With a domain of its own, links, cookies and the List-Unsubscribe URL all name that domain;
      // the execute-api hostname would be a second way in, with no reason to exist.
      disableExecuteApiEndpoint: props.customDomain !== undefined,
    });
    this.accessLogs = logs('AccessLogs');
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { burstLimit: 50, rateLimit: 20 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // JSON lines, like the app's own logs; requestId joins them with the Lambda's lines, each of
        // which carries the same requestId (shared/http/request-id.ts), as does the answer's
        // X-Request-Id. The status is a bare number (API Gateway always has one), so that the
        // trouble metric's filter can compare it: every answer ≥ 500 a user got
        // (infra/constructs/observability.ts).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            path: '$context.path',
            status: STATUS,
            bytes: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }).replace(JSON.stringify(STATUS), STATUS),
        ),
      },
    });

    // A regional custom domain: the certificate is in the API's own region (ACM in ap-northeast-1),
    // and the operator's DNS has a CNAME from the domain to regionalDomainName (docs/deploy.md).
    this.customDomain = props.customDomain?.domainName.toLowerCase();
    this.domainName = props.customDomain
      ? new DomainName(this, 'DomainName', {
          domainName: props.customDomain.domainName,
          certificate: Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
          securityPolicy: SecurityPolicy.TLS_1_2,
        })
      : undefined;
    if (this.domainName) {
      new ApiMapping(this, 'ApiMapping', {
        api: this.httpApi,
        domainName: this.domainName,
        stage: this.stage,
      });
    }

    this.handler = new TsunaguFunction(this, 'Handler', {
      name: 'api',
      // Not circular: the URL is built from the API's id, and the API itself does not depend on
      // the function (only its route and integration do).
      app: { ...props.app, appUrl: props.app.appUrl ?? this.url },
      timeout: Duration.seconds(10),
    });

    grantTableData(props.table, this.handler);

    const route = new HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('Handler', this.handler),
    });
    Validations.of(route).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG4',
      reason:
        'The app authorises every request itself (shared/http): members sign in by a magic link mailed ' +
        'to them, then carry a session cookie (or bearer token) plus a CSRF token, and what they may see ' +
        'depends on the member and the match or platform asked for. The sign-in pages and endpoints and ' +
        'the signed links in mail (answer an introduction, one-click unsubscribe) must work without a ' +
        'session, so an API Gateway authorizer would have nothing to check; the stage throttles instead.',
    });
  }

  /** Base URL of the deployed app (ends with /): its custom domain, else the API's own URL. */
  get url(): string {
    return this.customDomain ? `https://${this.customDomain}/` : this.stage.url;
  }
}
