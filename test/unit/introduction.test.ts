import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptMatch,
  awaitsAnswerFrom,
  ConflictError,
  declineMatch,
  dueAction,
  expireMatch,
  type Match,
  matchForMembers,
  recordOutcome,
  type Side,
  type SlotChange,
  type Transition,
} from '#domain';

// The double opt-in as pure transitions: who connects when, what happens to the offer's slot,
// and what time alone makes due.

import { at, CREATED, connectedMatch, expectConflict, proposal, settings } from './fixtures/introduction';

describe('acceptMatch', () => {
  it('connects only when both sides have accepted', () => {
    const one = acceptMatch(proposal(), 'need', at(1));
    expect(one).toMatchObject({ connected: false, slot: 'none', from: 'proposed' });
    expect(one.match.status).toBe('accepted');
    expect(one.match.connectedAt).toBeUndefined();

    const both = acceptMatch(one.match, 'offer', at(2));
    expect(both).toMatchObject({ connected: true, slot: 'take', from: 'accepted' });
    expect(both.match).toMatchObject({ status: 'connected', connectedAt: at(2), version: 3 });
  });

  it("takes one of the offer's slots when the offer side accepts, first or second", () => {
    const offerFirst = acceptMatch(proposal(), 'offer', at(1));
    expect(offerFirst.slot).toBe('take');
    expect(acceptMatch(offerFirst.match, 'need', at(2))).toMatchObject({ slot: 'none', connected: true });
  });

  it('records who accepted and when', () => {
    const { match } = acceptMatch(proposal(), 'need', at(1), '01JD00000000000000000000P1');
    expect(match.responses.need).toEqual({
      decision: 'accepted',
      at: at(1),
      personId: '01JD00000000000000000000P1',
    });
    expect(match.responses.offer).toBeUndefined();
  });

  it('changes nothing when the same side accepts again, before or after connecting', () => {
    const once = acceptMatch(proposal(), 'offer', at(1)).match;
    const twice = acceptMatch(once, 'offer', at(2));
    expect(twice.match).toBe(once);
    expect(twice).toMatchObject({ slot: 'none', connected: false });

    const connected = connectedMatch();
    const again = acceptMatch(connected, 'need', at(3));
    expect(again.match).toBe(connected);
    expect(again).toMatchObject({ slot: 'none', connected: false });
  });

  it('refuses an answer at or after the deadline, even before the sweep has expired the match', () => {
    expect(acceptMatch(proposal(), 'need', new Date(Date.parse(at(14)) - 1).toISOString()).match.status).toBe(
      'accepted',
    );
    expectConflict(() => acceptMatch(proposal(), 'need', at(14)), 'match-expired');
    expectConflict(() => declineMatch(proposal(), 'offer', at(15)), 'match-expired');
  });
});

describe('declineMatch', () => {
  it('is final for the pair: neither side can accept afterwards', () => {
    const declined = declineMatch(proposal(), 'need', at(1), '会場が見つかりました').match;
    expect(declined).toMatchObject({ status: 'declined', declineReason: '会場が見つかりました' });
    expectConflict(() => acceptMatch(declined, 'offer', at(2)), 'match-declined');
    expectConflict(() => acceptMatch(declined, 'need', at(2)), 'match-declined');
    expectConflict(() => declineMatch(declined, 'offer', at(2)), 'match-declined');
  });

  it('closes a proposal one side had already accepted', () => {
    const accepted = acceptMatch(proposal(), 'need', at(1)).match;
    expect(declineMatch(accepted, 'offer', at(2)).match.status).toBe('declined');
  });

  it("gives the offer's slot back only if the offer side had taken one", () => {
    const offerAccepted = acceptMatch(proposal(), 'offer', at(1)).match;
    expect(declineMatch(offerAccepted, 'need', at(2)).slot).toBe('release');
    expect(declineMatch(proposal(), 'need', at(1)).slot).toBe('none');
    expect(declineMatch(proposal(), 'offer', at(1)).slot).toBe('none');
    const needAccepted = acceptMatch(proposal(), 'need', at(1)).match;
    expect(declineMatch(needAccepted, 'need', at(2)).slot).toBe('none');
    expect(declineMatch(needAccepted, 'offer', at(2)).slot).toBe('none');
  });

  it('cannot undo a connection', () => {
    expectConflict(() => declineMatch(connectedMatch(), 'need', at(3)), 'match-connected');
  });

  it('keeps the reason from the two organisations', () => {
    const declined = declineMatch(proposal(), 'offer', at(1), '対象地域外でした').match;
    expect(matchForMembers(declined)).not.toHaveProperty('declineReason');
    expect(matchForMembers(declined).status).toBe('declined');
  });

  it('keeps who answered from the two organisations, but not what and when', () => {
    const PERSON = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const accepted = acceptMatch(proposal(), 'need', at(1), PERSON).match;
    const seen = matchForMembers(accepted);
    expect(seen.responses.need).toEqual({ decision: 'accepted', at: at(1) });
    expect(JSON.stringify(seen)).not.toContain(PERSON);
    expect(accepted.responses.need?.personId).toBe(PERSON);
  });
});

