// What a deployed function gets from the synthesised template, for running its bundle on loopback
// (test/infra/bundles.test.ts runs every bundle, test/bench/cold-start.ts times them): the
// environment Lambda would give it and the Input its schedule hands it.

export type TemplateResource = { Type: string; Properties: Record<string, unknown> };

/** The loopback stand-ins for what only exists in AWS. */
export interface Loopback {
  dynamoEndpoint: string;
  sesEndpoint: string;
  /** The Lambda Invoke stub (the batches' fan-out). */
  lambdaEndpoint: string;
  /** A home directory of its own: no shared AWS config from the user's. */
  home: string;
}

export interface EnvironmentOptions {
  stage: string;
  /** The table made in DynamoDB Local for this run: what a Ref of the table resolves to. */
  tableName: string;
  /** What CloudFormation would resolve the SSM secret to at deploy time. */
  secret: string;
  bundleDir: string;
  loopback: Loopback;
  /** APP_URL when the template builds it from the API's own URL (a stage without a domain). */
  appUrl?: string;
}

/** The environment Lambda would give this function, with what only exists in AWS pointed at loopback. */
export function lambdaEnvironment(
  fnId: string,
  fn: TemplateResource,
  resources: Record<string, TemplateResource>,
  o: EnvironmentOptions,
): Record<string, string> {
  const vars = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
  const resolve = (name: string, value: unknown): string => {
    if (typeof value === 'string') {
      // CloudFormation resolves the SSM parameter into the environment at deploy time.
      return value.startsWith('{{resolve:ssm:') ? o.secret : value;
    }
    const ref = (value as { Ref?: string }).Ref;
    const target = ref ? resources[ref] : undefined;
    // Ref of the table is its name: here the table made in DynamoDB Local for this run.
    if (target?.Type === 'AWS::DynamoDB::GlobalTable') return o.tableName;
    // Ref of an SES configuration set is its name.
    if (target?.Type === 'AWS::SES::ConfigurationSet') return String(target.Properties.Name);
    if (name === 'APP_URL' && o.appUrl) return o.appUrl;
    throw new Error(
      `${fnId}: ${name} is ${JSON.stringify(value)}; teach lambdaEnvironment what it resolves to`,
    );
  };
  const fromStack = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, resolve(k, v)]));
  return {
    ...fromStack,
    // What Lambda itself sets (a role's credentials, the region, the function's name) …
    AWS_REGION: 'ap-northeast-1',
    AWS_DEFAULT_REGION: 'ap-northeast-1',
    AWS_ACCESS_KEY_ID: 'ASIALOOPBACK',
    AWS_SECRET_ACCESS_KEY: 'loopback',
    AWS_SESSION_TOKEN: 'loopback',
    AWS_LAMBDA_FUNCTION_NAME: String(fn.Properties.FunctionName ?? `Tsunagu-${o.stage}-${fnId}`),
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.Properties.MemorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.Properties.Runtime}`,
    LAMBDA_TASK_ROOT: o.bundleDir,
    _HANDLER: String(fn.Properties.Handler),
    // … and, instead of AWS, the loopback stand-ins. No metadata service, no user's AWS config.
    DYNAMODB_ENDPOINT: o.loopback.dynamoEndpoint,
    SES_ENDPOINT: o.loopback.sesEndpoint,
    AWS_ENDPOINT_URL_LAMBDA: o.loopback.lambdaEndpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    HOME: o.loopback.home,
    // Lambda runs Node 24; this machine's Node 20 makes the SDK print a notice on each client.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** The start of this hour, as Scheduler writes `<aws.scheduler.scheduled-time>`. */
export function thisHour(): string {
  return new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString().replace('.000Z', 'Z');
}

/**
 * The Input each schedule invoking this function hands it, as the template says, with the time
 * Scheduler fills in (`firedAt`).
 */
export function scheduleInputsOf(
  resources: Record<string, TemplateResource>,
  fnId: string,
  firedAt: string,
): unknown[] {
  return Object.values(resources)
    .filter(
      (r) =>
        r.Type === 'AWS::Scheduler::Schedule' &&
        (r.Properties.Target as { Arn: { 'Fn::GetAtt'?: string[] } }).Arn['Fn::GetAtt']?.[0] === fnId,
    )
    .map((r) => {
      const input = (r.Properties.Target as { Input?: string }).Input;
      return input ? JSON.parse(input.replaceAll('<aws.scheduler.scheduled-time>', firedAt)) : {};
    });
}
