import { isSecretariat } from '#domain';
import { Bi, Page, Title } from '../layout';
import { render } from '../view';
import { type C, LEVELS, platformOf, scopeLabel } from './common';

// One platform's public page: its level, scope and tiers, and the links its members and secretariat use.

export async function platformPage(c: C) {
  const platform = await platformOf(c);
  const actor = c.var.auth?.actor;
  const secretariat = actor ? isSecretariat(actor, platform.id) : false;
  const approved = actor
    ? (
        await Promise.all(
          [...actor.orgRoles.keys()].map((id) => c.var.ctx.store.memberships.get(platform.id, id)),
        )
      ).some((m) => m?.status === 'approved')
    : false;
  const join = `/platforms/${platform.id}/join`;
  return render(
    c,
    <Page title={platform.name} titleEn={platform.nameEn}>
      <p class="note">
        <a href="/platforms">
          <Bi ja="プラットフォームの一覧" en="Platforms" />
        </a>
      </p>
      <Title ja={platform.name} en={platform.nameEn ?? platform.name} />
      <dl class="facts">
        <dt>
          <Bi ja="区分" en="Level" />
        </dt>
        <dd>
          <Bi {...LEVELS[platform.level]} />
        </dd>
        <dt>
          <Bi ja="対象地域" en="Covers" />
        </dt>
        <dd>
          <Bi ja={scopeLabel(platform, 'ja')} en={scopeLabel(platform, 'en')} />
        </dd>
      </dl>
      <Title level={2} ja="会員区分" en="Membership tiers" />
      <ul>
        {platform.tiers.map((t) => (
          <li>
            <Bi ja={t.ja} en={t.en} />
          </li>
        ))}
      </ul>
      <p class="actions">
        <a class="button" href={actor ? join : `/auth/sign-in?next=${encodeURIComponent(join)}`}>
          <Bi ja="参加を申し込む" en="Apply to join" />
        </a>
        <a href={`/platforms/${platform.id}/directory`}>
          <Bi ja="会員名簿を見る" en="Member directory" />
        </a>
        <a href={`/platforms/${platform.id}/rules`}>
          <Bi ja="このプラットフォームのルール" en="This platform's rules" />
        </a>
      </p>
      {!actor ? (
        <p class="note">
          <Bi
            ja="申し込みにはサインインが必要です（メールアドレスだけで登録できます）。"
            en="Applying needs a sign-in (just an email address)."
          />
        </p>
      ) : null}
      {approved || secretariat ? (
        <p class="actions">
          <a href={`/platforms/${platform.id}/needs`}>
            <Bi ja="受付中のニーズ" en="Open needs" />
          </a>
          <a href={`/platforms/${platform.id}/offers`}>
            <Bi ja="受付中の支援の申し出" en="Open offers" />
          </a>
          <a href={`/platforms/${platform.id}/search`}>
            <Bi ja="ニーズと支援の申し出を探す" en="Search needs and offers" />
          </a>
          {secretariat ? (
            <a href={`/platforms/${platform.id}/admin`}>
              <Bi ja="事務局の管理画面" en="Secretariat" />
            </a>
          ) : null}
        </p>
      ) : null}
    </Page>,
  );
}
