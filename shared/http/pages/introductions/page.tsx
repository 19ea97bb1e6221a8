import type { Context } from 'hono';
import { mailboxOf } from '#batch';
import {
  type Actor,
  answerableSides,
  byLanguage,
  hasOrgRole,
  isSecretariat,
  type Match,
  ORIGIN_LABELS,
  OUTCOME_LABELS,
  OUTCOMES,
  organizationOf,
  SIDES,
  type Side,
} from '#domain';
import { displayDate } from '#mail';
import { requireMatchReader } from '../../access';
import type { AppEnv } from '../../env';
import { inLanguage, languageOf } from '../language';
import { Bi, Notice, Page, Title } from '../layout';
import { render } from '../view';
import { MessageHeading } from './answer-summary';
import { PartiesTable } from './parties';

// One introduction: the explanation and score, both sides' answers, answer forms for the sides
// the person may answer for, the other side's contact once connected, and the outcome report.
// Forms carry the session's CSRF token as `_csrf`.

export type C = Context<AppEnv>;

export const MATCH_STATUS: Record<Match['status'], { ja: string; en: string }> = {
  proposed: { ja: 'ご回答待ち', en: 'Waiting for answers' },
  accepted: { ja: '一方が承諾済み', en: 'Accepted by one side' },
  connected: { ja: 'つながりました', en: 'Connected' },
  declined: { ja: '見送り', en: 'Declined' },
  expired: { ja: '回答期限切れ', en: 'Expired' },
};

const FACTORS = [
  ['field', '分野', 'Field'],
  ['region', '地域', 'Region'],
  ['capacity', '規模', 'Capacity'],
  ['timing', '時期', 'Timing'],
] as const;

