// `npm run cost [-- --members 300] [--platforms 100] [--measure]`: the monthly AWS bill of one
// deployment with 1 and with P platforms, from Tokyo list prices and the counts in
// infra/cost/measured.json (docs/cost.md). --measure takes those counts again first: it starts
// DynamoDB Local (Java) and SES local, seeds a 300-member platform and rewrites measured.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { measuredSchema } from '../cost/model';
import { costReport } from '../cost/report';

const MEASURED = new URL('../cost/measured.json', import.meta.url);
const USAGE =
  'usage: npm run cost [-- --members <people per platform, 300>] [--platforms <P, 100>] [--measure]';

let values: { members?: string; platforms?: string; measure?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      members: { type: 'string' },
      platforms: { type: 'string' },
      measure: { type: 'boolean' },
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

if (values.help) {
  console.log(USAGE);
} else {
  const members = positive('members', values.members);
  const platforms = positive('platforms', values.platforms);
  if (values.measure) {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const { measure } = await import('../cost/measure');
    const measured = await measure((line) => console.error(line));
    writeFileSync(MEASURED, `${JSON.stringify(measured, null, 2)}\n`);
    console.error(`wrote ${MEASURED.pathname}\n`);
  }
  const measured = measuredSchema.parse(JSON.parse(readFileSync(MEASURED, 'utf8')));
  console.log(costReport(measured, { members, platforms }));
}
