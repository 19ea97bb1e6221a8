import { hasOrgRole } from './access';
import { tokyoDate } from './common';
import { ConflictError } from './errors';
import { type Match, type MatchStatus, type Outcome, SIDES, type Side } from './match';
import type { Actor } from './person';

// Double opt-in (PRODUCT.md "Introductions"): proposed → accepted by one side → connected when
// both accept, or declined (final for the pair) or expired. The offer side's acceptance takes one
// of the offer's slots; a later decline or expiry gives it back. Pure: the store applies the
// result with conditions, so two answers at once cannot both win.

export interface IntroductionSettings {
  /** Days a proposal waits for both answers. */
  respondDays: number;
  /** Days before the deadline the one reminder goes out. */
  reminderDaysBefore: number;
  /** Days after connecting both sides are asked about the outcome. */
  followUpDays: number;
  /** Unanswered proposals an organisation may have waiting on one side at once (the fair inbox). */
  inboxCap: number;
}

export const DEFAULT_INTRODUCTION_SETTINGS: IntroductionSettings = {
  respondDays: 14,
  reminderDaysBefore: 3,
  followUpDays: 30,
  inboxCap: 5,
};

const DAY_MS = 86_400_000;

/**
 * When an unanswered proposal expires: the end of the day in Japan, `respondDays` after it was
 * made. Mails and pages print that day ("12月9日までに"), so all of it must still count.
 */
export function respondByOf(createdAt: string, settings: IntroductionSettings): string {
  const day = tokyoDate(new Date(Date.parse(createdAt) + settings.respondDays * DAY_MS));
  return new Date(`${day}T23:59:59.999+09:00`).toISOString();
}

/** What a change does to the offer's slots, applied atomically with the match. */
export type SlotChange = 'take' | 'release' | 'none';

export interface Transition {
  match: Match;
  /** The status before, for the conditional write. */
  from: MatchStatus;
  slot: SlotChange;
  /** Both sides have now accepted: the contact mails go out. */
  connected: boolean;
  /** Sides that no longer wait to answer: their count of unanswered proposals goes down by one. */
  inboxRelease: Side[];
}

/** The sides that have still to answer: what a new proposal counts against the inbox cap. */
export const awaitingSides = (match: Match): Side[] => SIDES.filter((side) => awaitsAnswerFrom(match, side));

/**
 * The transition with the inbox bookkeeping: a side counted when the match was proposed is
 * released once it no longer waits to answer (it answered, or the match closed).
 */
function transition(next: Match, from: MatchStatus, change: SlotChange, connected: boolean): Transition {
  // An organisation that offered its help without an offer of its own has no slots.
  const slot = next.offerId ? change : 'none';
  const counted = next.inboxCounted ?? [];
  if (counted.length === 0) return { match: next, from, slot, connected, inboxRelease: [] };
  const still = counted.filter((side) => awaitsAnswerFrom(next, side));
  return {
    match: { ...next, inboxCounted: still },
    from,
    slot,
    connected,
    inboxRelease: counted.filter((side) => !still.includes(side)),
  };
}

const unchanged = (match: Match): Transition => ({
  match,
  from: match.status,
  slot: 'none',
  connected: false,
  inboxRelease: [],
});

const isOpen = (status: MatchStatus): status is 'proposed' | 'accepted' =>
  status === 'proposed' || status === 'accepted';

export const otherSide = (side: Side): Side => (side === 'need' ? 'offer' : 'need');

/** The organisation on one side of a match. */
export const organizationOf = (match: Match, side: Side): string =>
  side === 'need' ? match.needOrganizationId : match.offerOrganizationId;

/** The sides a person may answer for: those where they are an editor (or owner) of the organisation. */
export const answerableSides = (actor: Actor, match: Match): Side[] =>
  SIDES.filter((side) => hasOrgRole(actor, organizationOf(match, side), 'editor'));

type ClosedStatus = Exclude<MatchStatus, 'proposed' | 'accepted'>;

function closedError(status: ClosedStatus): ConflictError {
  switch (status) {
    case 'connected':
      return new ConflictError(
        'このご提案はすでに双方が承諾し、つながりました。 Both sides have already accepted this introduction.',
        'match-connected',
      );
    case 'declined':
      return new ConflictError(
        'このご提案は見送りとなりました。 This introduction was declined.',
        'match-declined',
      );
    case 'expired':
      return new ConflictError(
        'このご提案は回答期限を過ぎました。 This introduction has expired.',
        'match-expired',
      );
    default: {
      const never: never = status;
      return never;
    }
  }
}

function requireOpen(match: Match, now: string): void {
  if (!isOpen(match.status)) throw closedError(match.status);
  if (now >= match.respondBy) throw closedError('expired');
}

