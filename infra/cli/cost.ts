// `npm run cost [-- --members 300] [--platforms 100] [--alarms essential] [--json] [--measure | --shape]`:
// the monthly AWS bill of one deployment with 1 and with P platforms, from Tokyo list prices and
// the counts in infra/cost/measured.json (docs/cost.md). --json prints it as one JSON line.
// --alarms prices another monitoring level (`-c alarms=`), counted in a synthesised stack.
// --measure takes all the counts again first (Java: it starts DynamoDB Local and SES local, seeds
// a 300-member platform) and rewrites measured.json; --shape only recounts what the stack deploys
// (no Java), after a change to infra/.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ALARM_LEVELS, type AlarmLevel } from '../constructs/alarm-levels';
import { measuredSchema } from '../cost/model';
import { costJson, costReport } from '../cost/report';

const MEASURED = new URL('../cost/measured.json', import.meta.url);
const USAGE =
  'usage: npm run cost [-- --members <people per platform, 300>] [--platforms <P, 100>] ' +
  '[--alarms none|essential|full] [--json] [--measure | --shape]';

let values: {
  members?: string;
  platforms?: string;
  alarms?: string;
  json?: boolean;
  measure?: boolean;
  shape?: boolean;
  help?: boolean;
};
try {
  ({ values } = parseArgs({
    options: {
      members: { type: 'string' },
      platforms: { type: 'string' },
      alarms: { type: 'string' },
      json: { type: 'boolean' },
      measure: { type: 'boolean' },
      shape: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(`error: ${(error as Error).message.split('. ')[0]}\n${USAGE}`);
  process.exit(2);
}

const positive = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`error: --${name} must be a whole number of at least 1 (got "${text}")\n${USAGE}`);
    process.exit(2);
  }
  return n;
};

const level = (text: string | undefined): AlarmLevel | undefined => {
  if (text === undefined) return undefined;
  if (!(ALARM_LEVELS as readonly string[]).includes(text)) {
    console.error(`error: --alarms must be one of ${ALARM_LEVELS.join(', ')} (got "${text}")\n${USAGE}`);
    process.exit(2);
  }
  return text as AlarmLevel;
};

if (values.help) {
  console.log(USAGE);
} else {
  const members = positive('members', values.members);
  const platforms = positive('platforms', values.platforms);
  const alarms = level(values.alarms);
  if (values.measure) {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const { measure } = await import('../cost/measure');
    const measured = await measure((line) => console.error(line));
    writeFileSync(MEASURED, `${JSON.stringify(measured, null, 2)}\n`);
    console.error(`wrote ${MEASURED.pathname}\n`);
  } else if (values.shape) {
    const { deploymentShape } = await import('../cost/shape');
    const stored = measuredSchema
      .omit({ deployment: true })
      .parse(JSON.parse(readFileSync(MEASURED, 'utf8')));
    writeFileSync(
      MEASURED,
      `${JSON.stringify({ ...stored, deployment: await deploymentShape() }, null, 2)}\n`,
    );
    console.error(`wrote the deployment's shape into ${MEASURED.pathname}\n`);
  }
  let measured = measuredSchema.parse(JSON.parse(readFileSync(MEASURED, 'utf8')));
  if (alarms && alarms !== measured.deployment.alarmLevel) {
    const { deploymentShape } = await import('../cost/shape');
    measured = { ...measured, deployment: await deploymentShape(alarms) };
  }
  if (values.json) console.log(JSON.stringify(costJson(measured, { members, platforms })));
  else console.log(costReport(measured, { members, platforms }));
}
