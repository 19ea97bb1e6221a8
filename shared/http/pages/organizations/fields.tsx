import { LEGAL_FORMS, type LegalForm } from '#domain';
import {
  type FormShape,
  type FormValues,
  Legend,
  LocationPicker,
  SelectField,
  TextArea,
  TextField,
  Toggle,
  toBody,
} from '../forms';
import { Bi } from '../layout';
import { useT } from '../view';
import { PROFILE_BOOLEANS, PROFILE_LISTS, ProfileFields } from './profile-fields';

// The organisation form's fields (register and edit), and the form as the API's JSON body.

const legalFormOptions = (Object.keys(LEGAL_FORMS) as LegalForm[]).map((id) => ({
  value: id,
  label: LEGAL_FORMS[id].ja,
  en: LEGAL_FORMS[id].en,
}));
/** The form's groups always go as objects, so a blank group is named field by field. */
export function organizationBody(values: FormValues, shape: FormShape = {}) {
  const body = toBody(values, {
    booleans: ['directoryListed', ...PROFILE_BOOLEANS],
    lists: [...PROFILE_LISTS],
    ...shape,
  });
  body.location ??= {};
  body.contact ??= {};
  return body;
}
/** `bySecretariat`: the secretariat registers a group that will not sign in (its contact is told so). */
export function OrganizationFields({ bySecretariat = false }: { bySecretariat?: boolean } = {}) {
  return (
    <>
      <TextField name="name" ja="団体名" en="Name" required maxlength={200} autocomplete="organization" />
      <TextField
        name="nameKana"
        ja="団体名のふりがな"
        en="Name in kana"
        maxlength={200}
        hint="例：かわぐちこどもしょくどうねっと"
      />
      <SelectField
        name="legalForm"
        ja="法人格・団体の種類"
        en="Legal form"
        required
        placeholder={useT()('選んでください', 'Choose')}
        options={legalFormOptions}
        hint={<Bi ja="法人格がなくても登録できます（任意団体・個人など）。" en="No legal form is needed." />}
      />
      <LocationPicker
        hint={<Bi ja="団体の所在地です。市区町村は任意です。" en="Where the organisation is based." />}
      />
      <ProfileFields />
      <TextArea
        name="description"
        ja="団体の紹介"
        en="About the organisation"
        rows={5}
        maxlength={2000}
        hint={<Bi ja="活動内容や対象の方など。2000文字まで。" en="What you do and for whom." />}
      />
      <TextField
        name="website"
        ja="ウェブサイト"
        en="Website"
        inputmode="url"
        autocomplete="url"
        maxlength={500}
        hint={
          <Bi
            ja="例: example.org（https:// は省略できます）。"
            en="For example example.org; https:// may be left out."
          />
        }
      />
      <fieldset class="field">
        <Legend ja="連絡先" en="Contact" required />
        <p class="hint">
          {bySecretariat ? (
            <Bi
              ja="このアドレスに確認メールをお送りします。確認が済むと、この団体あてのメール（お知らせ、つながりのご提案など）はこのアドレスに届きます。相手の団体には、つながりのご提案を双方が承諾したときだけお知らせします。"
              en="A confirmation link goes to this address; once it is opened, the organisation's mail (news, introductions) comes here. Partners see it only once both accept an introduction."
            />
          ) : (
            <Bi
              ja="つながりのご提案を双方が承諾したときだけ、相手の団体にお知らせします。あなたのサインイン用アドレス以外のときは、そのアドレスに確認メールをお送りし、確認が済むまでは団体の管理者にメールをお送りします。"
              en="Shared with another organisation only when both accept an introduction. Another address than your own gets a confirmation link first; until it is opened, mail goes to the owners."
            />
          )}
        </p>
        <TextField
          name="contact.name"
          ja="担当者名"
          en="Contact person"
          required
          maxlength={100}
          autocomplete="name"
        />
        <TextField
          name="contact.email"
          type="email"
          ja="メールアドレス"
          en="Email"
          required
          inputmode="email"
          autocomplete="email"
        />
      </fieldset>
      <Toggle
        name="directoryListed"
        ja="公開の会員名簿に団体名を載せる（任意）"
        en={
          bySecretariat
            ? 'List it in the public member directory (optional)'
            : 'List us in the public member directory (optional)'
        }
        hint={
          <Bi
            ja="承認されたプラットフォームの会員名簿に、団体名・種類・所在地・活動分野・活動内容・活動地域・紹介・ウェブサイトが載ります。担当者名・メールアドレス・代表者名・電話番号は載りません。"
            en="Only organisation details are listed, never the contact person, the representative or the phone."
          />
        }
      />
    </>
  );
}
