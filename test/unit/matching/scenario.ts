import type { MatchingInput } from '#matching';
import { need, offer, TODAY, ulidOf } from './builders';

// A small hand-written round on two platforms (a prefecture's each), the kind of thing a
// secretariat would recognise. Names are in the comments; the engine sees only codes and ids.

export const ORG = {
  kodomoShokudo: ulidOf('G', 1), // NPO法人 やまがた子ども食堂ネット (山形市)
  hikikomori: ulidOf('G', 2), // 米沢ひきこもり家族会 (米沢市)
  yamagataShoji: ulidOf('G', 3), // 株式会社やまがた商事 (山形市): venues
  yamagataCoop: ulidOf('G', 4), // 山形県生協連: volunteers
  pending: ulidOf('G', 5), // 申請中の企業: not approved yet
  tohokuFoundation: ulidOf('G', 6), // 東北みらい財団: grants in Tohoku
  kawaguchi: ulidOf('G', 7), // かわぐち子ども食堂ネット (川口市)
  saitamaFoodBank: ulidOf('G', 8), // フードバンクさいたま (さいたま市浦和区)
  saitamaSteel: ulidOf('G', 9), // 埼玉製鉄株式会社: a canteen for the weekend
  saitamaMarket: ulidOf('G', 10), // さいたま中央市場: food
  tokyoProbono: ulidOf('G', 11), // 東京プロボノ協会: volunteers around Kanto
};

export const NEED = {
  shokudoVenue: ulidOf('N', 1), // 山形市: 子ども食堂の会場 30名
  hikikomoriVolunteers: ulidOf('N', 2), // 米沢市: 居場所のボランティア 5名
  shokudoFunding: ulidOf('N', 3), // 山形市: 運営費 30万円（最低10万円）
  kawaguchiVenue: ulidOf('N', 4), // 川口市: 子ども食堂の会場 30名
  foodBank: ulidOf('N', 5), // さいたま市浦和区: 食品 200kg
  kawaguchiVolunteers: ulidOf('N', 6), // 川口市: 学習支援のボランティア 4名
};

export const OFFER = {
  shojiHall: ulidOf('F', 1), // やまがた商事: 山形市内の会議室 40名
  coopSmallRoom: ulidOf('F', 2), // 生協連: 県内の集会所 10名 (too small)
  pendingHall: ulidOf('F', 3), // 申請中の企業: 山形市内のホール 50名 (not approved)
  coopVolunteers: ulidOf('F', 4), // 生協連: 県内のボランティア 10名
  tohokuGrant: ulidOf('F', 5), // 東北みらい財団: 東北の助成 50万円, any field
  tinyDonation: ulidOf('F', 6), // やまがた商事: 全国 寄付 5万円 (below the minimum)
  onlineListeners: ulidOf('F', 7), // 生協連: オンラインの話し相手 3名
  ownHall: ulidOf('F', 8), // やまがた子ども食堂ネット itself: its own hall
  steelCanteen: ulidOf('F', 9), // 埼玉製鉄: 県内 社員食堂 40席
  marketFood: ulidOf('F', 10), // さいたま中央市場: さいたま市内 食品 500kg
  probono: ulidOf('F', 11), // 東京プロボノ協会: 関東ブロック (東京都) 8名
};

const yamagata = { platformId: 'yamagata' };
const saitama = { platformId: 'saitama' };

