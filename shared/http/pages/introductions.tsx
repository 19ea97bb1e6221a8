import { type Context, Hono } from 'hono';
import { answerIntroduction, reportOutcome } from '#batch';
import {
  type Actor,
  answerableSides,
  DomainError,
  fieldLabel,
  hasOrgRole,
  isSecretariat,
  kindLabel,
  type Match,
  type Need,
  NotFoundError,
  type Offer,
  OUTCOME_LABELS,
  OUTCOMES,
  type Outcome,
  organizationOf,
  placeLabel,
  SIDES,
  type Side,
  tokyoDate,
} from '#domain';
import { requireMatchReader, requirePlatformReader, requirePostingReader } from '../access';
import type { AppEnv } from '../env';
import { declineReasonOf } from './forms';
import { signedInPage } from './guard';
import { Page } from './layout';
import { render } from './view';

// The pages the mails link to: one introduction (answer it, see the contact once connected,
// report the outcome), one need or offer, and a platform's open needs and offers. Forms carry
// the session's CSRF token as `_csrf`. The full web app grows from here.

type C = Context<AppEnv>;

const STATUS: Record<Match['status'], string> = {
  proposed: 'ご回答待ち / Waiting for answers',
  accepted: '一方が承諾済み / Accepted by one side',
  connected: 'つながりました / Connected',
  declined: '見送り / Declined',
  expired: '回答期限切れ / Expired',
};

const answerLabel = (m: Match, side: Side) => {
  const r = m.responses[side];
  return r ? (r.decision === 'accepted' ? '承諾 / Accepted' : '見送り / Declined') : '未回答 / Not yet';
};

