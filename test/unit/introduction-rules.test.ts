import { describe, expect, it } from 'vitest';
import {
  type Actor,
  acceptMatch,
  answerableSides,
  awaitingSides,
  type ConflictError,
  declineMatch,
  dueAction,
  expireMatch,
  matchForMembers,
  type OrgRole,
  organizationOf,
  otherSide,
  recordOutcome,
  respondByOf,
} from '#domain';
import { at, connectedMatch, expectConflict, proposal, settings } from './fixtures/introduction';

// The rules of the double opt-in that introduction.test.ts left unpinned (issue 27: a mutant of
// shared/domain/introduction.ts that no unit test noticed): the deadline's day in Japan, who
// answers for which side, what a decline and an expiry record, when an open call is not
// reminded, when the outcome is asked, and what the members see of who answered.

const NEED_ORG = proposal().needOrganizationId;
const OFFER_ORG = proposal().offerOrganizationId;

const actor = (roles: Record<string, OrgRole>): Actor =>
  ({ orgRoles: new Map(Object.entries(roles)), secretariatOf: new Set() }) as unknown as Actor;

describe('respondByOf', () => {
  it('is the end of the day in Japan, respondDays after the proposal', () => {
    // 10:00 in Tokyo on 2 November + 14 days: all of 16 November still counts.
    expect(respondByOf('2026-11-02T01:00:00.000Z', settings)).toBe('2026-11-16T14:59:59.999Z');
    // 01:00 in Tokyo on 3 November (16:00 UTC the day before): 17 November.
    expect(respondByOf('2026-11-02T16:00:00.000Z', settings)).toBe('2026-11-17T14:59:59.999Z');
    expect(respondByOf('2026-11-02T01:00:00.000Z', { ...settings, respondDays: 7 })).toBe(
      '2026-11-09T14:59:59.999Z',
    );
  });
});

describe('sides', () => {
  it('each side is its organisation, and the other side is the other one', () => {
    expect(organizationOf(proposal(), 'need')).toBe(NEED_ORG);
    expect(organizationOf(proposal(), 'offer')).toBe(OFFER_ORG);
    expect(otherSide('need')).toBe('offer');
    expect(otherSide('offer')).toBe('need');
  });

  it('a person answers for the sides whose organisation they edit or own, not view', () => {
    expect(answerableSides(actor({ [NEED_ORG]: 'editor' }), proposal())).toEqual(['need']);
    expect(answerableSides(actor({ [OFFER_ORG]: 'owner' }), proposal())).toEqual(['offer']);
    expect(answerableSides(actor({ [NEED_ORG]: 'owner', [OFFER_ORG]: 'editor' }), proposal())).toEqual([
      'need',
      'offer',
    ]);
    expect(answerableSides(actor({ [NEED_ORG]: 'viewer' }), proposal())).toEqual([]);
  });

  it('waits for the sides that have not answered, until it closes', () => {
    expect(awaitingSides(proposal())).toEqual(['need', 'offer']);
    const accepted = acceptMatch(proposal(), 'need', at(1)).match;
    expect(awaitingSides(accepted)).toEqual(['offer']);
    expect(awaitingSides(connectedMatch())).toEqual([]);
    expect(awaitingSides(expireMatch(proposal(), at(15)).match)).toEqual([]);
  });
});

describe('an organisation that wrote without an offer of its own', () => {
  it('takes no slot when it accepts and gives none back when it declines', () => {
    const { offerId: _none, ...rest } = proposal();
    const accepted = acceptMatch(rest, 'offer', at(1));
    expect(accepted.slot).toBe('none');
    expect(declineMatch(accepted.match, 'need', at(2)).slot).toBe('none');
    // With its offer, the same acceptance takes one.
    expect(acceptMatch(proposal(), 'offer', at(1)).slot).toBe('take');
  });
});

