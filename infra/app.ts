// CDK entry (cdk.json "app"): `npx cdk synth -c stage=prod -c senderDomain=example.jp`.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadDeployTarget } from '#config';
import { settingsFromContext, TsunaguStack } from './stack';

const app = new App();

const parsed = settingsFromContext(app);
if (!parsed.success) {
  const lines = parsed.error.issues.map((i) => `  -c ${i.path.join('.') || '(context)'}: ${i.message}`);
  console.error(`Invalid CDK context:\n${lines.join('\n')}`);
  process.exit(1);
}
const settings = parsed.data;

// CDK_DEFAULT_* come from the caller's profile (read in shared/config.ts, like every variable).
// Without credentials (CI, offline synth) the stack stays environment-agnostic. tsunagu is meant
// for ap-northeast-1: deploy with AWS_REGION=ap-northeast-1 or a profile set to it.
const { account, region } = loadDeployTarget();

new TsunaguStack(app, `Tsunagu-${settings.stage}`, {
  settings,
  env: account ? { account, region } : undefined,
});

// cdk-nag's AWS Solutions rules run on every synth and deploy: a finding that is an error stops
// it, a warning is printed. Each accepted finding is acknowledged in the construct that owns the
// resource, as `AwsSolutions::<rule>` with its reason, and listed with it under
// suppressedViolations in cdk.out/validation-report.json.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
