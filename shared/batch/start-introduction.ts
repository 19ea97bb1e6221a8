import { ulid } from 'ulid';
import type { AppContext } from '#context';
import {
  type AuditEntry,
  awaitingSides,
  ConflictError,
  type Match,
  type MatchOrigin,
  type Need,
  type Offer,
  openCallClosedError,
  openCallIsOpen,
  openCallRespondBy,
  type PairParties,
  respondByOf,
  type Side,
  tokyoDate,
  ValidationError,
} from '#domain';
import { explain, scorePair } from '#matching';
import { introductionLoader, introductionMails } from './introduction-mails';

// Introductions started by people (issue 19): a member's 関心がある on a need or an offer, and
// the secretariat pairing two postings by hand. The same double opt-in as a round's proposal —
// mails, reminders, expiry, slots, outcomes — and the rules that protect people still hold (one
// platform, both approved members, never a pair declined before, never oneself); the engine's
// score filters do not, but its score and reasons are kept when the pair passes them.

export interface StartInput {
  /** Absent when the need side's organisation writes without a need of its own. */
  need?: Need | undefined;
  /** Absent when the offer side's organisation offers its help without an offer of its own. */
  offer?: Offer | undefined;
  origin: Exclude<MatchOrigin, 'round'>;
  /** The side that started it and so has accepted already; none when the secretariat pairs them. */
  initiator?: Side | undefined;
  /** The starting organisation: needed when it writes without a posting of its own. */
  initiatorOrganizationId?: string | undefined;
  /** The starter's note: the interested organisation's message, or the secretariat's 「事務局より」. */
  message: string;
  personId?: string | undefined;
  /** An open call's application: the checked answers to its questions. */
  answers?: Record<string, string> | undefined;
  /** The audit entry of a secretariat's introduction, written in the same transaction. */
  audit?: ((match: Match) => AuditEntry) | undefined;
}

