import { type Actor, DomainError, type Platform } from '#domain';
import { IMPORT_TARGETS } from '#import';
import {
  type ImportPreview,
  type ImportResult,
  importDraft,
  previewImport,
  runImport,
  uploadMemberList,
} from '../../imports';
import { Form, SelectField } from '../forms';
import { inLanguage } from '../language';
import { Bi, Notice } from '../layout';
import { render, useT, useView } from '../view';
import { AdminPage, adminBase, type C, countParam, dateTime, n } from './frame';

// The member import's pages (issue 17.7): choose a file; see what each column will mean and
// every row's errors, change the meanings and look again; import. Nothing is written before the
// secretariat presses 「取り込む」, and then only rows without errors (docs/web.md).

const FORMATS: Record<string, { ja: string; en: string }> = {
  'csv-utf8': { ja: 'CSV（UTF-8）', en: 'CSV (UTF-8)' },
  'csv-cp932': { ja: 'CSV（Shift_JIS）', en: 'CSV (Shift_JIS)' },
  'csv-utf16': { ja: 'テキスト（UTF-16）', en: 'Text (UTF-16)' },
  xlsx: { ja: 'Excel（.xlsx）', en: 'Excel (.xlsx)' },
};

const importBase = (platformId: string) => `${adminBase(platformId)}/import`;

/** A refusal's words ("日本語。 English.") in the reader's language. */
function Said(props: { message: string }) {
  return <>{inLanguage(useView().lang, props.message)}</>;
}

/** The file form: a multipart form, so the CSRF token is one of its fields. */
function FileForm(props: { action: string }) {
  const { csrf } = useView();
  return (
    <form method="post" action={props.action} enctype="multipart/form-data">
      <input type="hidden" name="_csrf" value={csrf} />
      <div class="field">
        <label for="f-file">
          <Bi ja="名簿のファイル" en="Member list file" />
        </label>
        <input
          id="f-file"
          type="file"
          name="file"
          required
          accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        />
      </div>
      <p class="actions">
        <button type="submit">
          <Bi ja="読み込んで確認する" en="Read and check" />
        </button>
      </p>
    </form>
  );
}

/** 取り込み: the file form, and what the last import did. */
export function importPage(c: C, platform: Platform, failure?: { message: string; status: 400 }) {
  const done = c.req.query('done') === 'imported';
  const counts = ['new', 'changed', 'unchanged', 'invalid', 'invited', 'skipped'].map(
    (k) => countParam(c, k) ?? 0,
  );
  return render(
    c,
    <AdminPage platform={platform} ja="会員名簿の取り込み" en="Import members">
      {done ? (
        <Notice>
          <Bi
            ja={`取り込みました。新しい会員 ${n(counts[0]!)}団体（招待メール ${n(counts[4]!)}通）、更新 ${n(counts[1]!)}団体、変更なし ${n(counts[2]!)}団体、エラーのため取り込まなかった行 ${n(counts[3]!)}行。`}
            en={`Imported: ${n(counts[0]!)} new members (${n(counts[4]!)} invitations), ${n(counts[1]!)} updated, ${n(counts[2]!)} unchanged, ${n(counts[3]!)} rows left out for errors.`}
          />
        </Notice>
      ) : null}
      {failure ? (
        <Notice kind="error">
          <Said message={failure.message} />
        </Notice>
      ) : null}
      <p>
        <Bi
          ja="いまお使いの会員名簿（Excel や Google フォームから書き出したもの）を取り込み、会員団体として登録します。各団体のご担当者には、団体の管理者として参加していただくための招待メールが届きます。"
          en="Import the member list you keep today (from Excel or Google Forms) as member organisations. Each contact person is invited by mail to look after their organisation."
        />
      </p>
      <ul>
        <li>
          <Bi
            ja="CSV（UTF-8 または Shift_JIS）か Excel ファイル（.xlsx）。1行目が見出し、2行目から1行に1団体。4 MB・5,000行まで。"
            en="CSV (UTF-8 or Shift_JIS) or Excel (.xlsx): headers on the first row, one organisation per row. Up to 4 MB and 5,000 rows."
          />
        </li>
        <li>
          <Bi
            ja="次の画面で、各列の意味と、行ごとのエラーを確認できます。この時点では何も登録されません。"
            en="The next page shows what each column means and every row's errors. Nothing is registered yet."
          />
        </li>
        <li>
          <Bi
            ja="同じファイルをもう一度取り込んでも、変わった行だけが更新され、招待メールが重ねて届くことはありません。"
            en="Importing the same file again only updates rows that changed, and sends no second invitation."
          />
        </li>
      </ul>
      <FileForm action={importBase(platform.id)} />
    </AdminPage>,
    failure?.status ?? 200,
  );
}

