import type { AppContext } from '#context';
import { type Match, ORIGIN_LABELS } from '#domain';
import { Bi } from '../layout';
import { WithoutPosting } from './parties';

// What a proposal is about, on the page behind a mail's answer link (/respond), before its
// button: the reader's own posting and the partner's, both organisations' names, and why it was
// proposed. The link's token is its authority; contacts are never shown here.

export interface AnswerSummary {
  match: Match;
  own: Party;
  other: Party;
}

/** A side: its posting's title, absent when it wrote without a posting of its own. */
interface Party {
  title?: string | undefined;
  organizationName: string;
}

/** The two postings and organisations of `match`, as the side `side` reads them. */
export async function answerSummary(
  ctx: AppContext,
  match: Match,
  side: 'need' | 'offer',
): Promise<AnswerSummary> {
  const [need, offer, orgs] = await Promise.all([
    match.needId ? ctx.store.needs.get(match.needId) : undefined,
    match.offerId ? ctx.store.offers.get(match.offerId) : undefined,
    ctx.store.organizations.getMany([match.needOrganizationId, match.offerOrganizationId]),
  ]);
  const nameOf = (id: string) => orgs.find((o) => o.id === id)?.name ?? '';
  const needSide = { title: need?.title, organizationName: nameOf(match.needOrganizationId) };
  const offerSide = { title: offer?.title, organizationName: nameOf(match.offerOrganizationId) };
  return side === 'need'
    ? { match, own: needSide, other: offerSide }
    : { match, own: offerSide, other: needSide };
}

export function MatchSummary({ summary, side }: { summary: AnswerSummary; side: 'need' | 'offer' }) {
  const { match, own, other } = summary;
  const [ownJa, ownEn, otherJa, otherEn] =
    side === 'need'
      ? ['ニーズ', 'need', '支援の申し出', 'offer']
      : ['支援の申し出', 'offer', 'ニーズ', 'need'];
  return (
    <dl class="facts">
      <dt>
        <Bi ja={`貴団体の${ownJa}`} en={`Your ${ownEn}`} />
      </dt>
      <dd>
        <PartyLine party={own} />
      </dd>
      <dt>
        <Bi ja={`ご提案の相手の${otherJa}`} en={`The proposed partner's ${otherEn}`} />
      </dt>
      <dd>
        <PartyLine party={other} />
      </dd>
      <dt>
        <Bi ja="きっかけ" en="Started by" />
      </dt>
      <dd>
        <Bi {...ORIGIN_LABELS[match.origin]} />
      </dd>
      {match.message ? (
        <>
          <dt>
            <MessageHeading match={match} otherName={other.organizationName} />
          </dt>
          <dd>
            <blockquote class="message">{match.message.text}</blockquote>
          </dd>
        </>
      ) : null}
      {match.explanation ? (
        <>
          <dt>
            <Bi ja="ご提案の理由" en="Why we suggest this" />
          </dt>
          <dd>
            <Bi ja={match.explanation.ja} en={match.explanation.en} />
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function PartyLine({ party }: { party: Party }) {
  return party.title === undefined ? (
    <WithoutPosting organizationName={party.organizationName} />
  ) : (
    <>
      「{party.title}」（{party.organizationName}）
    </>
  );
}

/** Whose note it is: the secretariat's (「事務局より」) or the organisation that started it. */
export function MessageHeading({ match, otherName }: { match: Match; otherName: string }) {
  return match.message?.from === 'secretariat' ? (
    <Bi ja="事務局より" en="From the secretariat" />
  ) : (
    <Bi ja={`${otherName}様からのメッセージ`} en={`Message from ${otherName}`} />
  );
}