describe('answers to a closed introduction', () => {
  it('say why in words: connected, declined, expired', () => {
    const message = (answer: () => unknown) => {
      try {
        answer();
      } catch (error) {
        return (error as ConflictError).message;
      }
      return '';
    };
    const declined = declineMatch(proposal(), 'offer', at(1)).match;
    expect(message(() => declineMatch(connectedMatch(), 'need', at(3)))).toContain('つながりました');
    expect(message(() => acceptMatch(declined, 'need', at(2)))).toContain('見送り');
    expect(message(() => acceptMatch(proposal(), 'need', at(15)))).toContain('回答期限を過ぎました');
  });

  it('a side that accepted and clicks again after a decline or the deadline is told so', () => {
    const needAccepted = acceptMatch(proposal(), 'need', at(1)).match;
    const declined = declineMatch(needAccepted, 'offer', at(2)).match;
    expectConflict(() => acceptMatch(declined, 'need', at(3)), 'match-declined');
    expectConflict(() => acceptMatch(needAccepted, 'need', at(15)), 'match-expired');
  });
});

describe('what a decline and an expiry record', () => {
  it('a decline keeps who said no and when, the reason, and a new version; it connects nothing', () => {
    const t = declineMatch(proposal(), 'need', at(1), '日程が合いませんでした', '01JD00000000000000000000P2');
    expect(t.match.responses.need).toEqual({
      decision: 'declined',
      at: at(1),
      personId: '01JD00000000000000000000P2',
    });
    expect(t.match).toMatchObject({
      status: 'declined',
      declineReason: '日程が合いませんでした',
      updatedAt: at(1),
      version: 2,
    });
    expect(t.connected).toBe(false);
    expect(declineMatch(proposal(), 'need', at(1)).match.declineReason).toBeUndefined();
  });

  it('an expiry closes it with a new version and connects nothing', () => {
    const t = expireMatch(acceptMatch(proposal(), 'need', at(1)).match, at(15));
    expect(t.match).toMatchObject({ status: 'expired', updatedAt: at(15), version: 3 });
    expect(t.connected).toBe(false);
  });

  it('an outcome before connecting is refused in words', () => {
    expectConflict(() => recordOutcome(proposal(), 'need', 'formed', at(1)), 'match-not-connected');
    try {
      recordOutcome(proposal(), 'need', 'formed', at(1));
    } catch (error) {
      expect((error as ConflictError).message).toContain('つながった後に');
    }
  });
});

describe('dueAction', () => {
  it('does not remind an open call’s applicant (it has answered; the offerer selects)', () => {
    const application = proposal({
      origin: 'open_call',
      responses: { need: { decision: 'accepted', at: at(0) } },
    });
    expect(dueAction(application, at(12), settings)).toBeUndefined();
    expect(dueAction(proposal({ origin: 'interest' }), at(12), settings)).toBe('remind');
    expect(dueAction(application, at(14), settings)).toBe('expire');
  });

  it('asks for the outcome while either side has not said it, and only once', () => {
    const connected = connectedMatch(at(2));
    const later = at(33);
    expect(dueAction(connected, later, settings)).toBe('follow-up');
    const needSaid = recordOutcome(connected, 'need', 'formed', at(10));
    expect(dueAction(needSaid, later, settings)).toBe('follow-up');
    const offerSaid = recordOutcome(connected, 'offer', 'in_progress', at(10));
    expect(dueAction(offerSaid, later, settings)).toBe('follow-up');
    expect(dueAction(recordOutcome(needSaid, 'offer', 'formed', at(11)), later, settings)).toBeUndefined();
    expect(dueAction({ ...connected, followUpAt: at(32) }, later, settings)).toBeUndefined();
    expect(dueAction(declineMatch(proposal(), 'need', at(1)).match, later, settings)).toBeUndefined();
  });
});

describe('matchForMembers', () => {
  it('keeps both sides’ answers and outcomes, without who gave them, and no decline reason', () => {
    const person = '01JD00000000000000000000P3';
    const connected = acceptMatch(
      acceptMatch(proposal(), 'need', at(1), person).match,
      'offer',
      at(2),
      person,
    ).match;
    const reported = recordOutcome(
      recordOutcome(connected, 'need', 'formed', at(10), person),
      'offer',
      'not_formed',
      at(11),
      person,
    );
    const seen = matchForMembers({ ...reported, declineReason: '社内の都合' });
    expect(seen.responses).toEqual({
      need: { decision: 'accepted', at: at(1) },
      offer: { decision: 'accepted', at: at(2) },
    });
    expect(seen.outcomes).toEqual({
      need: { outcome: 'formed', at: at(10) },
      offer: { outcome: 'not_formed', at: at(11) },
    });
    expect(seen).not.toHaveProperty('declineReason');
    expect(JSON.stringify(seen)).not.toContain(person);
  });
});
