import { type Context, Hono } from 'hono';
import { type Actor, ORG_ROLE_LABELS } from '#domain';
import { requireOrgRoleOrCaretaker } from '../access';
import type { AppEnv } from '../env';
import { clearSessionCookie } from '../session';
import { callApi, errorsOf, Form, type FormErrors, formValues, Toggle } from './forms';
import { signedInPage } from './guard';
import { Bi, Notice, Page, Title } from './layout';
import { render } from './view';

// The person's own account (docs/privacy.md): download everything stored about them, delete the
// account, and (owners) delete an organisation. Each deletion has a page of its own that says
// what goes and what stays, and asks for a ticked box before its button does anything.

type C = Context<AppEnv>;

const CONFIRM_REQUIRED = '確認のチェックを入れてください。 Please tick the box to confirm.';

async function accountPage(c: C, actor: Actor) {
  const orgs = await c.var.ctx.store.organizations.getMany([...actor.orgRoles.keys()]);
  const owned = orgs.filter((o) => actor.orgRoles.get(o.id) === 'owner');
  return render(
    c,
    <Page title="アカウント" titleEn="Your account">
      <Title ja="アカウント" en="Your account" />
      <dl class="facts">
        <dt>
          <Bi ja="メールアドレス" en="Email" />
        </dt>
        <dd>{actor.person.email}</dd>
        <dt>
          <Bi ja="氏名" en="Name" />
        </dt>
        <dd>
          {actor.person.name ?? '—'}{' '}
          <a href="/profile">
            <Bi ja="変更" en="Change" />
          </a>
        </dd>
        {actor.person.consent ? (
          <>
            <dt>
              <Bi ja="利用規約等への同意" en="Agreed to the terms" />
            </dt>
            <dd>
              <Bi
                ja={`利用規約 ${actor.person.consent.terms}・プライバシーポリシー ${actor.person.consent.privacy}（${actor.person.consent.at.slice(0, 10)}）`}
                en={`Terms ${actor.person.consent.terms}, privacy notice ${actor.person.consent.privacy} (${actor.person.consent.at.slice(0, 10)})`}
              />
            </dd>
          </>
        ) : null}
      </dl>
      <Title level={2} ja="データのダウンロード" en="Download your data" />
      <p>
        <Bi
          ja="このサービスに保存されているあなたの情報（氏名、メールアドレス、配信設定、所属団体と役割など）を JSON 形式でダウンロードできます。"
          en="Download what this service stores about you (name, email, mail settings, organisations and roles …) as JSON."
        />
      </p>
      <p>
        <a class="button secondary" href="/v1/me/export" download="tsunagu-my-data.json">
          <Bi ja="データをダウンロードする" en="Download my data" />
        </a>
      </p>
      {owned.length > 0 ? (
        <>
          <Title level={2} ja="団体の削除" en="Delete an organisation" />
          <ul>
            {owned.map((o) => (
              <li>
                {o.name}{' '}
                <a href={`/organizations/${o.id}/delete`}>
                  <Bi ja="削除する" en="Delete" />
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Title level={2} ja="アカウントの削除" en="Delete your account" />
      <p>
        <a class="button danger" href="/account/delete">
          <Bi ja="アカウントを削除する" en="Delete my account" />
        </a>
      </p>
      <p class="note">
        <a href="/privacy">
          <Bi ja="プライバシーポリシー" en="Privacy notice" />
        </a>{' '}
        ・{' '}
        <a href="/terms">
          <Bi ja="利用規約" en="Terms of use" />
        </a>
      </p>
    </Page>,
  );
}

function deleteAccountPage(c: C, actor: Actor, errors: FormErrors = {}, status: 200 | 400 | 409 = 200) {
  const roles = [...actor.orgRoles.values()];
  return render(
    c,
    <Page title="アカウントの削除" titleEn="Delete your account">
      <Title ja="アカウントの削除" en="Delete your account" />
      <p>
        <Bi
          ja="削除すると、氏名・フリガナ・メールアドレス・配信設定・団体での役割・サインインの状態が消え、元に戻せません。同じメールアドレスでサインインすると、新しいアカウントになります。"
          en="Deleting removes your name, reading, email address, mail settings, roles and sessions, and cannot be undone. Signing in with the same address later makes a new account."
        />
      </p>
      <ul>
        <li>
          <Bi
            ja="団体の情報・ニーズ・申し出・ご提案は団体のものとして残ります。あなたが回答したご提案には、だれが回答したかが分からない形で記録が残ります。"
            en="Organisations' information, needs, offers and introductions stay with the organisations; introductions you answered no longer say who answered."
          />
        </li>
        <li>
          <Bi
            ja="ほかのメンバーがいる団体や、公開中のニーズ・申し出がある団体で、あなたが唯一の管理者の場合は削除できません。先に別の方を管理者にするか、団体を削除してください。"
            en="If you are the only owner of an organisation that has other people or open postings, make someone else an owner or delete the organisation first."
          />
        </li>
        <li>
          <Bi
            ja="あなただけが所属し、公開中の投稿がない団体は、アカウントと一緒に削除されます。"
            en="An organisation where you are the only person and nothing is open is deleted with your account."
          />
        </li>
      </ul>
      {roles.length > 0 ? (
        <p class="note">
          <Bi
            ja={`所属している団体: ${roles.length}（役割: ${roles.map((r) => ORG_ROLE_LABELS[r].ja).join('、')}）`}
            en={`Organisations you belong to: ${roles.length} (roles: ${roles.map((r) => ORG_ROLE_LABELS[r].en).join(', ')})`}
          />
        </p>
      ) : null}
      <Form action="/account/delete" errors={errors}>
        <Toggle
          name="confirm"
          ja="内容を確認し、アカウントを削除します"
          en="I understand, delete my account"
        />
        <button type="submit" class="danger">
          <Bi ja="アカウントを削除する" en="Delete my account" />
        </button>
      </Form>
      <p>
        <a href="/account">
          <Bi ja="削除しないで戻る" en="Keep my account" />
        </a>
      </p>
    </Page>,
    status,
  );
}

async function deleteOrganizationPage(
  c: C,
  actor: Actor,
  id: string,
  errors: FormErrors = {},
  status: 200 | 400 | 409 = 200,
) {
  await requireOrgRoleOrCaretaker(c.var.ctx, actor, id, 'owner');
  const org = await c.var.ctx.store.organizations.require(id);
  return render(
    c,
    <Page title="団体の削除" titleEn="Delete the organisation">
      <Title ja={`「${org.name}」を削除する`} en={`Delete “${org.name}”`} />
      <ul>
        <li>
          <Bi
            ja="公開中のニーズ・申し出を締め切り、参加しているプラットフォームを退会し、メンバー全員の所属を外します。送った招待も取り消します。"
            en="Its open needs and offers are closed, it leaves every platform, all its people are removed and pending invitations are withdrawn."
          />
        </li>
        <li>
          <Bi
            ja="団体名・連絡先・紹介文などは削除します。プラットフォームの統計のため、ご提案の件数・状況と締め切った投稿は、団体名や連絡先が分からない形で残ります。"
            en="Its name, contact, description and the like are removed. For the platforms' statistics, its introductions (counts, status) and closed postings remain, without its name or contact."
          />
        </li>
        <li>
          <Bi ja="元に戻すことはできません。" en="This cannot be undone." />
        </li>
      </ul>
      <Form action={`/organizations/${org.id}/delete`} errors={errors}>
        <Toggle
          name="confirm"
          ja="内容を確認し、この団体を削除します"
          en="I understand, delete this organisation"
        />
        <button type="submit" class="danger">
          <Bi ja="団体を削除する" en="Delete the organisation" />
        </button>
      </Form>
      <p>
        <a href={`/organizations/${org.id}`}>
          <Bi ja="削除しないで戻る" en="Keep it" />
        </a>
      </p>
    </Page>,
    status,
  );
}

function Done({ ja, en }: { ja: string; en: string }) {
  return (
    <Page title="削除しました" titleEn="Deleted">
      <Title ja="削除しました" en="Deleted" />
      <Notice>
        <Bi ja={ja} en={en} />
      </Notice>
      <p>
        <a href="/">
          <Bi ja="ホームへ" en="Home" />
        </a>
      </p>
    </Page>
  );
}

const confirmed = (values: Record<string, unknown>) => values.confirm === 'on';

export const accountPages = new Hono<AppEnv>()
  .get('/account', (c) => signedInPage(c, (actor) => accountPage(c, actor)))
  .get('/account/delete', (c) => signedInPage(c, (actor) => deleteAccountPage(c, actor)))
  .post('/account/delete', (c) =>
    signedInPage(c, async (actor) => {
      const values = await formValues(c);
      if (!confirmed(values)) return deleteAccountPage(c, actor, { confirm: CONFIRM_REQUIRED }, 400);
      const result = await callApi(c, 'DELETE', '/me');
      if (!result.ok) return deleteAccountPage(c, actor, errorsOf(result.problem), 409);
      clearSessionCookie(c);
      // Signed out from here on: the page after it is a visitor's.
      c.set('auth', undefined);
      return render(
        c,
        <Done
          ja="アカウントを削除しました。ご利用ありがとうございました。"
          en="Your account was deleted. Thank you for using tsunagu."
        />,
      );
    }),
  )
  .get('/organizations/:id/delete', (c) =>
    signedInPage(c, (actor) => deleteOrganizationPage(c, actor, c.req.param('id'))),
  )
  .post('/organizations/:id/delete', (c) =>
    signedInPage(c, async (actor) => {
      const id = c.req.param('id');
      const values = await formValues(c);
      await requireOrgRoleOrCaretaker(c.var.ctx, actor, id, 'owner');
      if (!confirmed(values)) return deleteOrganizationPage(c, actor, id, { confirm: CONFIRM_REQUIRED }, 400);
      const result = await callApi(c, 'DELETE', `/organizations/${encodeURIComponent(id)}`);
      if (!result.ok) return deleteOrganizationPage(c, actor, id, errorsOf(result.problem), 409);
      return render(c, <Done ja="団体を削除しました。" en="The organisation was deleted." />);
    }),
  );
