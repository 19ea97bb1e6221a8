import { describe, expect, it } from 'vitest';
import { type Proposal, pairKey, proposeMatches } from '#matching';
import { need, offer, TODAY, ulidOf } from './builders';
import { NEED, OFFER, ORG, scenario } from './scenario';

const brief = (p: Proposal) => ({ need: p.needId, offer: p.offerId, score: p.score, ja: p.explanation.ja });

describe('a round on the Yamagata and Saitama platforms', () => {
  it('proposes exactly these introductions, with these reasons', () => {
    const { proposals } = proposeMatches(scenario());

    expect(proposals.map(brief)).toEqual([
      {
        need: NEED.shokudoVenue,
        offer: OFFER.shojiHall,
        score: 1,
        ja: '同じ山形市内で対応できます。どちらも「子ども・若者支援」の分野です。40名まで利用でき、希望の30名に足ります。',
      },
      {
        need: NEED.hikikomoriVolunteers,
        offer: OFFER.coopVolunteers,
        score: 0.955,
        ja: '同じ山形県内で対応できます。どちらも「ひきこもり支援」の分野です。10名が協力でき、希望の5名に足ります。',
      },
      {
        need: NEED.hikikomoriVolunteers,
        offer: OFFER.onlineListeners,
        score: 0.694,
        ja: 'オンラインで対応できます。どちらも「ひきこもり支援」の分野です。希望の5名のうち3名が協力できます。',
      },
      {
        need: NEED.shokudoFunding,
        offer: OFFER.tohokuGrant,
        score: 0.705,
        ja: '東北ブロックで対応できます。分野を問わない申し出です。50万円のご支援で、希望額30万円をまかなえます。',
      },
      {
        need: NEED.kawaguchiVenue,
        offer: OFFER.steelCanteen,
        score: 0.9288,
        ja: '同じ埼玉県内で対応できます。どちらも「子ども・若者支援」の分野です。40名まで利用でき、希望の30名に足ります。',
      },
      {
        need: NEED.foodBank,
        offer: OFFER.marketFood,
        score: 0.86,
        ja: '同じさいたま市内で対応できます。申し出の分野「生活困窮者支援」は、ニーズの「食の支援・フードバンク」を含みます。500kgを提供でき、希望の200kgに足ります。',
      },
      {
        need: NEED.kawaguchiVolunteers,
        offer: OFFER.probono,
        score: 0.7397,
        ja: '隣接する東京都を含む関東ブロックで対応できます。申し出の分野「子ども・若者支援」は、ニーズの「不登校支援」を含みます。8名が協力でき、希望の4名に足ります。ご希望の期間の半分以上（約7割）に対応できます。',
      },
    ]);
  });

  it('explains in English too', () => {
    const { proposals } = proposeMatches(scenario());

    expect(proposals.find((p) => p.offerId === OFFER.shojiHall)?.explanation.en).toBe(
      'Available in the same municipality (山形市). Both are in the same field: Support for children and young people. Takes up to 40 people, enough for the 30 you asked for.',
    );
    expect(proposals.find((p) => p.offerId === OFFER.tohokuGrant)?.explanation.en).toBe(
      'Available across the Tohoku block. The offer is open to any field. Offers ¥500,000, enough for the ¥300,000 you asked for.',
    );
    expect(proposals.find((p) => p.offerId === OFFER.probono)?.explanation.en).toBe(
      "Available across the Kanto block, including neighbouring Tokyo. The offer's field (Support for children and young people) includes the need's (Support for children not attending school (futoko)). Up to 8 people can help, enough for the 4 you asked for. Covers more than half of the period you asked for (about seven tenths).",
    );
  });

  it('carries the factors behind each score', () => {
    const { proposals } = proposeMatches(scenario());
    const canteen = proposals.find((p) => p.offerId === OFFER.steelCanteen)!;

    // One of the need's two fields in common: 1 × (0.85 + 0.15 × ½); prefecture 0.85; the
    // rest perfect. 0.35 × 0.925 + 0.3 × 0.85 + 0.15 + 0.1 + 0.1 = 0.92875.
    expect(canteen.breakdown).toEqual({ field: 0.925, region: 0.85, capacity: 1, timing: 1, freshness: 1 });
    expect(canteen).toMatchObject({
      needOrganizationId: ORG.kawaguchi,
      offerOrganizationId: ORG.saitamaSteel,
      platformId: 'saitama',
      kind: 'venue',
    });
  });

  it('never proposes a room too small, an unapproved organisation, a gift below the minimum, or an own offer', () => {
    const { proposals, stats } = proposeMatches(scenario());
    const offers = new Set(proposals.map((p) => p.offerId));

    expect(offers.has(OFFER.coopSmallRoom)).toBe(false); // 10 seats for 30 people
    expect(offers.has(OFFER.pendingHall)).toBe(false); // membership pending
    expect(offers.has(OFFER.tinyDonation)).toBe(false); // ¥50,000 < the ¥100,000 minimum
    expect(offers.has(OFFER.ownHall)).toBe(false); // the NPO's own hall
    expect(stats.rejected).toMatchObject({ capacity: 2, sameOrganization: 1 });
    expect(stats.eligibleOffers).toBe(10);
  });

  it('does not propose a declined pair again, and the next best offer takes its place', () => {
    const input = scenario();
    const declined = {
      ...input,
      declinedPairs: new Set([pairKey(NEED.hikikomoriVolunteers, OFFER.coopVolunteers)]),
    };

    const ids = proposeMatches(declined)
      .proposals.filter((p) => p.needId === NEED.hikikomoriVolunteers)
      .map((p) => p.offerId);

    expect(ids).toEqual([OFFER.onlineListeners]);
  });

  it('proposes nothing twice when the round runs again', () => {
    const input = scenario();
    const first = proposeMatches(input).proposals;
    const again = proposeMatches({
      ...input,
      proposedPairs: new Set(first.map((p) => pairKey(p.needId, p.offerId))),
    });

    expect(again.proposals).toEqual([]);
    expect(again.stats.rejected.alreadyProposed).toBe(first.length);
  });

  it('ignores closed and expired postings', () => {
    const input = scenario();
    const closed = {
      ...input,
      offers: input.offers.map((o) =>
        o.id === OFFER.shojiHall
          ? { ...o, status: 'closed' as const }
          : o.id === OFFER.steelCanteen
            ? { ...o, period: { start: '2026-01-01', end: '2026-05-31' } }
            : o,
      ),
    };

    const offers = proposeMatches(closed).proposals.map((p) => p.offerId);

    expect(offers).not.toContain(OFFER.shojiHall);
    expect(offers).not.toContain(OFFER.steelCanteen);
  });
});

