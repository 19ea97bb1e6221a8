import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import { bootstrapPlatform } from '#admin';
import { loadLocalConfig, parseConfig } from '#config';
import { createContext } from '#context';
import type { Actor } from '#domain';
import { previewImport, runImport, uploadMemberList } from '#http';
import { startStandIns } from '#local';
import { sesMailer } from '#mail';
import { ensureTable } from '#store';

// npm run bench:import [-- --rows 2000]
//
// A secretariat's member list of --rows organisations (CP932 CSV, as Excel saves it) imported
// into a fresh platform against its own DynamoDB Local and SES local: the upload (read, decoded,
// kept), the preview (every row read and checked), the import (one transaction per row with its
// invitation mail), then the same file again (nothing written). Calls the functions the API
// routes call (shared/http/imports.ts), so everything but HTTP framing is in the time. Prints ONE
// JSON line; the goal is a 2,000-row import under 30 s on this machine.

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '2000' }, concurrency: { type: 'string' } },
});
const ROWS = Number(values.rows);
const options = values.concurrency ? { concurrency: Number(values.concurrency) } : {};
const PLATFORM = 'bench-import';

const places = [
  'さいたま市浦和区高砂3-15-1',
  '埼玉県川口市本町1-1',
  '熊谷市宮町2-47',
  '北足立郡伊奈町小室1',
  '所沢市並木1-1-1',
];
const tiers = ['会員', '協力会員', '賛助会員', ''];
const lines = [
  '会員番号,団体名,フリガナ,法人格,所在地,担当者氏名,メールアドレス,会員区分,活動内容',
  ...Array.from(
    { length: ROWS },
    (_, i) =>
      `${i + 1},特定非営利活動法人 ベンチつながり${i + 1},ベンチツナガリ,NPO法人,${places[i % places.length]},担当 太郎${i + 1},m${i + 1}@bench-import.example.jp,${tiers[i % tiers.length]},"子どもの居場所と学習支援
月2回の食事会"`,
  ),
];
const file = new Uint8Array(iconv.encode(`${lines.join('\r\n')}\r\n`, 'cp932'));

const standIns = await startStandIns({ javaHome: loadLocalConfig().javaHome });
try {
  const config = parseConfig({
    STAGE: 'test',
    TABLE_NAME: 'bench-import',
    DYNAMODB_ENDPOINT: standIns.dynamoEndpoint,
    SES_ENDPOINT: standIns.sesEndpoint,
    APP_URL: 'http://tsunagu.test',
    LOG_LEVEL: 'silent',
  });
  const ctx = createContext(config, { mailer: sesMailer(config) });
  await ensureTable(ctx.dynamo, config.tableName);
  await bootstrapPlatform(
    ctx,
    {
      id: PLATFORM,
      name: 'ベンチ県 孤独・孤立対策官民連携プラットフォーム',
      level: 'prefecture',
      scope: { prefectures: ['11'], municipalities: [] },
    },
    ['jimukyoku@bench-import.example.jp'],
  );
  const platform = await ctx.store.platforms.require(PLATFORM);
  const person = (await ctx.store.people.getByEmail('jimukyoku@bench-import.example.jp'))!;
  const actor: Actor = { person, orgRoles: new Map(), secretariatOf: new Set([PLATFORM]) };

  const time = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const out = await work();
    return [out, Math.round(performance.now() - started)];
  };
  const [upload, uploadMs] = await time(() => uploadMemberList(ctx, actor, platform, { bytes: file }));
  const choice = { mapping: upload.mapping };
  const [preview, previewMs] = await time(() => previewImport(ctx, actor, platform, upload.id, choice));
  const [result, importMs] = await time(() => runImport(ctx, actor, platform, upload.id, choice, options));
  const again = await uploadMemberList(ctx, actor, platform, { bytes: file });
  const [rerun, rerunMs] = await time(() =>
    runImport(ctx, actor, platform, again.id, { mapping: again.mapping }),
  );
  const line = {
    bench: 'import',
    rows: ROWS,
    fileBytes: file.byteLength,
    uploadMs,
    previewMs,
    importMs,
    totalMs: uploadMs + previewMs + importMs,
    goalMs: 30_000,
    created: result.new,
    invited: result.invited,
    invalid: preview.invalid,
    rerunMs,
    rerunWritten: rerun.new + rerun.changed,
    rerunInvited: rerun.invited,
    load1: Math.round(loadavg()[0]! * 100) / 100,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
} finally {
  await standIns.stop();
}
