import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explain, proposeMatches, scorePair } from '#matching';
import { roundArb } from './arbitraries';
import { need, offer, TODAY, ulidOf } from './builders';
import { passesPairFilters, typesMeet } from './oracle';

// Types (種類) of venue, skills and goods (docs/matching.md, "Types"): a pair whose types cannot
// meet is never proposed; types in common score; その他 and an offer that states none pass with
// a lower score; a need without types scores exactly as before types existed.

const npo = ulidOf('G', 1);
const company = ulidOf('G', 2);
const N = ulidOf('N', 1);
const F = ulidOf('F', 1);

const skillsNeed = (types?: string[]) => ({
  kind: 'skills',
  capacity: { hoursPerMonth: 10 },
  ...(types === undefined ? {} : { types }),
});
const skillsOffer = (types?: string[]) => ({
  kind: 'skills',
  capacity: { hoursPerMonth: 10 },
  ...(types === undefined ? {} : { types }),
});

function pair(
  n: Record<string, unknown>,
  o: Record<string, unknown>,
  config?: Parameters<typeof scorePair>[3],
) {
  return scorePair(need(N, npo, n), offer(F, company, o), TODAY, config);
}

function accepted(n: Record<string, unknown>, o: Record<string, unknown>) {
  const s = pair(n, o);
  if (!s.ok) throw new Error(`refused: ${s.reason}`);
  return s;
}

describe('types: the hard filter', () => {
  it('never pairs bookkeeping help with a need for web design', () => {
    expect(pair(skillsNeed(['it_web']), skillsOffer(['accounting']))).toEqual({ ok: false, reason: 'type' });
    expect(pair(skillsNeed(['it_web', 'design']), skillsOffer(['accounting', 'legal']))).toEqual({
      ok: false,
      reason: 'type',
    });
  });

  it('takes any one of the need’s kinds: they are alternatives', () => {
    const s = accepted(skillsNeed(['accounting', 'management']), skillsOffer(['management', 'legal']));
    expect(s.facts.types).toEqual({ match: 'match', kind: 'skills', types: ['management'] });
    expect(s.breakdown.field).toBe(1);
  });

  it('never offers a room without a kitchen to a need that asks for one', () => {
    const venueNeed = { types: ['meeting_room', 'kitchen'] };
    expect(pair(venueNeed, { types: ['meeting_room', 'barrier_free'] })).toEqual({
      ok: false,
      reason: 'type',
    });
    // Every feature asked for is required, whatever the room.
    expect(pair({ types: ['kitchen', 'barrier_free'] }, { types: ['hall', 'kitchen'] })).toEqual({
      ok: false,
      reason: 'type',
    });
    const s = accepted(venueNeed, { types: ['meeting_room', 'kitchen', 'barrier_free'] });
    expect(s.facts.types).toEqual({ match: 'match', kind: 'venue', types: ['meeting_room', 'kitchen'] });
  });

  it('lets a need that asks only for a feature take any room that has it', () => {
    const s = accepted({ types: ['barrier_free'] }, { types: ['japanese_room', 'barrier_free'] });
    expect(s.facts.types).toEqual({ match: 'match', kind: 'venue', types: ['barrier_free'] });
    expect(s.breakdown.field).toBe(1);
  });

  it('never rules a pair out through その他, and scores it lower', () => {
    const viaOffer = accepted(skillsNeed(['legal']), skillsOffer(['other']));
    const viaNeed = accepted(skillsNeed(['other']), skillsOffer(['translation']));
    expect(viaOffer.facts.types).toEqual({ match: 'other', kind: 'skills' });
    expect(viaNeed.facts.types).toEqual({ match: 'other', kind: 'skills' });
    // Field factor 1 × types.other 0.7.
    expect(viaOffer.breakdown.field).toBe(0.7);
    expect(viaOffer.score).toBeLessThan(accepted(skillsNeed(['legal']), skillsOffer(['legal'])).score);
  });

  it('does not filter an offer posted before types (it states none), and ranks it below a stated match', () => {
    const legacy = accepted(skillsNeed(['legal']), skillsOffer());
    expect(legacy.facts.types).toEqual({ match: 'unknown', kind: 'skills' });
    expect(legacy.breakdown.field).toBe(0.85);
    // A venue offer that states none: unknown too.
    const featuresOnly = pair({ types: ['hall'] }, {});
    expect(featuresOnly.ok && featuresOnly.facts.types).toEqual({ match: 'unknown', kind: 'venue' });
  });

  it('scores a need without types exactly as before types existed', () => {
    const plain = accepted(skillsNeed(), skillsOffer(['accounting']));
    const legacy = accepted(skillsNeed(), skillsOffer());
    expect(plain.facts.types).toBeUndefined();
    expect(plain.breakdown).toEqual(legacy.breakdown);
    expect(plain.score).toBe(legacy.score);
    expect(plain.breakdown.field).toBe(1);
  });

  it('reads types.other and types.unknown from the config', () => {
    const config = { types: { other: 0.5, unknown: 1 } };
    const other = pair(skillsNeed(['legal']), skillsOffer(['other']), config);
    const unknown = pair(skillsNeed(['legal']), skillsOffer(), config);
    expect(other.ok && other.breakdown.field).toBe(0.5);
    expect(unknown.ok && unknown.breakdown.field).toBe(1);
  });
});

