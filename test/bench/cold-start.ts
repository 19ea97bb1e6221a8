import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ulid } from 'ulid';
import { bootstrapPlatform } from '#admin';
import { loadLocalConfig, parseConfig } from '#config';
import { createContext } from '#context';
import { sesLocalStore, startStandIns } from '#local';
import { ensureTable } from '#store';
import { lambdaEnvironment, scheduleInputsOf, type TemplateResource, thisHour } from '../support/deployed';
import { httpApiEvent, lambdaInvokeStub, startLambda } from '../support/lambda';
import { deliveryEvent } from '../support/ses-events';

// npm run bench:cold-start -- [--runs 9] [<cloud assembly> …]   (default: cdk.out)
//
// The cold start of every function the stack deploys, as test/infra/bundles.test.ts runs them: a
// fresh Node per run that imports the bundle (cdk.out's asset.<hash>/index.mjs) and handles one
// first event, against DynamoDB Local and SES local, with the environment the template gives the
// function. Run `npm run synth` first (or pass a copy of an older cdk.out to compare): the
// assemblies are measured in turns, run by run, so a busy machine weighs on each alike.
//
// Per function and assembly: the bundle's size, the median time to import it (init) and to answer
// its first event, and their sum; and the CPU time the function's process used for both (from
// /proc: Linux only, 10 ms ticks), which a busy machine disturbs far less than the wall clock.
// This machine's Node (20 here), not Lambda's Node 24 on arm64 with its own CPU share: compare
// the figures with each other, not with Lambda's Init Duration.
//
// First events: api a sign-in link asked for (POST /v1/auth/magic-link: validation, one
// transaction); send the ten-minute sweep, which sends that link mail through SES local; match and
// digest their schedule's dispatch (one platform: one Invoke of the Lambda stub for match); ses-events
// SES's Delivery event of that mail.

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '9' } },
  allowPositionals: true,
});
const RUNS = Number(values.runs);
const copies: string[] = [];
/**
 * An assembly inside the project (cdk.out) is measured from a copy outside it: a bundle there
 * could resolve packages from the project's node_modules, which the deployed zip has not.
 */
function outsideTheProject(assembly: string): string {
  for (let dir = dirname(assembly); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) {
      const copy = join(mkdtempSync(join(tmpdir(), 'cold-start-')), basename(assembly));
      cpSync(assembly, copy, { recursive: true });
      copies.push(dirname(copy));
      return copy;
    }
  }
  return assembly;
}
const given = positionals.length > 0 ? positionals : ['cdk.out'];
const assemblies = given.map((p) => outsideTheProject(resolve(p)));
const ORDER = ['api.ts', 'send.ts', 'ses-events.ts', 'match.ts', 'digest.ts'];
const HOST = 'a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com';
const SECRET = 'cold-start-bench-secret-that-is-at-least-32-characters';

type Resource = TemplateResource;

interface Deployed {
  file: string;
  id: string;
  dir: string;
  kb: number;
  fn: Resource;
  /** The template's resources, for what the function's environment and schedule refer to. */
  resources: Record<string, Resource>;
}

/** The functions of the assembly's one stack, by the file under functions/ they run. */
function deployedOf(assembly: string): Map<string, Deployed> {
  const templateFile = readdirTemplates(assembly);
  const resources = (
    JSON.parse(readFileSync(templateFile, 'utf8')) as { Resources: Record<string, Resource> }
  ).Resources;
  const out = new Map<string, Deployed>();
  for (const [id, fn] of Object.entries(resources)) {
    const file = /^functions\/(\S+) /.exec(String(fn.Properties.Description ?? ''))?.[1];
    if (fn.Type !== 'AWS::Lambda::Function' || !file) continue;
    const hash = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
    const dir = join(assembly, `asset.${hash}`);
    out.set(file, { file, id, dir, kb: statSync(join(dir, 'index.mjs')).size / 1024, fn, resources });
  }
  return out;
}