/** POST of the file form: keeps the upload and shows its preview. */
export async function uploadImport(c: C, platform: Platform, actor: Actor): Promise<Response> {
  const body = await c.req.parseBody();
  const file = body.file;
  if (!(file instanceof File) || file.size === 0) {
    return importPage(c, platform, { message: 'ファイルを選んでください。 Choose a file.', status: 400 });
  }
  try {
    const upload = await uploadMemberList(c.var.ctx, actor, platform, {
      bytes: new Uint8Array(await file.arrayBuffer()),
      name: file.name,
    });
    return c.redirect(`${importBase(platform.id)}/${upload.id}`, 303);
  } catch (error) {
    if (!(error instanceof DomainError) || error.status !== 400) throw error;
    return importPage(c, platform, { message: error.errors?.[0]?.message ?? error.detail, status: 400 });
  }
}

/** The chosen meanings from a form (m0, m1, …) or none (the first guess). */
function mappingFrom(values: Record<string, unknown>, columns: number): (string | null)[] | undefined {
  if (!Object.keys(values).some((k) => /^m\d+$/.test(k))) return undefined;
  return Array.from({ length: columns }, (_, i) => {
    const v = values[`m${i}`];
    return typeof v === 'string' && v !== '' ? v : null;
  });
}

/** The preview of one upload: the meanings to choose, the counts, every error. */
export async function importPreviewPage(
  c: C,
  platform: Platform,
  actor: Actor,
  chosen?: { mapping: (string | null)[]; defaultTier?: string | undefined },
): Promise<Response> {
  const importId = c.req.param('importId') ?? '';
  const draft = await importDraft(c.var.ctx, actor, platform, importId);
  const choice = chosen ?? { mapping: draft.mapping };
  let preview: ImportPreview | undefined;
  let problems: string[] = [];
  try {
    preview = await previewImport(c.var.ctx, actor, platform, importId, choice);
  } catch (error) {
    if (!(error instanceof DomainError) || error.status !== 400) throw error;
    problems = (error.errors ?? []).map((e) => e.message);
  }
  const values: Record<string, string> = Object.fromEntries(
    draft.headers.map((_, i) => [`m${i}`, choice.mapping[i] ?? '']),
  );
  values.defaultTier = choice.defaultTier ?? platform.tiers[0]!.id;
  return render(
    c,
    <AdminPage platform={platform} ja="取り込む内容の確認" en="Check the import">
      <ImportPreviewBody
        platform={platform}
        draft={draft}
        preview={preview}
        problems={problems}
        values={values}
      />
    </AdminPage>,
    problems.length > 0 ? 400 : 200,
  );
}

