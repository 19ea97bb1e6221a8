import type { Platform } from '#domain';
import {
  callApi,
  errorsOf,
  Form,
  type FormErrors,
  type FormValues,
  formValues,
  TextArea,
  TextField,
  toBody,
} from '../forms';
import { Bi, Notice } from '../layout';
import { render } from '../view';
import { AdminPage, adminBase, apiBase, type C, type FailureStatus, failureStatus } from './frame';

// The secretariat's name and contact (docs/web.md): its mail to members comes from this name,
// replies go to this address, and every mail of the platform ends with this contact.

const FIELDS = ['name', 'nameEn', 'email', 'phone', 'address', 'hours'] as const;

function valuesOf(platform: Platform): FormValues {
  const values: FormValues = { version: String(platform.version) };
  for (const field of FIELDS) {
    const value = platform.contact?.[field];
    if (value) values[`contact.${field}`] = value;
  }
  return values;
}

export function contactPage(
  c: C,
  platform: Platform,
  form?: { values: FormValues; errors: FormErrors; status: FailureStatus },
): Response | Promise<Response> {
  const values = form?.values ?? valuesOf(platform);
  return render(
    c,
    <AdminPage platform={platform} ja="事務局の連絡先" en="Secretariat contact">
      {c.req.query('done') === 'saved' && !form ? (
        <Notice>
          <Bi ja="事務局の連絡先を保存しました。" en="The secretariat's contact is saved." />
        </Notice>
      ) : null}
      <p>
        <Bi
          ja="このプラットフォームから会員にお送りするメール（ご提案、週1回のお知らせ、参加申請の結果など）は、ここで設定した事務局名で届き、返信は事務局のメールアドレスに届きます。メールの最後には、ここに入力したお問い合わせ先が載ります。"
          en="Mail this platform sends its members (introductions, the weekly update, decisions on applications) comes from the name set here, replies go to the secretariat's address, and each mail ends with this contact."
        />
      </p>
      <Form action={`${adminBase(platform.id)}/contact`} values={values} errors={form?.errors ?? {}}>
        <input type="hidden" name="version" value={String(platform.version)} />
        <TextField
          name="contact.name"
          ja="事務局名"
          en="Secretariat name"
          maxlength={100}
          hint={
            <Bi
              ja={`メールの差出人名になります。空欄の場合は「${platform.name}事務局」です。`}
              en={`The sender name of the mail; "${platform.name}事務局" when left empty.`}
            />
          }
        />
        <TextField
          name="contact.nameEn"
          ja="事務局名（英語）"
          en="Secretariat name in English"
          maxlength={150}
        />
        <TextField
          name="contact.email"
          ja="メールアドレス"
          en="Email"
          type="email"
          autocomplete="email"
          inputmode="email"
          maxlength={254}
          hint={
            <Bi
              ja="会員がメールに返信すると、このアドレスに届きます。"
              en="Replies to the platform's mail reach this address."
            />
          }
        />
        <TextField
          name="contact.phone"
          ja="電話番号"
          en="Phone"
          autocomplete="tel"
          maxlength={24}
          size="short"
        />
        <TextArea name="contact.address" ja="住所" en="Postal address" rows={3} maxlength={200} />
        <TextField
          name="contact.hours"
          ja="受付時間"
          en="Office hours"
          maxlength={100}
          hint={<Bi ja="例: 平日 9:00〜17:00" en="For example: weekdays 9:00–17:00" />}
        />
        <p>
          <button type="submit">
            <Bi ja="保存する" en="Save" />
          </button>
        </p>
      </Form>
    </AdminPage>,
    form?.status ?? 200,
  );
}

export async function saveContact(c: C, platform: Platform): Promise<Response> {
  const values = await formValues(c);
  const body = toBody(values, { numbers: ['version'] });
  // Every field left empty clears it: the contact is sent whole.
  const result = await callApi(c, 'PATCH', apiBase(platform.id), {
    version: body.version,
    contact: body.contact ?? {},
  });
  if (!result.ok) {
    return contactPage(c, platform, {
      values,
      errors: errorsOf(result.problem),
      status: failureStatus(result.problem),
    });
  }
  return c.redirect(`${adminBase(platform.id)}/contact?done=saved`, 303);
}