describe('types: the reason members read', () => {
  const reason = (n: Record<string, unknown>, o: Record<string, unknown>) => {
    const s = accepted(n, o);
    return [explain(s.facts, 'ja'), explain(s.facts, 'en')];
  };

  it('names what of the need’s the offer has, then the features asked for', () => {
    expect(
      reason(skillsNeed(['accounting', 'management']), skillsOffer(['management', 'accounting'])),
    ).toEqual([
      '同じ山形市内で対応できます。どちらも「子ども・若者支援」の分野です。ご希望の「会計・税務」「経営・事業計画」に対応できます。月10時間まで協力でき、希望の月10時間に足ります。',
      'Available in the same municipality (山形市). Both are in the same field: Support for children and young people. Offers what you asked for: Accounting and tax, Management and business planning. Can help up to 10 hours a month, enough for the 10 you asked for.',
    ]);
    expect(reason({ types: ['hall', 'kitchen'] }, { types: ['kitchen', 'hall', 'barrier_free'] })[0]).toBe(
      '同じ山形市内で対応できます。どちらも「子ども・若者支援」の分野です。ご希望の「多目的ホール」「調理設備」に対応できます。40名まで利用でき、希望の30名に足ります。',
    );
  });

  it('asks the reader to check the details when the types meet through その他 or are not stated', () => {
    expect(reason(skillsNeed(['legal']), skillsOffer(['other']))[0]).toContain(
      '種類が「その他」として登録されているため、内容をご確認ください。',
    );
    expect(reason(skillsNeed(['legal']), skillsOffer())[1]).toContain(
      'The offer does not state its type, so please check the details.',
    );
    // A need that states no types reads as before types existed: no sentence on them.
    expect(reason(skillsNeed(), skillsOffer(['legal']))[0]).not.toContain('種類');
  });
});

describe('types: in a round', () => {
  it('proposes the stated match first, then the offer that does not say, then その他', () => {
    const offers = [
      offer(ulidOf('F', 1), ulidOf('G', 2), skillsOffer(['other'])),
      offer(ulidOf('F', 2), ulidOf('G', 3), skillsOffer()),
      offer(ulidOf('F', 3), ulidOf('G', 4), skillsOffer(['legal', 'accounting'])),
      offer(ulidOf('F', 4), ulidOf('G', 5), skillsOffer(['it_web'])),
    ];
    const { proposals, stats } = proposeMatches(
      {
        needs: [need(N, npo, skillsNeed(['accounting']))],
        offers,
        approvedOrganizations: new Set([1, 2, 3, 4, 5].map((n) => ulidOf('G', n))),
        declinedPairs: new Set(),
        proposedPairs: new Set(),
        today: TODAY,
      },
      { proposalsPerNeed: 4 },
    );
    expect(proposals.map((p) => p.offerId)).toEqual([ulidOf('F', 3), ulidOf('F', 2), ulidOf('F', 1)]);
    expect(stats.rejected.type).toBe(1);
  });

  it('never proposes a pair whose types cannot meet (property)', () => {
    let impossible = 0;
    let proposals = 0;
    fc.assert(
      fc.property(roundArb, (input) => {
        const needs = new Map(input.needs.map((n) => [n.id, n]));
        const offers = new Map(input.offers.map((o) => [o.id, o]));
        // Pairs the types alone rule out: the property must meet some, or it proves nothing.
        for (const n of input.needs)
          for (const o of input.offers)
            if (!typesMeet(n, o) && passesPairFilters(n, { ...o, types: undefined } as typeof o, TODAY))
              impossible++;
        for (const p of proposeMatches(input).proposals) {
          proposals++;
          expect(typesMeet(needs.get(p.needId)!, offers.get(p.offerId)!)).toBe(true);
        }
      }),
      { seed: 20, numRuns: 300 },
    );
    expect(impossible).toBeGreaterThan(0);
    expect(proposals).toBeGreaterThan(0);
  });
});