describe('assignment under the caps', () => {
  const org = (n: number) => ulidOf('G', 20 + n);
  // Two needs in 山形市 that both want the one big hall; the first also fits a smaller room.
  const big = offer(ulidOf('F', 21), org(1), { capacity: { people: 40 }, introductionsPerRound: 1 });
  const smaller = offer(ulidOf('F', 22), org(1), {
    serviceArea: { prefectures: ['06'] },
    capacity: { people: 25 },
    introductionsPerRound: 1,
  });
  const flexible = need(ulidOf('N', 21), org(2), { capacity: { people: 20 } });
  const onlyBig = need(ulidOf('N', 22), org(3), { capacity: { people: 35 } });
  const round = {
    needs: [flexible, onlyBig],
    offers: [big, smaller],
    approvedOrganizations: new Set([org(1), org(2), org(3)]),
    declinedPairs: new Set<string>(),
    proposedPairs: new Set<string>(),
    today: TODAY,
  };

  it('gives the contested offer to the need without an alternative (best total, not best first)', () => {
    // Greedy would give the hall to `flexible` (its best pair scores highest) and leave
    // `onlyBig` without anything; the best total moves `flexible` to the smaller room.
    const { proposals, stats } = proposeMatches(round, { proposalsPerNeed: 1 });

    expect(proposals.map((p) => [p.needId, p.offerId])).toEqual([
      [flexible.id, smaller.id],
      [onlyBig.id, big.id],
    ]);
    expect(stats.totalScore).toBe(proposals[0]!.score + proposals[1]!.score);
  });

  it('gives an offer no more introductions than it can take', () => {
    const { proposals } = proposeMatches(round);

    expect(proposals.filter((p) => p.offerId === big.id)).toHaveLength(1);
    expect(proposals.filter((p) => p.offerId === smaller.id)).toHaveLength(1);
  });

  it('breaks a tie between equal offers by offer id', () => {
    // Equal in everything that is scored; listed in a different order, in areas of a different
    // breadth, so that neither input order nor the engine's own layout decides.
    const a = offer(ulidOf('F', 31), org(4), { serviceArea: { prefectures: ['06'], blocks: ['kanto'] } });
    const b = offer(ulidOf('F', 32), org(5), { serviceArea: { prefectures: ['06'] } });
    const input = {
      ...round,
      needs: [flexible],
      offers: [b, a],
      approvedOrganizations: new Set([org(2), org(4), org(5)]),
    };

    const { proposals } = proposeMatches(input, { proposalsPerNeed: 1 });

    expect(proposals.map((p) => p.offerId)).toEqual([a.id]);
    expect(proposeMatches(input, { proposalsPerNeed: 1, candidatesPerNeed: 1 }).proposals).toEqual(proposals);
  });
});
