import {
  activityLabel,
  byLanguage,
  fieldLabel,
  isActivity,
  isFieldSlug,
  type Language,
  LEGAL_FORMS,
  type LegalForm,
  ORGANIZATION_FIELDS,
  type Organization,
  type OrganizationInFull,
  regionLabel,
  SIZE_RANGE_LABELS,
  type SizeRange,
} from '#domain';
import { Form, type FormErrors, type FormValues, flatten } from '../forms';
import { Bi, Notice, Page, Title } from '../layout';
import { render } from '../view';
import { type C, type FormStatus, Lines } from './common';
import { ContactStatus } from './contact';
import { OrganizationFields } from './fields';

// Register an organisation, and edit its profile; after a version conflict the edit form shows
// what is saved now where it differs from what was typed.

export function newPage(c: C, values: FormValues, errors: FormErrors = {}, status: FormStatus = 200) {
  return render(
    c,
    <Page title="団体を登録する" titleEn="Register an organisation">
      <Title ja="団体を登録する" en="Register an organisation" />
      <p>
        <Bi
          ja="登録したあなたが、この団体の管理者になります。登録のあと、プラットフォームへの参加を申し込めます。"
          en="You become the owner of the organisation. Then you can apply to a platform."
        />
      </p>
      <Form action="/organizations/new" values={values} errors={errors}>
        <OrganizationFields />
        <p class="actions">
          <button type="submit">
            <Bi ja="登録する" en="Register" />
          </button>
          <a href="/">
            <Bi ja="やめる" en="Cancel" />
          </a>
        </p>
      </Form>
    </Page>,
    status,
  );
}

/** A form value in words, for the "saved meanwhile" notice: labels for codes, joined lists. */
function valueText(name: string, v: FormValues[string], lang: Language): string {
  const all = (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => x.trim()).filter(Boolean);
  const label = (s: string): string => {
    if (name === 'legalForm') return LEGAL_FORMS[s as LegalForm]?.[lang] ?? s;
    if (
      name.startsWith('location.') ||
      name.startsWith('activityArea.p') ||
      name.startsWith('activityArea.m')
    )
      return regionLabel(s, lang);
    if (name === 'activityFields') return isFieldSlug(s) ? fieldLabel(s, lang) : s;
    if (name === 'activities') return isActivity(s) ? activityLabel(s, lang) : s;
    if (name === 'staffRange' || name === 'volunteerRange')
      return SIZE_RANGE_LABELS[s as SizeRange]?.[lang] ?? s;
    return s;
  };
  if (name === 'directoryListed' || name === 'activityArea.nationwide') {
    const on = all[0] === 'on';
    if (name === 'directoryListed')
      return on ? byLanguage(lang, '載せる', 'Listed') : byLanguage(lang, '載せない', 'Not listed');
    return on ? byLanguage(lang, 'はい', 'Yes') : '';
  }
  return [...all]
    .sort()
    .map(label)
    .join(lang === 'en' ? ', ' : '・');
}

/** Fields where what is saved now differs from what the person typed (after a stale-version 409). */
export function changedMeanwhile(
  current: Organization,
  values: FormValues,
  lang: Language = 'ja',
): { label: string; now: string }[] {
  const saved = flatten(current);
  return ORGANIZATION_FIELDS.flatMap((f) => {
    const now = valueText(f.key, saved[f.key], lang);
    return now !== valueText(f.key, values[f.key], lang)
      ? [{ label: f[lang], now: now || (lang === 'en' ? '(blank)' : '（空欄）') }]
      : [];
  });
}

export function editPage(
  c: C,
  org: OrganizationInFull,
  values: FormValues,
  errors: FormErrors = {},
  status: FormStatus = 200,
  conflict?: { label: string; now: string }[],
) {
  return render(
    c,
    <Page title={`${org.name}の情報を編集`} titleEn="Edit the profile">
      <p class="note">
        <a href={`/organizations/${org.id}`}>{org.name}</a>
      </p>
      <Title ja="団体の情報を編集" en="Edit the profile" />
      {org.contactVerified === false ? (
        <Notice>
          <div>
            <Bi ja="連絡先メールアドレス" en="Contact address" />: {org.contact.email}{' '}
            <ContactStatus org={org} editor />
          </div>
        </Notice>
      ) : null}
      {conflict ? (
        <Notice kind="error">
          <p>
            <Bi
              ja="下のフォームには、あなたの入力がそのまま残っています。このまま保存すると、あなたの内容で上書きされます。"
              en="The form below keeps what you typed. Saving it now replaces the other change."
            />
          </p>
          {conflict.length > 0 ? (
            <>
              <p>
                <Bi
                  ja="いま保存されている内容（あなたの入力と違う項目）："
                  en="Saved now, where it differs:"
                />
              </p>
              <dl class="facts">
                {conflict.map((d) => (
                  <>
                    <dt>{d.label}</dt>
                    <dd>
                      <Lines text={d.now} />
                    </dd>
                  </>
                ))}
              </dl>
            </>
          ) : null}
        </Notice>
      ) : null}
      <Form action={`/organizations/${org.id}/edit`} values={values} errors={errors}>
        <input type="hidden" name="version" value={String(values.version ?? org.version)} />
        <OrganizationFields />
        <p class="actions">
          <button type="submit">
            <Bi ja="保存する" en="Save" />
          </button>
          <a href={`/organizations/${org.id}`}>
            <Bi ja="やめる" en="Cancel" />
          </a>
        </p>
      </Form>
    </Page>,
    status,
  );
}