describe('expireMatch', () => {
  it("gives the offer's slot back when the offer side had accepted", () => {
    const offerAccepted = acceptMatch(proposal(), 'offer', at(1)).match;
    expect(expireMatch(offerAccepted, at(14))).toMatchObject({
      slot: 'release',
      match: { status: 'expired' },
    });
    expect(expireMatch(proposal(), at(14))).toMatchObject({ slot: 'none', match: { status: 'expired' } });
    const needAccepted = acceptMatch(proposal(), 'need', at(1)).match;
    expect(expireMatch(needAccepted, at(14)).slot).toBe('none');
  });

  it('leaves connected and declined matches alone', () => {
    expectConflict(() => expireMatch(connectedMatch(), at(14)), 'match-connected');
    expectConflict(
      () => expireMatch(declineMatch(proposal(), 'need', at(1)).match, at(14)),
      'match-declined',
    );
  });
});

describe('recordOutcome', () => {
  it('is possible only once the two sides are connected', () => {
    expectConflict(() => recordOutcome(proposal(), 'need', 'formed', at(1)), 'match-not-connected');
    expectConflict(
      () => recordOutcome(acceptMatch(proposal(), 'need', at(1)).match, 'need', 'formed', at(2)),
      'match-not-connected',
    );
  });

  it("keeps each side's latest answer", () => {
    const first = recordOutcome(connectedMatch(), 'need', 'in_progress', at(40));
    const later = recordOutcome(first, 'need', 'formed', at(60));
    const other = recordOutcome(later, 'offer', 'not_formed', at(61));
    expect(other.outcomes).toEqual({
      need: { outcome: 'formed', at: at(60) },
      offer: { outcome: 'not_formed', at: at(61) },
    });
    expect(other).toMatchObject({ status: 'connected', version: first.version + 2 });
  });
});

describe('dueAction', () => {
  it('reminds once, from (respondBy − reminderDays) until the deadline', () => {
    expect(dueAction(proposal(), at(10.99), settings)).toBeUndefined();
    expect(dueAction(proposal(), at(11), settings)).toBe('remind');
    expect(dueAction(proposal(), at(13.9), settings)).toBe('remind');
    const accepted = acceptMatch(proposal(), 'need', at(1)).match;
    expect(dueAction(accepted, at(12), settings)).toBe('remind');
    expect(dueAction(proposal({ remindedAt: at(11) }), at(13), settings)).toBeUndefined();
  });

  it('expires an open proposal at its deadline, reminded or not', () => {
    expect(dueAction(proposal(), at(14), settings)).toBe('expire');
    expect(dueAction(proposal({ remindedAt: at(11) }), at(20), settings)).toBe('expire');
    expect(dueAction(declineMatch(proposal(), 'need', at(1)).match, at(20), settings)).toBeUndefined();
    expect(dueAction(proposal({ status: 'expired' }), at(20), settings)).toBeUndefined();
  });

  it('asks for the outcome once, followUpDays after connecting', () => {
    const connected = connectedMatch(at(2));
    expect(dueAction(connected, at(14), settings)).toBeUndefined();
    expect(dueAction(connected, at(31.99), settings)).toBeUndefined();
    expect(dueAction(connected, at(32), settings)).toBe('follow-up');
    expect(dueAction({ ...connected, followUpAt: at(32) }, at(90), settings)).toBeUndefined();
  });

  it('follows the configured days', () => {
    const short = { respondDays: 7, reminderDaysBefore: 1, followUpDays: 10, inboxCap: 5 };
    const match = proposal({ respondBy: at(7) });
    expect(dueAction(match, at(5.9), short)).toBeUndefined();
    expect(dueAction(match, at(6), short)).toBe('remind');
    expect(dueAction(match, at(7), short)).toBe('expire');
    expect(dueAction(connectedMatch(at(2)), at(12), short)).toBe('follow-up');
  });
});

