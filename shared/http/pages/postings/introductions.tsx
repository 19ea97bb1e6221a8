import { type Actor, isInsider, type Match, type Need, type Offer, ORIGIN_LABELS } from '#domain';
import { displayDate } from '#mail';
import { MATCH_STATUS } from '../introductions/page';
import { Bi } from '../layout';
import { useView } from '../view';
import type { C, PostingKind } from './words';

// A posting's introductions on its page: for the people of the organisation that owns it and
// the platform's secretariat (the same people who may open each introduction, access.ts's
// requireMatchReader), newest first, each with its status and a link to its page. Nobody else
// learns that there are any.

const SHOWN = 20;

export interface PostingIntroductions {
  matches: Match[];
  more: boolean;
  /** The other side's posting title and organisation name, by id. */
  titles: Map<string, string>;
  names: Map<string, string>;
}

/** The introductions of a posting, or undefined when the person may not see them. */
export async function loadPostingIntroductions(
  c: C,
  actor: Actor,
  kind: PostingKind,
  posting: Need | Offer,
): Promise<PostingIntroductions | undefined> {
  // The same people who may open each introduction (access.ts's requireMatchReader).
  if (!isInsider(actor, posting)) return undefined;
  const { store } = c.var.ctx;
  const page = await (kind === 'need' ? store.matches.ofNeed : store.matches.ofOffer)(posting.id, {
    limit: SHOWN,
  });
  const others = page.items.flatMap((m) => (kind === 'need' ? m.offerId : m.needId) ?? []);
  const [postings, orgs] = await Promise.all([
    kind === 'need' ? store.offers.getMany(others) : store.needs.getMany(others),
    store.organizations.getMany(
      page.items.map((m) => (kind === 'need' ? m.offerOrganizationId : m.needOrganizationId)),
    ),
  ]);
  return {
    matches: page.items,
    more: page.cursor !== undefined,
    titles: new Map(postings.map((p) => [p.id, p.title])),
    names: new Map(orgs.map((o) => [o.id, o.name])),
  };
}

export function IntroductionsOfPosting(props: {
  kind: PostingKind;
  posting: Need | Offer;
  found: PostingIntroductions;
}) {
  const { kind, posting, found } = props;
  const { lang } = useView();
  return (
    <section aria-labelledby="posting-introductions">
      <h2 id="posting-introductions">
        <Bi ja="この掲載へのつながりのご提案" en="Introductions for this posting" />
      </h2>
      {found.matches.length === 0 ? (
        <p>
          <Bi
            ja="まだご提案はありません。マッチングが行われると、ここに表示されます。"
            en="No introductions yet. They appear here after a matching round."
          />
        </p>
      ) : (
        <ul class="cards">
          {found.matches.map((m) => {
            const otherId = kind === 'need' ? m.offerId : m.needId;
            const otherOrg = kind === 'need' ? m.offerOrganizationId : m.needOrganizationId;
            return (
              <li class="card">
                <h3>
                  <a href={`/matches/${m.id}`}>
                    {(otherId ? found.titles.get(otherId) : found.names.get(otherOrg)) ??
                      (kind === 'need' ? (
                        <Bi ja="支援の申し出" en="An offer" />
                      ) : (
                        <Bi ja="ニーズ" en="A need" />
                      ))}
                  </a>
                </h3>
                <p>
                  <span class={`badge ${m.status}`}>
                    <Bi {...MATCH_STATUS[m.status]} />
                  </span>{' '}
                  {found.names.get(otherOrg) ?? ''}
                </p>
                <p class="note">
                  <Bi ja="ご提案日" en="Proposed" />{' '}
                  <time datetime={m.createdAt}>{displayDate(m.createdAt, lang)}</time> ・{' '}
                  {m.score === undefined ? (
                    <Bi {...ORIGIN_LABELS[m.origin]} />
                  ) : (
                    <>
                      <Bi ja="適合度" en="Fit" /> {Math.round(m.score * 100)}%
                    </>
                  )}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      {found.more ? (
        <p>
          <a href={`/matches?organization=${posting.organizationId}`}>
            <Bi ja="すべてのご提案を見る" en="All introductions" />
          </a>
        </p>
      ) : null}
    </section>
  );
}
