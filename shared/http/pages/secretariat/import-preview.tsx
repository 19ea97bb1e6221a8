import type { Platform } from '#domain';
import { IMPORT_TARGETS } from '#import';
import type { ImportPreview, importDraft } from '../../imports';
import { Form, SelectField } from '../forms';
import { inLanguage } from '../language';
import { Bi, Notice } from '../layout';
import { useT, useView } from '../view';
import { adminBase, dateTime, n } from './frame';

// The body of an import's preview page: the file, what importing would do, one select per
// column, and every row's errors (import.tsx serves it).

export const importBase = (platformId: string) => `${adminBase(platformId)}/import`;

const FORMATS: Record<string, { ja: string; en: string }> = {
  'csv-utf8': { ja: 'CSV（UTF-8）', en: 'CSV (UTF-8)' },
  'csv-cp932': { ja: 'CSV（Shift_JIS）', en: 'CSV (Shift_JIS)' },
  'csv-utf16': { ja: 'テキスト（UTF-16）', en: 'Text (UTF-16)' },
  xlsx: { ja: 'Excel（.xlsx）', en: 'Excel (.xlsx)' },
};

/** A refusal's words ("日本語。 English.") in the reader's language. */
export function Said(props: { message: string }) {
  return <>{inLanguage(useView().lang, props.message)}</>;
}

export function ImportPreviewBody(props: {
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
