import type { Platform } from '#domain';
import type { RegisteredMember } from '../../member-register';
import {
  callApi,
  errorsOf,
  Form,
  type FormErrors,
  type FormValues,
  formValues,
  SelectField,
  TextField,
} from '../forms';
import { Bi } from '../layout';
import { OrganizationFields, organizationBody } from '../organizations/fields';
import { render } from '../view';
import { AdminPage, adminBase, apiBase, type C, failureStatus } from './frame';

// 会員を手入力で登録: one organisation registered by the secretariat for a group that will never
// sign in (POST /v1/platforms/{id}/members). The organisation form, its tier and the platform's
// own member number; afterwards its profile, with the state of the confirmation mail.

function memberForm(
  c: C,
  platform: Platform,
  values: FormValues,
  errors: FormErrors = {},
  status: 200 | 400 | 409 | 429 = 200,
) {
  const base = adminBase(platform.id);
  return render(
    c,
    <AdminPage platform={platform} ja="会員を手入力で登録" en="Register a member by hand">
      <p>
        <Bi
          ja="サインインしない団体（メールだけで連絡を受けたい団体など）を、事務局が会員として登録します。団体の方への招待はお送りせず、連絡先メールアドレスに確認用のリンクだけをお送りします。確認が済むと、お知らせやつながりのご提案がそのアドレスに届きます。"
          en="Register a group that will not sign in (one that only wants mail, for example). Nobody is invited; the contact address gets a confirmation link, and once it is opened the platform's news and introductions go there."
        />
      </p>
      <p class="note">
        <Bi
          ja="団体の方にご自身で管理していただく場合や、多くの団体をまとめて登録する場合は、"
          en="To have the organisation look after itself, or to register many at once, use "
        />
        <a href={`${base}/import`}>
          <Bi ja="名簿の取り込み" en="the member import" />
        </a>
        <Bi
          ja="をお使いください（連絡先の方に招待をお送りします）。"
          en=" (it invites each contact person)."
        />
      </p>
      <Form action={`${base}/members/new`} values={values} errors={errors}>
        <OrganizationFields bySecretariat />
        <SelectField
          name="tier"
          ja="会員区分"
          en="Tier"
          required
          options={platform.tiers.map((t) => ({ value: t.id, label: t.ja, en: t.en }))}
        />
        <TextField
          name="memberNumber"
          ja="会員番号"
          en="Member number"
          maxlength={64}
          hint={
            <Bi
              ja="事務局の名簿の番号です。あとで名簿を取り込むとき、この番号（なければ団体名）で同じ団体とみなします。"
              en="Your list's number for it: a later import matches the organisation by it (else by name)."
            />
          }
        />
        <p class="actions">
          <button type="submit">
            <Bi ja="会員として登録する" en="Register" />
          </button>
          <a href={`${base}/memberships`}>
            <Bi ja="やめる" en="Cancel" />
          </a>
        </p>
      </Form>
    </AdminPage>,
    status,
  );
}

export const newMemberPage = (c: C, platform: Platform) =>
  memberForm(c, platform, { tier: platform.tiers[0]!.id });

/** The API's errors name `organization.<field>`; the form's fields are the organisation form's. */
function formErrors(errors: FormErrors): FormErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([path, m]) => [path.replace(/^organization\./, ''), m]),
  );
}

export async function registerMemberByHand(c: C, platform: Platform): Promise<Response> {
  const values = await formValues(c);
  if (values._refresh) return memberForm(c, platform, values);
  const { tier, memberNumber, ...organization } = organizationBody(values);
  const result = await callApi<RegisteredMember>(c, 'POST', `${apiBase(platform.id)}/members`, {
    organization,
    tier,
    ...(typeof memberNumber === 'string' && memberNumber.trim() !== '' ? { memberNumber } : {}),
  });
  if (!result.ok) {
    const { problem } = result;
    // The same group again: said at the field that makes it the same (number, else name).
    const errors = problem.type.endsWith('/member-exists')
      ? { [memberNumber && problem.detail.includes('会員番号') ? 'memberNumber' : 'name']: problem.detail }
      : formErrors(errorsOf(problem));
    return memberForm(c, platform, values, errors, failureStatus(problem));
  }
  const { organization: org, contactMail } = result.data;
  return c.redirect(`/organizations/${org.id}?registered=${contactMail}`, 303);
}
