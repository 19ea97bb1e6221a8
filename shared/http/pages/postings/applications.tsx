import { applicationsOf } from '#batch';
import {
  hasOrgRole,
  isInsider,
  NotFoundError,
  type Offer,
  openCallClosesAt,
  openCallRespondBy,
  slotsLeft,
} from '#domain';
import { displayDate } from '#mail';
import { ActionButton } from '../forms';
import { signedInPage } from '../guard';
import { MATCH_STATUS } from '../introductions/page';
import { Bi, Page, Title } from '../layout';
import { render, useView } from '../view';
import type { C } from './words';

// An open call's applicants (公募, issue 19), for the people of the offering organisation and
// the platform's secretariat (others: 404, as the API). Best first by the engine's score, each
// with its reasons, message and answers; 「選ぶ」 is the offer side's acceptance
// (POST /matches/:id/accept side=offer), which connects at once and takes one slot.

type Loaded = Awaited<ReturnType<typeof applicationsOf>>;

function Applicant(props: { offer: Offer; item: Loaded[number]; rank: number; canSelect: boolean }) {
  const { offer, item, rank, canSelect } = props;
  const { lang } = useView();
  const m = item.match;
  const questions = offer.openCall?.questions ?? [];
  return (
    <li class="card">
      <h3>
        {rank}. <a href={`/matches/${m.id}`}>{item.need?.title ?? <Bi ja="ニーズ" en="A need" />}</a>
      </h3>
      <p>
        <span class={`badge ${m.status}`}>
          {m.status === 'connected' ? <Bi ja="選考済み" en="Selected" /> : <Bi {...MATCH_STATUS[m.status]} />}
        </span>{' '}
        {item.organizationName ?? ''}
      </p>
      <p class="note">
        <Bi ja="応募日" en="Applied" /> <time datetime={m.createdAt}>{displayDate(m.createdAt, lang)}</time>{' '}
        ・{' '}
        {m.score === undefined ? (
          <Bi ja="適合度なし（条件が一致しません）" en="No fit score (criteria differ)" />
        ) : (
          <>
            <Bi ja="適合度" en="Fit" /> {Math.round(m.score * 100)}%
          </>
        )}
      </p>
      {m.explanation ? <p>{lang === 'en' ? m.explanation.en : m.explanation.ja}</p> : null}
      {m.message ? (
        <blockquote>
          <p>{m.message.text}</p>
        </blockquote>
      ) : null}
      {questions.length > 0 ? (
        <dl>
          {questions.map((q) => (
            <>
              <dt>{q.label}</dt>
              <dd>{m.application?.answers[q.id] ?? '—'}</dd>
            </>
          ))}
        </dl>
      ) : null}
      {canSelect && m.status === 'accepted' ? (
        <ActionButton
          action={`/matches/${m.id}/accept`}
          hidden={{ side: 'offer', next: 'applications' }}
          label={<Bi ja="選ぶ" en="Select" />}
          confirm={{
            ja: 'この応募を選びます。双方の連絡先をお知らせし、受け入れ枠を1つ使います。よろしいですか。',
            en: 'Select this application? Both sides receive the contact details, and one slot is used.',
          }}
        />
      ) : null}
    </li>
  );
}

export const applicationsPage = (c: C) =>
  signedInPage(c, async (actor) => {
    const ctx = c.var.ctx;
    const offer = await ctx.store.offers.require(c.req.param('id') ?? '');
    if (!isInsider(actor, offer) || !offer.openCall) throw new NotFoundError('offer');
    const items = await applicationsOf(ctx, offer);
    const left = slotsLeft(offer);
    const canSelect = hasOrgRole(actor, offer.organizationId, 'editor') && left !== 0;
    const now = ctx.now().toISOString();
    const closesAt = openCallClosesAt(offer.openCall);
    const selectionEnds = openCallRespondBy(offer.openCall);
    return render(
      c,
      <Page title="公募の応募者" titleEn="Applicants to the open call">
        <Title ja="公募の応募者" en="Applicants to the open call" />
        <p>
          <a href={`/offers/${offer.id}`}>「{offer.title}」</a>
        </p>
        <p>
          <Bi
            ja={`締切：${displayDate(closesAt, 'ja')}（${now > closesAt ? '締切済み' : '受付中'}）。選考は${displayDate(selectionEnds, 'ja')}まで。その日までに選ばれなかった応募者には、事務局から一度だけ丁寧にお知らせします。`}
            en={`Deadline: ${displayDate(closesAt, 'en')} (${now > closesAt ? 'closed' : 'open'}). Select by ${displayDate(selectionEnds, 'en')}; applicants not selected by then are told once, politely.`}
          />
        </p>
        <p>
          {left === undefined ? (
            <Bi ja="受け入れ枠：制限なし" en="Slots: no limit" />
          ) : (
            <Bi ja={`残りの受け入れ枠：${left}`} en={`Slots left: ${left}`} />
          )}
        </p>
        {items.length === 0 ? (
          <p>
            <Bi ja="まだ応募はありません。" en="No applications yet." />
          </p>
        ) : (
          <ol class="cards">
            {items.map((item, i) => (
              <Applicant offer={offer} item={item} rank={i + 1} canSelect={canSelect} />
            ))}
          </ol>
        )}
        <p class="note">
          <Bi
            ja="並び順は、マッチングの適合度の高い順です（適合度のない応募は最後）。応募者は応募の時点で承諾しています。選ぶと、すぐに双方の連絡先をお知らせします。"
            en="Ordered by the matching fit, best first (applications without a score last). Applicants accepted by applying: selecting one shares both contacts at once."
          />
        </p>
      </Page>,
    );
  });
