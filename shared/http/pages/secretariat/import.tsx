import { type Actor, DomainError, type Platform } from '#domain';
import { runImport } from '../../import-run';
import {
  type ImportPreview,
  type ImportResult,
  importDraft,
  previewImport,
  uploadMemberList,
} from '../../imports';
import { Bi, Notice } from '../layout';
import { render, useView } from '../view';
import { AdminPage, type C, countParam, n } from './frame';
import { ImportPreviewBody, importBase, Said } from './import-preview';

// The member import's pages (issue 17.7): choose a file; see what each column will mean and
// every row's errors, change the meanings and look again; import. Nothing is written before the
// secretariat presses 「取り込む」, and then only rows without errors (docs/web.md).

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
        />{' '}
        <a href={`/platforms/${platform.id}/admin/members/new`}>
          <Bi
            ja="サインインしない団体を1団体だけ登録する場合は、手入力で登録できます。"
            en="A single group that will not sign in can be registered by hand."
          />
        </a>
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
