import type { AuditEntry, Platform } from '#domain';
import { fetchApi } from '../forms';
import { Bi, TableHead } from '../layout';
import { render, useView } from '../view';
import { auditSentence, auditValueText, auditWho } from './audit-words';
import { auditedCsv } from './csv';
import { AdminPage, adminBase, apiBase, type C, dateTime } from './frame';

// The platform's audit log (操作記録) for its secretariat: who did what and when, newest first,
// 50 to a page, and the whole log as CSV (which is itself recorded).

const PAGE_SIZE = 50;

export async function auditPage(c: C, platform: Platform): Promise<Response> {
  const cursor = c.req.query('cursor');
  const page = await fetchApi<{ items: AuditEntry[]; nextCursor: string | null }>(
    c,
    `${apiBase(platform.id)}/audit?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
  );
  const base = adminBase(platform.id);
  return render(
    c,
    <AdminPage platform={platform} ja="操作記録" en="Audit log">
      <p>
        <Bi
          ja="事務局が行った操作（参加の承認・一時停止、会員区分の変更、お知らせの掲載、マッチングやダイジェストの実行、設定の変更）と、CSVの書き出しの記録です。新しい順に並んでいます。記録は5年間保存されます。"
          en="What the secretariat did (decisions on members, tier changes, news, runs, settings) and every CSV export, newest first. Entries are kept for five years."
        />
      </p>
      <p>
        <a href={`${base}/audit.csv`} download>
          <Bi ja="操作記録をCSVでダウンロード" en="Download the audit log (CSV)" />
        </a>
      </p>
      {page.items.length === 0 ? (
        <p>
          <Bi ja="まだ記録はありません。" en="Nothing recorded yet." />
        </p>
      ) : (
        <AuditTable platform={platform} items={page.items} />
      )}
      {page.nextCursor || cursor ? (
        <nav aria-label={useView().lang === 'en' ? 'Pages' : 'ページ'}>
          <ul class="actions">
            {cursor ? (
              <li>
                <a href={`${base}/audit`}>
                  <Bi ja="最新の記録へ" en="Newest entries" />
                </a>
              </li>
            ) : null}
            {page.nextCursor ? (
              <li>
                <a href={`${base}/audit?cursor=${encodeURIComponent(page.nextCursor)}`} rel="next">
                  <Bi ja="さらに前の記録" en="Older entries" />
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </AdminPage>,
  );
}

function AuditTable(props: { platform: Platform; items: AuditEntry[] }) {
  const { lang } = useView();
  return (
    <div class="table-wrap">
      <table class="wide">
        <caption>
          <Bi ja="操作記録（新しい順）" en="Audit log, newest first" />
        </caption>
        <TableHead
          columns={[
            ['日時', 'When'],
            ['内容', 'What happened'],
          ]}
        />
        <tbody>
          {props.items.map((e) => (
            <tr>
              <td class="date">
                <time datetime={e.at}>{dateTime(e.at)}</time>
              </td>
              <td>{auditSentence(e, props.platform, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const CSV_HEADER = [
  '日時',
  '操作',
  '内容',
  '操作した人',
  '操作した人のID',
  '操作した人のメールアドレス',
  '対象の種類',
  '対象のID',
  '対象',
  '変更前',
  '変更後',
  '詳細',
  '記録ID',
];

const TARGET_KINDS: Record<string, string> = {
  organization: '団体',
  news: 'お知らせ',
  run: '実行',
  platform: 'プラットフォーム',
  person: '人',
  export: '書き出し',
};

/** The whole log as CSV, newest first; the export is recorded before the file is handed out. */
export async function auditCsv(c: C, platform: Platform): Promise<Response> {
  const entries = await c.var.ctx.store.audit.all(platform.id);
  const values = (v: AuditEntry['before']) =>
    Object.entries(v ?? {})
      .map(([k, x]) => `${k}: ${auditValueText(k, x, platform)}`)
      .join('; ');
  const rows = entries.map((e) => [
    dateTime(e.at),
    e.action,
    auditSentence(e, platform, 'ja'),
    auditWho(e),
    e.actor.personId,
    e.actor.email,
    e.target ? (TARGET_KINDS[e.target.kind] ?? e.target.kind) : '',
    e.target?.id ?? '',
    e.target?.label ?? '',
    values(e.before),
    values(e.after),
    values(e.detail),
    e.id,
  ]);
  return auditedCsv(c, platform.id, { name: 'audit', action: 'export.audit', header: CSV_HEADER, rows });
}