function readdirTemplates(assembly: string): string {
  const manifest = JSON.parse(readFileSync(join(assembly, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  const stack = Object.values(manifest.artifacts).find((a) => a.type === 'aws:cloudformation:stack');
  if (!stack?.properties?.templateFile) throw new Error(`${assembly}: no stack in the cloud assembly`);
  return join(assembly, stack.properties.templateFile);
}

/** CPU time (user + system) a process has used so far, in ms. */
function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const standIns = await startStandIns({ javaHome: loadLocalConfig().javaHome });
const stub = await lambdaInvokeStub();
const home = mkdtempSync(join(tmpdir(), 'tsunagu-cold-start-'));
const tableName = `cold-start-${ulid()}`;
try {
  const ctx = createContext(
    parseConfig({
      STAGE: 'test',
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: standIns.dynamoEndpoint,
      SES_ENDPOINT: standIns.sesEndpoint,
      LOG_LEVEL: 'silent',
    }),
  );
  await ensureTable(ctx.dynamo, tableName);
  await bootstrapPlatform(
    ctx,
    {
      id: 'coldstart',
      name: 'テスト県 孤独・孤立対策官民連携プラットフォーム',
      level: 'prefecture',
      scope: { prefectures: ['11'], municipalities: [] },
    },
    [`jimukyoku-${ulid().toLowerCase()}@example.jp`],
  );
  const mails = sesLocalStore(standIns.sesEndpoint);

  const loopback = {
    dynamoEndpoint: standIns.dynamoEndpoint,
    sesEndpoint: standIns.sesEndpoint,
    lambdaEndpoint: stub.endpoint,
    home,
  };
  /** The environment Lambda would give the function (test/support/deployed.ts), on loopback. */
  const environmentOf = (d: Deployed): Record<string, string> =>
    lambdaEnvironment(d.id, d.fn, d.resources, {
      stage: 'dev',
      tableName,
      secret: SECRET,
      bundleDir: d.dir,
      loopback,
      // A stage without a domain: the template builds APP_URL from the API's own URL.
      appUrl: `https://${HOST}`,
    });

  async function firstEvent(d: Deployed, run: number): Promise<unknown> {
    switch (d.file) {
      case 'api.ts':
        return httpApiEvent('POST', '/v1/auth/magic-link', {
          host: HOST,
          sourceIp: `198.51.100.${run % 250}`,
          json: { email: `cold-${ulid().toLowerCase()}@example.jp` },
        });
      case 'ses-events.ts': {
        const last = (await mails.list()).at(-1);
        if (!last) throw new Error('no mail in SES local for the Delivery event');
        return deliveryEvent(last);
      }
      default:
        return scheduleInputsOf(d.resources, d.id, thisHour())[0] ?? {};
    }
  }

  const byAssembly = assemblies.map((a) => ({ assembly: a, deployed: deployedOf(a) }));
  const times = new Map<string, { init: number[]; first: number[]; cpu: number[] }>();
  for (let run = 0; run < RUNS; run++) {
    for (const [i, { deployed }] of byAssembly.entries()) {
      for (const file of ORDER) {
        const d = deployed.get(file);
        if (!d) throw new Error(`${assemblies[i]}: no function from functions/${file}`);
        const event = await firstEvent(d, run * byAssembly.length + i);
        const t0 = performance.now();
        const lambda = await startLambda(file, d.dir, environmentOf(d), {
          timeoutSeconds: Number(d.fn.Properties.Timeout),
          memoryMb: Number(d.fn.Properties.MemorySize),
        });
        const t1 = performance.now();
        let cpu = Number.NaN;
        try {
          const answer = (await lambda.ok(event)) as { statusCode?: number; sent?: number };
          // What the event is for happened: the link mail was queued, then sent.
          if (file === 'api.ts' && answer.statusCode !== 202)
            throw new Error(`api.ts answered ${answer.statusCode}`);
          if (file === 'send.ts' && answer.sent !== 1) throw new Error(`send.ts sent ${answer.sent}, not 1`);
          cpu = cpuMsOf(lambda.pid);
        } finally {
          lambda.stop();
        }
        const t2 = performance.now();
        stub.invocations.splice(0);
        const key = `${i}:${file}`;
        const t = times.get(key) ?? { init: [], first: [], cpu: [] };
        t.init.push(t1 - t0);
        t.first.push(t2 - t1);
        t.cpu.push(cpu);
        times.set(key, t);
      }
    }
  }

  // The table for people (stderr), then the benchmark's one JSON line (stdout).
  const result: Record<
    string,
    Record<string, { kb: number; initMs: number; firstMs: number; totalMs: number; cpuMs: number }>
  > = {};
  console.error(`Node ${process.version}, ${RUNS} runs each, medians in ms (not Lambda: see the header)`);
  for (const [i, { deployed }] of byAssembly.entries()) {
    const name = resolve(given[i]!);
    console.error(`\n${name}`);
    console.error('function          bundle KB   init  first event  total    CPU');
    const row: (typeof result)[string] = {};
    for (const file of ORDER) {
      const d = deployed.get(file)!;
      const t = times.get(`${i}:${file}`)!;
      const figures = {
        kb: Math.round(d.kb),
        initMs: Math.round(median(t.init)),
        firstMs: Math.round(median(t.first)),
        totalMs: Math.round(median(t.init.map((x, j) => x + t.first[j]!))),
        cpuMs: Math.round(median(t.cpu)),
      };
      row[file.replace(/\.ts$/, '')] = figures;
      const cells = Object.values(figures).map((n, j) => String(n).padStart([10, 6, 12, 6, 6][j]!));
      console.error(`${file.padEnd(16)} ${cells.join(' ')}`);
    }
    result[name] = row;
  }
  console.log(JSON.stringify({ bench: 'cold-start', node: process.version, runs: RUNS, assemblies: result }));
} finally {
  await stub.stop();
  await standIns.stop();
  rmSync(home, { recursive: true, force: true });
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
}