export function scenario(): MatchingInput {
  const needs = [
    need(NEED.shokudoVenue, ORG.kodomoShokudo, {
      ...yamagata,
      capacity: { people: 30, sessionsPerMonth: 2 },
    }),
    need(NEED.hikikomoriVolunteers, ORG.hikikomori, {
      ...yamagata,
      kind: 'volunteers',
      fields: ['hikikomori'],
      location: { prefecture: '06', municipality: '06202' },
      onlineOk: true,
      capacity: { people: 5 },
    }),
    need(NEED.shokudoFunding, ORG.kodomoShokudo, {
      ...yamagata,
      kind: 'funding',
      fields: ['children_youth', 'poverty'],
      capacity: { amountJpy: 300_000, minAmountJpy: 100_000 },
    }),
    need(NEED.kawaguchiVenue, ORG.kawaguchi, {
      ...saitama,
      fields: ['children_youth', 'poverty'],
      location: { prefecture: '11', municipality: '11203' },
      capacity: { people: 30, sessionsPerMonth: 2 },
    }),
    need(NEED.foodBank, ORG.saitamaFoodBank, {
      ...saitama,
      kind: 'goods',
      fields: ['food_support'],
      location: { prefecture: '11', municipality: '11107' },
      capacity: { quantity: 200, unit: 'kg' },
    }),
    need(NEED.kawaguchiVolunteers, ORG.kawaguchi, {
      ...saitama,
      kind: 'volunteers',
      fields: ['futoko'],
      location: { prefecture: '11', municipality: '11203' },
      capacity: { people: 4 },
    }),
  ];
  const offers = [
    offer(OFFER.shojiHall, ORG.yamagataShoji, {
      ...yamagata,
      fields: ['children_youth', 'elderly'],
      capacity: { people: 40, sessionsPerMonth: 4 },
    }),
    offer(OFFER.coopSmallRoom, ORG.yamagataCoop, {
      ...yamagata,
      serviceArea: { prefectures: ['06'] },
      capacity: { people: 10 },
    }),
    offer(OFFER.pendingHall, ORG.pending, { ...yamagata, capacity: { people: 50 } }),
    offer(OFFER.coopVolunteers, ORG.yamagataCoop, {
      ...yamagata,
      kind: 'volunteers',
      fields: ['hikikomori', 'mental_health'],
      serviceArea: { prefectures: ['06'] },
      capacity: { people: 10 },
    }),
    offer(OFFER.tohokuGrant, ORG.tohokuFoundation, {
      ...yamagata,
      kind: 'funding',
      fields: 'any',
      serviceArea: { blocks: ['tohoku'] },
      capacity: { amountJpy: 500_000 },
    }),
    offer(OFFER.tinyDonation, ORG.yamagataShoji, {
      ...yamagata,
      kind: 'funding',
      fields: ['poverty'],
      serviceArea: { nationwide: true },
      capacity: { amountJpy: 50_000 },
    }),
    offer(OFFER.onlineListeners, ORG.yamagataCoop, {
      ...yamagata,
      kind: 'volunteers',
      fields: ['hikikomori'],
      serviceArea: { online: true },
      capacity: { people: 3 },
    }),
    offer(OFFER.ownHall, ORG.kodomoShokudo, { ...yamagata, capacity: { people: 60 } }),
    offer(OFFER.steelCanteen, ORG.saitamaSteel, {
      ...saitama,
      fields: ['children_youth', 'elderly'],
      serviceArea: { prefectures: ['11'] },
      capacity: { people: 40, sessionsPerMonth: 4 },
    }),
    offer(OFFER.marketFood, ORG.saitamaMarket, {
      ...saitama,
      kind: 'goods',
      fields: ['poverty'],
      serviceArea: { municipalities: ['11100'] },
      capacity: { quantity: 500, unit: 'kg' },
    }),
    offer(OFFER.probono, ORG.tokyoProbono, {
      ...saitama,
      kind: 'volunteers',
      fields: ['children_youth'],
      serviceArea: { prefectures: ['13'], blocks: ['kanto'] },
      capacity: { people: 8 },
      period: { start: '2026-09-01', end: '2027-08-31' },
    }),
  ];
  return {
    needs,
    offers,
    approvedOrganizations: new Set(Object.values(ORG).filter((id) => id !== ORG.pending)),
    declinedPairs: new Set(),
    proposedPairs: new Set(),
    today: TODAY,
  };
}
