// CDK entry (cdk.json "app"): `npx cdk synth -c stage=prod -c senderDomain=example.jp`.
import { App } from 'aws-cdk-lib';
import { loadDeployTarget } from '#config';
import { TsunaguStack, tsunaguSettings } from './stack';

const app = new App();

const context = (key: string): unknown => {
  const value = app.node.tryGetContext(key);
  return value === '' ? undefined : value; // `-c key=` means "not set"
};

const parsed = tsunaguSettings.safeParse({
  stage: context('stage'),
  senderEmail: context('senderEmail'),
  senderDomain: context('senderDomain'),
  appUrl: context('appUrl'),
  secretParameter: context('secretParameter'),
  sesMaxSendRate: context('sesMaxSendRate'),
  alarmEmail: context('alarmEmail'),
  matchHour: context('matchHour'),
});
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