function ImportPreviewBody(props: {
  platform: Platform;
  draft: Awaited<ReturnType<typeof importDraft>>;
  preview: ImportPreview | undefined;
  problems: string[];
  values: Record<string, string>;
}) {
  const t = useT();
  const { draft, preview, platform } = props;
  const format = FORMATS[draft.format] ?? { ja: draft.format, en: draft.format };
  const options = IMPORT_TARGETS.map((x) => ({ value: x.id, label: x.ja, en: x.en }));
  return (
    <>
      <p class="note">
        {draft.fileName ? `${draft.fileName} ・ ` : ''}
        {t(format.ja, format.en)} ・ {t(`${n(draft.rowCount)}行`, `${n(draft.rowCount)} rows`)} ・{' '}
        {t(`${dateTime(draft.expiresAt)} まで保管`, `kept until ${dateTime(draft.expiresAt)}`)}
      </p>
      {props.problems.length > 0 ? (
        <Notice kind="error">
          {props.problems.map((m) => (
            <p>
              <Said message={m} />
            </p>
          ))}
        </Notice>
      ) : null}
      {preview ? (
        <p>
          <Bi
            ja={`取り込むと：新しい会員 ${n(preview.new)}団体、更新 ${n(preview.changed)}団体、変更なし ${n(preview.unchanged)}団体。エラーのある ${n(preview.invalid)}行は取り込みません（ファイルを直して、もう一度取り込めます）。`}
            en={`Importing would add ${n(preview.new)} new members, update ${n(preview.changed)}, leave ${n(preview.unchanged)} unchanged. ${n(preview.invalid)} rows with errors are left out (fix the file and import again).`}
          />
        </p>
      ) : null}
      <Form action={`${importBase(platform.id)}/${draft.id}`} values={props.values}>
        <h2>
          <Bi ja="各列の意味" en="What each column means" />
        </h2>
        {draft.headers.map((header, i) => (
          <SelectField
            name={`m${i}`}
            ja={`${i + 1}列目「${header}」`}
            en={`Column ${i + 1} "${header}"`}
            placeholder={t('（取り込まない）', '(not imported)')}
            options={options}
          />
        ))}
        <SelectField
          name="defaultTier"
          ja="会員区分の列がない・空の行の会員区分"
          en="Tier of rows without one"
          required
          options={platform.tiers.map((x) => ({ value: x.id, label: x.ja, en: x.en }))}
        />
        <p class="actions">
          <button type="submit" class="secondary" name="action" value="preview">
            <Bi ja="確認をやり直す" en="Check again" />
          </button>
          {preview && preview.new + preview.changed > 0 ? (
            <button type="submit" name="action" value="run">
              <Bi
                ja={`${n(preview.new + preview.changed)}団体を取り込む`}
                en={`Import ${n(preview.new + preview.changed)} organisations`}
              />
            </button>
          ) : null}
          <a href={importBase(platform.id)}>
            <Bi ja="別のファイルを選ぶ" en="Choose another file" />
          </a>
        </p>
      </Form>
      {preview && preview.errors.length > 0 ? (
        <>
          <h2>
            <Bi
              ja={`エラーのある行（${n(preview.invalid)}行）`}
              en={`Rows with errors (${n(preview.invalid)})`}
            />
          </h2>
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('行', 'Row')}</th>
                  <th scope="col">{t('列', 'Column')}</th>
                  <th scope="col">{t('内容', 'Problem')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.errors.map((e) => (
                  <tr>
                    <td>{e.line}</td>
                    <td>{e.column}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}

/** POST of the preview form: look again with the chosen meanings, or import. */
export async function submitImport(c: C, platform: Platform, actor: Actor): Promise<Response> {
  const importId = c.req.param('importId') ?? '';
  const body = await c.req.parseBody();
  const draft = await importDraft(c.var.ctx, actor, platform, importId);
  const mapping = mappingFrom(body, draft.headers.length) ?? draft.mapping;
  const defaultTier =
    typeof body.defaultTier === 'string' && body.defaultTier !== '' ? body.defaultTier : undefined;
  const choice = { mapping, defaultTier };
  if (body.action !== 'run') return importPreviewPage(c, platform, actor, choice);
  let result: ImportResult;
  try {
    result = await runImport(c.var.ctx, actor, platform, importId, choice);
  } catch (error) {
    if (!(error instanceof DomainError) || error.status !== 400) throw error;
    return importPreviewPage(c, platform, actor, choice);
  }
  const q = new URLSearchParams({
    done: 'imported',
    new: String(result.new),
    changed: String(result.changed),
    unchanged: String(result.unchanged),
    invalid: String(result.invalid),
    invited: String(result.invited),
    skipped: String(result.skipped),
  });
  return c.redirect(`${importBase(platform.id)}?${q}`, 303);
}
