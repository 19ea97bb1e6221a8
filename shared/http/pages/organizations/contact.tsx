import { type Context, Hono } from 'hono';
import { NotFoundError, ulidSchema } from '#domain';
import { type ContactLinkState, confirmContact, contactLinkState } from '../../contact';
import type { AppEnv } from '../../env';
import { InvalidLinkPage } from '../errors';
import { ActionButton, callApi, fetchApi } from '../forms';
import { signedInPage } from '../guard';
import { Bi, Notice, Page, Title } from '../layout';
import { render } from '../view';

// An organisation's contact address and its confirmation: the status with the resend button
// (on the organisation's profile and edit page), and the page behind the link in the
// confirmation mail. GET only shows what the link will do (mail scanners follow links); the
// button POSTs, and the link's token is its only authority, like the other mail links.

type C = Context<AppEnv>;

/** What the status needs of an organisation as the API shows it in full. */
interface WithContact {
  id: string;
  contact?: { name: string; email: string } | undefined;
  contactVerified?: boolean | undefined;
}

/**
 * 確認済み / 未確認, and while unconfirmed where mail goes meanwhile and (for editors, and the
 * secretariat of a member it registered by hand: `caretaker`) a resend button.
 */
export function ContactStatus({
  org,
  editor,
  caretaker = false,
}: {
  org: WithContact;
  editor: boolean;
  caretaker?: boolean;
}) {
  if (!org.contact || org.contactVerified === undefined) return null;
  if (org.contactVerified) {
    return (
      <span class="badge verified">
        <Bi ja="確認済み" en="Confirmed" />
      </span>
    );
  }
  return (
    <>
      <span class="badge unverified">
        <Bi ja="未確認" en="Not confirmed" />
      </span>
      <p class="note">
        {caretaker ? (
          <Bi
            ja={`${org.contact.email} あてにお送りした確認メールのリンクが開かれるまで、この団体にはメールをお送りしません（サインインする方がいないため）。`}
            en={`Until the link in the confirmation mail to ${org.contact.email} is opened, no mail goes to this organisation (nobody of it signs in).`}
          />
        ) : (
          <Bi
            ja={`${org.contact.email} あてにお送りした確認メールのリンクが開かれるまで、つながりのご提案などのメールは、この団体の管理者の方のメールアドレスにお送りします。つながりが成立した相手の団体にも、それまでは管理者の方のお名前とメールアドレスをお知らせします。`}
            en={`Until the link in the confirmation mail to ${org.contact.email} is opened, introductions and other mail go to the owners of this organisation, and partners are given an owner’s name and address.`}
          />
        )}
      </p>
      {editor || caretaker ? (
        <ActionButton
          action={`/organizations/${org.id}/contact/resend`}
          kind="secondary"
          label={<Bi ja="確認メールを再送する" en="Send the link again" />}
        />
      ) : null}
    </>
  );
}

function LinkPage({ token, found }: { token: string; found: ContactLinkState }) {
  if (found.state === 'invalid') return <InvalidLink />;
  const { organization: org, email } = found;
  return (
    <Page title="連絡先の確認" titleEn="Confirm the contact address">
      <Title ja="連絡先の確認" en="Confirm the contact address" />
      {found.state === 'changed' ? (
        <Changed email={email} name={org.name} />
      ) : found.state === 'confirmed' ? (
        <p>
          <Bi
            ja={`${email} は「${org.name}」の連絡先として確認済みです。`}
            en="This address is already confirmed."
          />
        </p>
      ) : (
        <>
          <p>
            <Bi
              ja={`${email} を「${org.name}」の連絡先として確認しますか？ 確認すると、つながりのご提案などのメールがこのアドレスに届くようになり、つながりが成立した相手の団体にもこのアドレスをお知らせします。`}
              en="Confirm this address as the organisation's contact? Introductions will then be mailed here, and partners are given this address once both accept."
            />
          </p>
          <form method="post" action={`/contact/verify?token=${encodeURIComponent(token)}`}>
            <button type="submit">
              <Bi ja="連絡先を確認する" en="Confirm" />
            </button>
          </form>
        </>
      )}
    </Page>
  );
}