describe('any sequence of answers (properties)', () => {
  const answerArb = fc.record({
    side: fc.constantFrom<Side>('need', 'offer'),
    decision: fc.constantFrom('accept', 'decline'),
    minute: fc.integer({ min: 0, max: 16 * 24 * 60 }),
  });

  /** Applies the answers in time order, skipping the refused ones, and counts slot changes. */
  function play(answers: readonly { side: Side; decision: string; minute: number }[]) {
    let match = proposal();
    let held = 0;
    const accepted = new Set<Side>();
    let closed = false;
    for (const a of [...answers].sort((x, y) => x.minute - y.minute)) {
      const now = new Date(Date.parse(CREATED) + a.minute * 60_000).toISOString();
      try {
        const t =
          a.decision === 'accept' ? acceptMatch(match, a.side, now) : declineMatch(match, a.side, now);
        held += slotDelta(t.slot);
        match = t.match;
        if (a.decision === 'accept' && !closed && a.minute < settings.respondDays * 24 * 60)
          accepted.add(a.side);
        if (a.decision === 'decline') closed = true;
      } catch (error) {
        expect(error).toBeInstanceOf(ConflictError);
      }
    }
    return { match, held, accepted };
  }

  const slotDelta = (slot: SlotChange) => (slot === 'take' ? 1 : slot === 'release' ? -1 : 0);

  it('connects exactly when both sides accepted before any decline and before the deadline', () => {
    fc.assert(
      fc.property(fc.array(answerArb, { maxLength: 8 }), (answers) => {
        const { match, accepted } = play(answers);
        expect(match.status === 'connected').toBe(accepted.has('need') && accepted.has('offer'));
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('holds one slot exactly while the offer side has accepted and the match is open or connected', () => {
    fc.assert(
      fc.property(fc.array(answerArb, { maxLength: 8 }), fc.boolean(), (answers, expire) => {
        let { match, held } = play(answers);
        if (expire && (match.status === 'proposed' || match.status === 'accepted')) {
          const t = expireMatch(match, at(16));
          held += slotDelta(t.slot);
          match = t.match;
        }
        const holds =
          match.responses.offer?.decision === 'accepted' &&
          (match.status === 'accepted' || match.status === 'connected');
        expect(held).toBe(holds ? 1 : 0);
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});

// The fair inbox's bookkeeping (issue 19): a match holds one unanswered proposal on the counter of
// each side it counted when it was proposed (`inboxCounted`), and gives each back exactly once,
// when that side no longer has to answer: it answered, or the match closed.
describe('the inbox counters a match holds and releases', () => {
  const counted = (overrides: Partial<Match> = {}) =>
    proposal({ inboxCounted: ['need', 'offer'], ...overrides });
  /** Started by the need side's 関心がある: it has accepted, only the offer side was counted. */
  const interest = () =>
    proposal({
      origin: 'interest',
      status: 'accepted',
      responses: { need: { decision: 'accepted', at: CREATED } },
      inboxCounted: ['offer'],
    });

  it('releases the side that accepts, and the other when it accepts too', () => {
    const first = acceptMatch(counted(), 'need', at(1));
    expect(first.inboxRelease).toEqual(['need']);
    expect(first.match.inboxCounted).toEqual(['offer']);
    const second = acceptMatch(first.match, 'offer', at(2));
    expect(second).toMatchObject({ connected: true, inboxRelease: ['offer'], match: { inboxCounted: [] } });
  });

  it('releases both sides on a decline of a fresh proposal: neither waits any more', () => {
    const t = declineMatch(counted(), 'offer', at(1));
    expect(t.inboxRelease).toEqual(['need', 'offer']);
    expect(t.match.inboxCounted).toEqual([]);
  });

  it('releases only the side still counted when the other, having accepted, is declined', () => {
    const accepted = acceptMatch(counted(), 'offer', at(1)).match;
    const t = declineMatch(accepted, 'need', at(2));
    expect(t).toMatchObject({ inboxRelease: ['need'], slot: 'release', match: { inboxCounted: [] } });
  });

  it('releases on expiry whatever was still waiting, and nothing twice', () => {
    expect(expireMatch(counted(), at(14))).toMatchObject({
      inboxRelease: ['need', 'offer'],
      match: { inboxCounted: [] },
    });
    const needAccepted = acceptMatch(counted(), 'need', at(1)).match;
    expect(expireMatch(needAccepted, at(14))).toMatchObject({
      inboxRelease: ['offer'],
      match: { inboxCounted: [] },
    });
  });

  it('holds only the asked side for an introduction someone started, and releases it once', () => {
    expect(acceptMatch(interest(), 'offer', at(1))).toMatchObject({
      connected: true,
      inboxRelease: ['offer'],
      match: { inboxCounted: [] },
    });
    expect(declineMatch(interest(), 'offer', at(1)).inboxRelease).toEqual(['offer']);
    expect(expireMatch(interest(), at(14)).inboxRelease).toEqual(['offer']);
    // The side that asked answering again changes nothing, and releases nothing.
    expect(acceptMatch(interest(), 'need', at(1))).toMatchObject({ inboxRelease: [], slot: 'none' });
  });

  it('releases nothing when the same side accepts twice', () => {
    const once = acceptMatch(counted(), 'need', at(1)).match;
    expect(acceptMatch(once, 'need', at(2))).toMatchObject({ inboxRelease: [], match: once });
  });

  it('releases nothing for a match proposed before the counters existed, and adds no bookkeeping to it', () => {
    const legacy = proposal();
    expect(legacy.inboxCounted).toBeUndefined();
    const steps = [
      acceptMatch(legacy, 'need', at(1)),
      declineMatch(legacy, 'need', at(1)),
      expireMatch(legacy, at(14)),
      acceptMatch(acceptMatch(legacy, 'offer', at(1)).match, 'need', at(2)),
    ];
    for (const t of steps) {
      expect(t.inboxRelease).toEqual([]);
      expect(t.match.inboxCounted).toBeUndefined();
    }
  });

  it('over any answers and an expiry: every counted side is released exactly once it stops waiting, never twice (property)', () => {
    const step = fc.record({
      kind: fc.constantFrom('accept', 'decline', 'expire'),
      side: fc.constantFrom<Side>('need', 'offer'),
      day: fc.integer({ min: 0, max: 16 }),
    });
    const start = fc.constantFrom<() => Match>(counted, interest, () =>
      proposal({ inboxCounted: ['offer'] }),
    );
    fc.assert(
      fc.property(start, fc.array(step, { maxLength: 8 }), (make, steps) => {
        let match = make();
        const original = match.inboxCounted ?? [];
        const released: Side[] = [];
        for (const s of [...steps].sort((a, b) => a.day - b.day)) {
          let t: Transition;
          try {
            t =
              s.kind === 'accept'
                ? acceptMatch(match, s.side, at(s.day))
                : s.kind === 'decline'
                  ? declineMatch(match, s.side, at(s.day))
                  : expireMatch(match, at(s.day));
          } catch (error) {
            expect(error).toBeInstanceOf(ConflictError);
            continue;
          }
          // Released only what it held, and only sides that no longer wait.
          for (const side of t.inboxRelease) {
            expect(match.inboxCounted).toContain(side);
            expect(awaitsAnswerFrom(t.match, side)).toBe(false);
          }
          released.push(...t.inboxRelease);
          match = t.match;
          // Still held: exactly the counted sides that still wait.
          expect(match.inboxCounted).toEqual(original.filter((side) => !released.includes(side)));
          for (const side of match.inboxCounted ?? []) expect(awaitsAnswerFrom(match, side)).toBe(true);
        }
        expect(new Set(released).size).toBe(released.length);
        expect([...released, ...(match.inboxCounted ?? [])].sort()).toEqual([...original].sort());
        // A closed match holds nothing.
        if (match.status !== 'proposed' && match.status !== 'accepted')
          expect(match.inboxCounted).toEqual([]);
      }),
      { seed: 19, numRuns: 1000 },
    );
  });
});