/** Writes the new introduction with its mails, or explains (409) why it cannot be made. */
export async function startIntroduction(ctx: AppContext, input: StartInput): Promise<Match> {
  const { need, offer, initiator } = input;
  const parties = partiesOf(input);
  await requireFreshPair(ctx, parties, [need, offer]);
  const now = ctx.now().toISOString();
  // An application to an open call: taken until the end of its deadline day; its applicants wait
  // on the call's applicants page (not in the offerer's inbox) until the selection period ends.
  const call = input.origin === 'open_call' ? offer?.openCall : undefined;
  if (call && !openCallIsOpen(call, now)) throw openCallClosedError();
  const scored = need && offer ? scorePair(need, offer, tokyoDate(ctx.now())) : { ok: false as const };
  const accepted = initiator && {
    [initiator]: { decision: 'accepted' as const, at: now, personId: input.personId },
  };
  const draft: Match = {
    id: ulid(),
    ...parties,
    origin: input.origin,
    kind: (offer ?? need)!.kind,
    ...(scored.ok
      ? {
          score: scored.score,
          breakdown: { ...scored.breakdown },
          explanation: { ja: explain(scored.facts, 'ja'), en: explain(scored.facts, 'en') },
        }
      : {}),
    message: { from: initiator ?? 'secretariat', text: input.message },
    ...(call ? { application: { answers: input.answers ?? {} } } : {}),
    status: accepted ? 'accepted' : 'proposed',
    respondBy: call ? openCallRespondBy(call) : respondByOf(now, ctx.config.introductions),
    responses: accepted ?? {},
    outcomes: {},
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const match: Match = { ...draft, inboxCounted: call ? [] : awaitingSides(draft) };
  const data = await introductionLoader(ctx)(match, { need, offer });
  const result = await ctx.store.matches.propose(
    match,
    // The offerer is not mailed per application (its applicants page is its inbox); the
    // applicant receives a receipt.
    introductionMails(ctx, match, data, call ? 'received' : 'proposed', now),
    {
      cap: ctx.config.introductions.inboxCap,
      // The offer side that starts it has accepted: that takes one of its slots at once.
      ...(initiator === 'offer' ? { slot: 'take' as const } : {}),
      ...(input.audit ? { audit: input.audit(match) } : {}),
    },
  );
  switch (result) {
    case 'proposed':
      ctx.log.info('introduction started', { matchId: match.id, origin: match.origin, initiator });
      return match;
    case 'pair-exists':
      // Someone started the same pair a moment ago: say what the pair now is.
      await requireFreshPair(ctx, parties, [need, offer]);
      throw pairExists();
    case 'inbox-full':
      throw new ConflictError(
        '先方の団体には、回答待ちのご提案がすでに上限まであります。先方が回答すると送れるようになりますので、数日後にもう一度お試しください。 The other organisation has as many introductions waiting for its answer as it may have; please try again in a few days.',
        'inbox-full',
      );
    case 'offer-full':
      throw new ConflictError(
        'この支援の申し出は受け入れ枠がいっぱいか、受付を終了しています。 This offer has no slot left or is closed.',
        'offer-full',
      );
    default: {
      const never: never = result;
      return never;
    }
  }
}

const pairExists = () =>
  new ConflictError(
    'このニーズと支援の申し出の間には、すでにご提案があります。 This need and offer already have an introduction.',
    'match-exists',
  );

/** The two sides: each posting, or the starting organisation where it wrote without one. */
function partiesOf({ need, offer, initiatorOrganizationId }: StartInput): PairParties {
  const posting = need ?? offer;
  const needOrganizationId = need?.organizationId ?? initiatorOrganizationId;
  const offerOrganizationId = offer?.organizationId ?? initiatorOrganizationId;
  if (!posting || !needOrganizationId || !offerOrganizationId) {
    throw new Error('an introduction needs two postings, or one and the organisation that starts it');
  }
  return {
    platformId: posting.platformId,
    ...(need ? { needId: need.id } : {}),
    ...(offer ? { offerId: offer.id } : {}),
    needOrganizationId,
    offerOrganizationId,
  };
}

/**
 * The rules a person cannot override: one platform, two organisations, both approved members,
 * open postings, and a pair that was never declined and has no introduction open or connected.
 */
async function requireFreshPair(
  ctx: AppContext,
  parties: PairParties,
  postings: readonly (Need | Offer | undefined)[],
): Promise<void> {
  const posted = postings.filter((p) => p !== undefined);
  if (posted.some((p) => p.platformId !== parties.platformId)) {
    throw new ValidationError([
      {
        path: 'postingId',
        message:
          '同じプラットフォームの掲載どうしだけをつなげます。 Both postings must be on the same platform.',
      },
    ]);
  }
  if (parties.needOrganizationId === parties.offerOrganizationId) {
    throw new ConflictError(
      'ご自身の団体の掲載どうしはつなげません。 An organisation cannot be introduced to itself.',
      'self-introduction',
    );
  }
  for (const posting of posted) {
    if (posting.status !== 'open') {
      throw new ConflictError(
        `「${posting.title}」は受付を終了しています。 "${posting.title}" is closed.`,
        'closed',
      );
    }
  }
  const [needMember, offerMember, pair] = await Promise.all([
    ctx.store.memberships.get(parties.platformId, parties.needOrganizationId),
    ctx.store.memberships.get(parties.platformId, parties.offerOrganizationId),
    ctx.store.matches.pair(parties),
  ]);
  if (needMember?.status !== 'approved' || offerMember?.status !== 'approved') {
    throw new ConflictError(
      'つなげるのは、このプラットフォームの承認済みメンバーどうしだけです。 Both organisations must be approved members of this platform.',
      'membership-state',
    );
  }
  if (pair?.status === 'declined') {
    throw new ConflictError(
      'この組み合わせは以前に見送られています。見送りは最終的なもので、改めてつなぐことはありません。 This pair was declined before; a decline is final.',
      'pair-declined',
    );
  }
  if (pair && pair.status !== 'expired') throw pairExists();
}