function Changed({ email, name }: { email: string; name: string }) {
  return (
    <p class="error">
      <Bi
        ja={`「${name}」の連絡先は、このリンクをお送りした後に ${email} から別のアドレスに変更されました。このリンクでは何も確認されません。新しいアドレスには、別の確認メールをお送りしています。`}
        en="The organisation's contact address was changed after this link was sent, so it confirms nothing. The new address has its own confirmation mail."
      />
    </p>
  );
}

function InvalidLink() {
  return (
    <InvalidLinkPage
      ja="このリンクは使用済みか、有効期限が切れているか、正しくありません。団体の編集権限のある方がサインインすると、団体のページから確認メールを再送できます。"
      en="This link was already used, has expired or is not valid. Someone who can edit the organisation can send a new one from its page after signing in."
    >
      <p>
        <a class="button" href="/">
          <Bi ja="トップページへ" en="Home" />
        </a>
      </p>
    </InvalidLinkPage>
  );
}

/** The organisation id of the path, or "not found". */
function orgIdOf(c: C): string {
  const id = c.req.param('id') ?? '';
  if (!ulidSchema.safeParse(id).success) throw new NotFoundError('organization');
  return id;
}

export const contactPages = new Hono<AppEnv>()
  .get('/contact/verify', async (c) => {
    const token = c.req.query('token') ?? '';
    const found = await contactLinkState(c.var.ctx, token);
    return render(c, <LinkPage token={token} found={found} />, found.state === 'invalid' ? 400 : 200);
  })
  .post('/contact/verify', async (c) => {
    const result = await confirmContact(c.var.ctx, c.req.query('token') ?? '');
    if (result.state === 'invalid') return render(c, <InvalidLink />, 400);
    if (result.state === 'changed') {
      return render(
        c,
        <Page title="連絡先の確認" titleEn="Confirm the contact address">
          <Title ja="連絡先の確認" en="Confirm the contact address" />
          <Changed email={result.email} name={result.organization.name} />
        </Page>,
        409,
      );
    }
    return render(
      c,
      <Page title="連絡先を確認しました" titleEn="Contact address confirmed">
        <Title ja="連絡先を確認しました" en="Contact address confirmed" />
        <p>
          <Bi
            ja={`${result.email} を「${result.organization.name}」の連絡先として確認しました。これからは、つながりのご提案などのメールをこのアドレスにお送りします。ありがとうございました。`}
            en="Thank you. Introductions for the organisation will now be mailed to this address."
          />
        </p>
      </Page>,
    );
  })
  .post('/organizations/:id/contact/resend', (c) =>
    signedInPage(c, async () => {
      const id = orgIdOf(c);
      // Those who may not see the organisation get "not found", like on its other pages.
      const org = await fetchApi<{ id: string; name: string }>(c, `/organizations/${id}`);
      const result = await callApi(c, 'POST', `/organizations/${id}/contact/verification`);
      if (result.ok) return c.redirect(`/organizations/${id}?resent=1`, 303);
      const { problem } = result;
      if (result.retryAfter) c.header('retry-after', result.retryAfter);
      const status = ([403, 409, 429] as const).find((s) => s === problem.status) ?? 400;
      return render(
        c,
        <Page title="確認メールを送れませんでした" titleEn="The link was not sent">
          <p class="note">
            <a href={`/organizations/${id}`}>{org.name}</a>
          </p>
          <Title ja="確認メールを送れませんでした" en="The link was not sent" />
          <Notice kind="error">{problem.detail}</Notice>
          {status === 429 ? (
            <p>
              <Bi
                ja="同じアドレスへの確認メールは、1時間に3通までです。しばらくたってからお試しください。"
                en="At most three confirmation mails an hour go to one address; please try again later."
              />
            </p>
          ) : null}
          <p>
            <a href={`/organizations/${id}`}>
              <Bi ja="団体のページへ戻る" en="Back to the organisation" />
            </a>
          </p>
        </Page>,
        status,
      );
    }),
  );