/**
 * One side accepts. Accepting twice is a no-op (a link clicked twice says "accepted", not
 * "error"); accepting after declining is not possible because a decline closes the match.
 */
export function acceptMatch(match: Match, side: Side, now: string, personId?: string): Transition {
  // Also once the other side's acceptance has connected the two (a retry, a second click):
  // connected means both accepted.
  if (match.status === 'connected') return unchanged(match);
  requireOpen(match, now);
  if (match.responses[side]?.decision === 'accepted') return unchanged(match);
  const responses = { ...match.responses, [side]: { decision: 'accepted' as const, at: now, personId } };
  const connected = responses[otherSide(side)]?.decision === 'accepted';
  return transition(
    {
      ...match,
      responses,
      status: connected ? 'connected' : 'accepted',
      ...(connected ? { connectedAt: now } : {}),
      updatedAt: now,
      version: match.version + 1,
    },
    match.status,
    side === 'offer' ? 'take' : 'none',
    connected,
  );
}

/** One side declines: final for the pair. The reason is kept for the secretariat only. */
export function declineMatch(
  match: Match,
  side: Side,
  now: string,
  reason?: string,
  personId?: string,
): Transition {
  requireOpen(match, now);
  return transition(
    {
      ...match,
      responses: { ...match.responses, [side]: { decision: 'declined', at: now, personId } },
      status: 'declined',
      ...(reason ? { declineReason: reason } : {}),
      updatedAt: now,
      version: match.version + 1,
    },
    match.status,
    offerHoldsSlot(match) ? 'release' : 'none',
    false,
  );
}

export function expireMatch(match: Match, now: string): Transition {
  if (!isOpen(match.status)) throw closedError(match.status);
  return transition(
    { ...match, status: 'expired', updatedAt: now, version: match.version + 1 },
    match.status,
    offerHoldsSlot(match) ? 'release' : 'none',
    false,
  );
}

function offerHoldsSlot(match: Match): boolean {
  return match.responses.offer?.decision === 'accepted';
}

/** Either side says what came of a connection; a later answer replaces an earlier one. */
export function recordOutcome(
  match: Match,
  side: Side,
  outcome: Outcome,
  now: string,
  personId?: string,
): Match {
  if (match.status !== 'connected') {
    throw new ConflictError(
      '連携の結果は、双方がつながった後にお知らせください。 Outcomes can be reported once both sides are connected.',
      'match-not-connected',
    );
  }
  return {
    ...match,
    outcomes: { ...match.outcomes, [side]: { outcome, at: now, personId } },
    updatedAt: now,
    version: match.version + 1,
  };
}

export type DueAction = 'remind' | 'expire' | 'follow-up';

/** What time alone makes due on a match now, if anything. */
export function dueAction(match: Match, now: string, settings: IntroductionSettings): DueAction | undefined {
  const at = Date.parse(now);
  if (isOpen(match.status)) {
    const deadline = Date.parse(match.respondBy);
    if (at >= deadline) return 'expire';
    // An open call's applicants are not reminded: they have answered; the offerer selects.
    if (
      !match.remindedAt &&
      match.origin !== 'open_call' &&
      at >= deadline - settings.reminderDaysBefore * DAY_MS
    )
      return 'remind';
    return undefined;
  }
  // No need to ask when both sides have told us already.
  const answered = match.outcomes.need !== undefined && match.outcomes.offer !== undefined;
  if (match.status === 'connected' && !match.followUpAt && match.connectedAt && !answered) {
    if (at >= Date.parse(match.connectedAt) + settings.followUpDays * DAY_MS) return 'follow-up';
  }
  return undefined;
}

/** Whether a side has still to answer an open proposal (digest: "waiting for your answer"). */
export function awaitsAnswerFrom(match: Match, side: Side): boolean {
  return isOpen(match.status) && match.responses[side] === undefined;
}

/**
 * The match as the two organisations see it: the decline reason is the secretariat's only, and
 * who answered (a person id) stays with the secretariat too.
 */
export function matchForMembers(match: Match): Match {
  const { declineReason: _reason, responses, outcomes, ...rest } = match;
  const anonymous = <T extends { personId?: string | undefined }>(x: T) => {
    const { personId: _person, ...kept } = x;
    return kept;
  };
  return {
    ...rest,
    responses: {
      ...(responses.need ? { need: anonymous(responses.need) as typeof responses.need } : {}),
      ...(responses.offer ? { offer: anonymous(responses.offer) as typeof responses.offer } : {}),
    },
    outcomes: {
      ...(outcomes.need ? { need: anonymous(outcomes.need) as typeof outcomes.need } : {}),
      ...(outcomes.offer ? { offer: anonymous(outcomes.offer) as typeof outcomes.offer } : {}),
    },
  };
}