function ScoreDetails({ score, breakdown }: { score: number; breakdown: NonNullable<Match['breakdown']> }) {
  return (
    <details>
      <summary>
        <Bi ja={`適合度 ${Math.round(score * 100)}% の内訳`} en="Why this match" />
      </summary>
      <table>
        <tbody>
          {FACTORS.map(([key, ja, en]) => (
            <tr>
              <th scope="row">
                <Bi ja={ja} en={en} />
              </th>
              <td class="num">{Math.round(breakdown[key] * 100)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export async function matchPage(
  c: C,
  actor: Actor,
  matchId: string,
  error?: string,
  status: 400 | 403 | 409 = 409,
): Promise<Response> {
  const ctx = c.var.ctx;
  const t = <V,>(ja: V, en: V) => byLanguage(languageOf(c), ja, en);
  const match = requireMatchReader(actor, await ctx.store.matches.get(matchId));
  const [need, offer, needOrg, offerOrg, platform] = await Promise.all([
    match.needId ? ctx.store.needs.require(match.needId) : undefined,
    match.offerId ? ctx.store.offers.require(match.offerId) : undefined,
    ctx.store.organizations.require(match.needOrganizationId),
    ctx.store.organizations.require(match.offerOrganizationId),
    ctx.store.platforms.require(match.platformId),
  ]);
  const csrf = c.var.auth!.session.csrfToken;
  const mine = answerableSides(actor, match);
  const open = match.status === 'proposed' || match.status === 'accepted';
  const secretariat = isSecretariat(actor, match.platformId);
  // Contact details only after both accepted, and only of the other side.
  const contactsShown =
    match.status === 'connected'
      ? SIDES.filter(
          (s) =>
            secretariat ||
            SIDES.some((own) => own !== s && hasOrgRole(actor, organizationOf(match, own), 'viewer')),
        )
      : [];
  const org = { need: needOrg, offer: offerOrg };
  // The confirmed contact, or the organisation's owner while its address is unconfirmed.
  const contacts = Object.fromEntries(
    await Promise.all(contactsShown.map(async (s) => [s, (await mailboxOf(ctx, org[s])).contact] as const)),
  ) as Partial<Record<Side, { name: string; email: string }>>;
  return render(
    c,
    <Page title="つながりのご提案" titleEn="Introduction">
      <p class="note">{platform.name}</p>
      <Title ja="つながりのご提案" en="Introduction" />
      {error ? <Notice kind="error">{inLanguage(languageOf(c), error)}</Notice> : null}
      {!error && c.req.query('started') ? (
        <Notice>
          <Bi
            ja="お申し出を送りました。先方が承諾すると、双方の連絡先をメールでお知らせします。"
            en="Your request was sent. If they accept, both sides receive each other's contact details by mail."
          />
        </Notice>
      ) : null}
      {!error && c.req.query('introduced') ? (
        <Notice>
          <Bi
            ja="ご紹介を送りました。双方が承諾すると、お互いの連絡先をお知らせします。"
            en="The introduction was sent. Once both accept, each receives the other's contact details."
          />
        </Notice>
      ) : null}
      <p>
        <span class={`badge ${match.status}`}>
          <Bi {...MATCH_STATUS[match.status]} />
        </span>
        {open ? (
          <>
            {' ・ '}
            <Bi
              ja={`回答期限 ${displayDate(match.respondBy, 'ja')}`}
              en={`Reply by ${displayDate(match.respondBy, 'en')}`}
            />
          </>
        ) : null}
      </p>
      <p class="note">
        <Bi {...ORIGIN_LABELS[match.origin]} />
      </p>
      {match.message ? (
        <section class="message">
          <h2>
            {match.message.from !== 'secretariat' &&
            hasOrgRole(actor, organizationOf(match, match.message.from), 'viewer') ? (
              <Bi ja="貴団体からお送りしたメッセージ" en="Your message" />
            ) : (
              <MessageHeading
                match={match}
                otherName={(match.message.from === 'need' ? needOrg : offerOrg).name}
              />
            )}
          </h2>
          <blockquote class="message">{match.message.text}</blockquote>
        </section>
      ) : null}
      {match.explanation ? (
        <div class="explanation">
          <p>
            <Bi ja={match.explanation.ja} en={match.explanation.en} />
          </p>
        </div>
      ) : null}
      <PartiesTable match={match} postings={{ need, offer }} organizations={org} />
      {match.score !== undefined && match.breakdown ? (
        <ScoreDetails score={match.score} breakdown={match.breakdown} />
      ) : null}
      {contactsShown.map((s) => (
        <section class="contact">
          <h2>
            <Bi ja={`連絡先：${org[s].name}`} en="Contact" />
          </h2>
          <p>
            {contacts[s]?.name} ・ <a href={`mailto:${contacts[s]?.email}`}>{contacts[s]?.email}</a>
          </p>
        </section>
      ))}
      {secretariat && match.declineReason ? (
        <p>
          <Bi ja="見送りの理由（事務局のみ閲覧）" en="Reason (secretariat only)" />: {match.declineReason}
        </p>
      ) : null}
      {open
        ? mine
            .filter((s) => match.responses[s] === undefined)
            .map((s) => (
              <section>
                <h2>
                  <Bi ja={`${s === 'need' ? 'ニーズ側' : '申し出側'}として回答する`} en="Your answer" />
                </h2>
                <p class="note">
                  <Bi
                    ja="双方が承諾すると、お互いの連絡先をお知らせします。"
                    en="When both accept, each side gets the other's contact."
                  />
                </p>
                <form method="post" action={`/matches/${match.id}/accept`}>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <input type="hidden" name="side" value={s} />
                  <button type="submit">
                    <Bi ja="承諾する" en="Accept" />
                  </button>
                </form>
                <form method="post" action={`/matches/${match.id}/decline`}>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <input type="hidden" name="side" value={s} />
                  <div class="field">
                    <label for={`reason-${s}`}>
                      <Bi ja="見送りの理由（事務局のみが見られます）" en="Reason (secretariat only)" />
                      <span class="opt">
                        <Bi ja="任意" en="Optional" />
                      </span>
                    </label>
                    <textarea id={`reason-${s}`} name="reason" rows={2} maxlength={1000} />
                  </div>
                  <button
                    type="submit"
                    class="secondary"
                    data-confirm={t(
                      '今回は見送りますか？見送ると、このご提案には戻れません。',
                      'Decline? This cannot be undone.',
                    )}
                  >
                    <Bi ja="今回は見送る" en="Decline" />
                  </button>
                </form>
              </section>
            ))
        : null}
      {match.status === 'connected'
        ? mine.map((s) => (
            <form method="post" action={`/matches/${match.id}/outcome`}>
              <input type="hidden" name="_csrf" value={csrf} />
              <input type="hidden" name="side" value={s} />
              <fieldset>
                <legend>
                  <Bi ja="連携の状況" en="What came of it" />
                </legend>
                {OUTCOMES.map((o) => (
                  <label class="choice" for={`outcome-${s}-${o}`}>
                    <input
                      id={`outcome-${s}-${o}`}
                      type="radio"
                      name="outcome"
                      value={o}
                      checked={match.outcomes[s]?.outcome === o}
                    />{' '}
                    <Bi {...OUTCOME_LABELS[o]} />
                  </label>
                ))}
                <button type="submit">
                  <Bi ja="回答する" en="Send" />
                </button>
              </fieldset>
            </form>
          ))
        : null}
      <p>
        <a href="/matches">
          <Bi ja="ご提案の一覧へ" en="All introductions" />
        </a>
      </p>
    </Page>,
    error ? status : 200,
  );
}
