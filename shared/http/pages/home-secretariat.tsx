import type { Platform } from '#domain';
import { Bi } from './layout';

// The home page's part for the secretariat: each platform they run, what waits for them there
// (applications to decide) and the way to its dashboard. A secretariat member needs no
// organisation of their own, so for them this is the home page's main part.

export interface SecretariatWork {
  platform: Platform;
  /** Applications waiting for the secretariat's decision. */
  pending: number;
}

export function SecretariatSection({ work }: { work: SecretariatWork[] }) {
  if (work.length === 0) return null;
  return (
    <section>
      <h2>
        <Bi ja="事務局のお仕事" en="Your secretariat work" />
      </h2>
      <ul class="cards">
        {work.map(({ platform, pending }) => {
          const admin = `/platforms/${platform.id}/admin`;
          return (
            <li class="card">
              <h3>
                <a href={admin}>{platform.name}</a>
              </h3>
              <p>
                {pending > 0 ? (
                  <a href={`${admin}/memberships`}>
                    <Bi
                      ja={`承認を待っている参加申し込みが${pending}件あります。`}
                      en={`${pending} application${pending === 1 ? '' : 's'} to join waiting for your decision.`}
                    />
                  </a>
                ) : (
                  <Bi
                    ja="承認を待っている参加申し込みはありません。"
                    en="No application waiting for a decision."
                  />
                )}
              </p>
              <p class="actions">
                <a class="button" href={admin}>
                  <Bi ja="事務局ダッシュボードを開く" en="Open the secretariat dashboard" />
                </a>
                <a href={`${admin}/memberships`}>
                  <Bi ja="参加申請・会員" en="Members" />
                </a>
                <a href={`${admin}/news`}>
                  <Bi ja="お知らせ" en="News" />
                </a>
                <a href={`${admin}/stats`}>
                  <Bi ja="統計" en="Statistics" />
                </a>
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** What the home page says where the organisations would be, for someone who has none. */
export function NoOrganization({ secretariat }: { secretariat: boolean }) {
  return secretariat ? (
    <p>
      <Bi
        ja="事務局のお仕事には団体の登録は要りません。あなたの団体としてもニーズや支援の申し出を掲載するときは、団体を登録してください。"
        en="Your secretariat work needs no organisation. To post needs or offers as an organisation as well, register it."
      />{' '}
      <a href="/organizations/new">
        <Bi ja="団体を登録する" en="Register an organisation" />
      </a>
    </p>
  ) : (
    <p>
      <Bi
        ja="まだ団体に所属していません。団体を登録するか、登録済みの団体の管理者に追加を依頼してください。"
        en="You do not belong to an organisation yet. Register one, or ask its owner to add you."
      />
    </p>
  );
}