async function matchPage(c: C, actor: Actor, matchId: string, error?: string): Promise<Response> {
  const ctx = c.var.ctx;
  const match = requireMatchReader(actor, await ctx.store.matches.get(matchId));
  const [need, offer, needOrg, offerOrg, platform] = await Promise.all([
    ctx.store.needs.require(match.needId),
    ctx.store.offers.require(match.offerId),
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
  return render(
    c,
    <Page title="つながりのご提案">
      <p class="note">{platform.name}</p>
      <h1>つながりのご提案 / Introduction</h1>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <p>
        <strong>{STATUS[match.status]}</strong>
        {open ? <> ・ 回答期限 {tokyoDate(new Date(match.respondBy))}</> : null}
      </p>
      <p>{match.explanation.ja}</p>
      <p class="note">{match.explanation.en}</p>
      <table>
        <tbody>
          <tr>
            <th scope="row">ニーズ / Need</th>
            <td>
              <a href={`/needs/${need.id}`}>{need.title}</a>（{needOrg.name}）・ {answerLabel(match, 'need')}
            </td>
          </tr>
          <tr>
            <th scope="row">支援の申し出 / Offer</th>
            <td>
              <a href={`/offers/${offer.id}`}>{offer.title}</a>（{offerOrg.name}）・{' '}
              {answerLabel(match, 'offer')}
            </td>
          </tr>
        </tbody>
      </table>
      {contactsShown.map((s) => (
        <section>
          <h2>連絡先 / Contact: {org[s].name}</h2>
          <p>
            {org[s].contact.name} ・ <a href={`mailto:${org[s].contact.email}`}>{org[s].contact.email}</a>
          </p>
        </section>
      ))}
      {secretariat && match.declineReason ? (
        <p>見送りの理由（事務局のみ閲覧） / Reason: {match.declineReason}</p>
      ) : null}
      {open
        ? mine
            .filter((s) => match.responses[s] === undefined)
            .map((s) => (
              <section>
                <h2>{s === 'need' ? 'ニーズ側' : '申し出側'}として回答する / Answer for your side</h2>
                <form method="post" action={`/matches/${match.id}/accept`}>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <input type="hidden" name="side" value={s} />
                  <button type="submit">承諾する / Accept</button>
                </form>
                <form method="post" action={`/matches/${match.id}/decline`}>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <input type="hidden" name="side" value={s} />
                  <p>
                    <label for={`reason-${s}`}>
                      見送りの理由（任意・事務局のみ閲覧） / Reason (optional)
                    </label>
                    <br />
                    <textarea id={`reason-${s}`} name="reason" rows={2} maxlength={1000} style="width:100%" />
                  </p>
                  <button type="submit">見送る / Decline</button>
                </form>
              </section>
            ))
        : null}
      {match.status === 'connected'
        ? mine.map((s) => (
            <form method="post" action={`/matches/${match.id}/outcome`}>
              <fieldset>
                <legend>連携の状況 / What came of it</legend>
                <input type="hidden" name="_csrf" value={csrf} />
                <input type="hidden" name="side" value={s} />
                {OUTCOMES.map((o) => (
                  <label style="display:block">
                    <input type="radio" name="outcome" value={o} checked={match.outcomes[s]?.outcome === o} />{' '}
                    {OUTCOME_LABELS[o].ja} / {OUTCOME_LABELS[o].en}
                  </label>
                ))}
                <button type="submit">回答する / Send</button>
              </fieldset>
            </form>
          ))
        : null}
    </Page>,
    error ? 409 : 200,
  );
}

async function answer(c: C, action: 'accept' | 'decline' | 'outcome'): Promise<Response> {
  return signedInPage(c, async (actor) => {
    const matchId = c.req.param('matchId') ?? '';
    const match = requireMatchReader(actor, await c.var.ctx.store.matches.get(matchId));
    const form = await c.req.parseBody();
    const side = SIDES.find((s) => s === form.side);
    if (!side || !answerableSides(actor, match).includes(side)) {
      return matchPage(
        c,
        actor,
        matchId,
        'この側の団体の編集者のみが回答できます。 Only an editor of that side can answer.',
      );
    }
    try {
      if (action === 'outcome') {
        const outcome = OUTCOMES.find((o) => o === form.outcome) as Outcome | undefined;
        if (!outcome) return matchPage(c, actor, matchId, '連携の状況を選んでください。 Please choose one.');
        await reportOutcome(c.var.ctx, { matchId, side, outcome, personId: actor.person.id });
      } else {
        await answerIntroduction(c.var.ctx, {
          matchId,
          side,
          decision: action,
          reason: declineReasonOf(form),
          personId: actor.person.id,
        });
      }
    } catch (error) {
      if (error instanceof DomainError && error.status === 409)
        return matchPage(c, actor, matchId, error.detail);
      throw error;
    }
    return c.redirect(`/matches/${matchId}`, 303);
  });
}

const n = (x: number) => x.toLocaleString('ja-JP');

/** The capacity in words, e.g. 30名・月2回, 50万円, 30kg. */
function capacityLines(p: Need | Offer): string[] {
  const c = p.capacity as Record<string, number | string | undefined>;
  const out: string[] = [];
  const num = (key: string) => (typeof c[key] === 'number' ? (c[key] as number) : undefined);
  const people = num('people');
  if (people !== undefined) out.push(p.kind === 'venue' ? `定員${n(people)}名` : `${n(people)}名`);
  const sessions = num('sessionsPerMonth');
  if (sessions !== undefined) out.push(`月${n(sessions)}回`);
  const hours = num('hoursPerMonth');
  if (hours !== undefined) out.push(`月${n(hours)}時間`);
  const positions = num('positions');
  if (positions !== undefined) out.push(`${n(positions)}人分`);
  const amount = num('amountJpy');
  if (amount !== undefined) out.push(`${n(amount)}円`);
  const minimum = num('minAmountJpy');
  if (minimum !== undefined) out.push(`最低${n(minimum)}円`);
  const quantity = num('quantity');
  if (quantity !== undefined) out.push(c.unit === 'kg' ? `${n(quantity)}kg` : `${n(quantity)}点`);
  const reach = num('reach');
  if (reach !== undefined) out.push(`約${n(reach)}人に届く`);
  if (typeof c.note === 'string') out.push(c.note);
  return out;
}

async function postingPage(c: C, kind: 'need' | 'offer'): Promise<Response> {
  return signedInPage(c, async (actor) => {
    const ctx = c.var.ctx;
    const repo = kind === 'need' ? ctx.store.needs : ctx.store.offers;
    const posting = await repo.get(c.req.param('id') ?? '');
    if (!posting) throw new NotFoundError(kind);
    await requirePostingReader(ctx, actor, posting, kind);
    const org = await ctx.store.organizations.require(posting.organizationId);
    const label = kind === 'need' ? 'ニーズ / Need' : '支援の申し出 / Offer';
    return render(
      c,
      <Page title={posting.title}>
        <p class="note">
          {label} ・ {kindLabel(posting.kind, 'ja')} ・{' '}
          {posting.status === 'open' ? '募集中 / Open' : '終了 / Closed'}
        </p>
        <h1>{posting.title}</h1>
        <p>{org.name}</p>
        <p style="white-space:pre-wrap">{posting.description}</p>
        <dl>
          <dt>分野 / Fields</dt>
          <dd>
            {posting.fields === 'any'
              ? 'すべての分野'
              : posting.fields.map((f) => fieldLabel(f, 'ja')).join('・')}
          </dd>
          <dt>{kind === 'need' ? '場所 / Where' : '対応地域 / Service area'}</dt>
          <dd>{placeLabel(posting, 'ja')}</dd>
          <dt>規模 / Capacity</dt>
          <dd>{capacityLines(posting).join(' ・ ')}</dd>
          <dt>期間 / Period</dt>
          <dd>
            {posting.period.start} 〜 {posting.period.end ?? ''}
          </dd>
        </dl>
      </Page>,
    );
  });
}

async function listPage(c: C, kind: 'need' | 'offer'): Promise<Response> {
  return signedInPage(c, async (actor) => {
    const ctx = c.var.ctx;
    const platformId = c.req.param('platformId') ?? '';
    const platform = await ctx.store.platforms.get(platformId);
    if (!platform) throw new NotFoundError('platform');
    await requirePlatformReader(ctx, actor, platformId);
    const repo = kind === 'need' ? ctx.store.needs : ctx.store.offers;
    const cursor = c.req.query('cursor');
    let page: Awaited<ReturnType<typeof repo.ofPlatform>>;
    try {
      page = await repo.ofPlatform(platformId, { status: 'open', limit: 20, cursor });
    } catch (error) {
      if (error instanceof DomainError && error.status === 400) throw new NotFoundError('page');
      throw error;
    }
    const title = kind === 'need' ? '募集中のニーズ / Open needs' : '受付中の支援の申し出 / Open offers';
    return render(
      c,
      <Page title={title}>
        <p class="note">{platform.name}</p>
        <h1>{title}</h1>
        <ul>
          {page.items.map((p) => (
            <li>
              <a href={`/${kind}s/${p.id}`}>{p.title}</a>（{kindLabel(p.kind, 'ja')} ・ {placeLabel(p, 'ja')}
              ）
            </li>
          ))}
        </ul>
        {page.items.length === 0 ? <p>いまは掲載がありません。 Nothing open right now.</p> : null}
        {page.cursor ? (
          <p>
            <a href={`/platforms/${platformId}/${kind}s?cursor=${encodeURIComponent(page.cursor)}`}>
              次のページ / Next
            </a>
          </p>
        ) : null}
      </Page>,
    );
  });
}

export const introductionPages = new Hono<AppEnv>()
  .get('/matches/:matchId', (c) => signedInPage(c, (actor) => matchPage(c, actor, c.req.param('matchId'))))
  .post('/matches/:matchId/accept', (c) => answer(c, 'accept'))
  .post('/matches/:matchId/decline', (c) => answer(c, 'decline'))
  .post('/matches/:matchId/outcome', (c) => answer(c, 'outcome'))
  .get('/needs/:id', (c) => postingPage(c, 'need'))
  .get('/offers/:id', (c) => postingPage(c, 'offer'))
  .get('/platforms/:platformId/needs', (c) => listPage(c, 'need'))
  .get('/platforms/:platformId/offers', (c) => listPage(c, 'offer'));
