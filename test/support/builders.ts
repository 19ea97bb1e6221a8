import { ulid } from 'ulid';
import type { Match, Need, Offer, OrganizationInput } from '#domain';

// Valid request bodies with Saitama (11) defaults; tests override only what they are about.
// Overrides are loosely typed on purpose: validation tests send wrong types through them.

export type Body = Record<string, unknown>;

export function organizationInput(overrides: Partial<OrganizationInput> | Body = {}): Body {
  return {
    name: 'NPO法人 かわぐち子ども食堂ネット',
    legalForm: 'npo_corporation',
    location: { prefecture: '11', municipality: '11203' },
    contact: { name: '川口 花子', email: 'contact@kodomo-shokudo.example.jp' },
    activityFields: ['children_youth', 'poverty'],
    ...overrides,
  };
}

/** A こども食堂 looking for a venue in 川口市 for 30 people. */
export function needInput(organizationId: string, overrides: Body = {}): Body {
  return {
    organizationId,
    kind: 'venue',
    title: '子ども食堂の会場を探しています',
    description: '月2回、土曜日の昼に30人ほどが集まれる調理設備のある場所を探しています。',
    fields: ['children_youth', 'poverty'],
    targetGroups: ['children', 'single_parents'],
    location: { prefecture: '11', municipality: '11203' },
    capacity: { people: 30, sessionsPerMonth: 2 },
    period: { start: '2026-04-01', end: '2027-03-31' },
    ...overrides,
  };
}

/** Types an offer of a typed kind states when a test does not say (the API requires them). */
const OFFER_TYPES: Record<string, string[]> = {
  venue: ['hall', 'kitchen'],
  skills: ['management'],
  goods: ['food'],
};

/** A company hall for 40 people anywhere in Saitama, with a kitchen. */
export function offerInput(organizationId: string, overrides: Body = {}): Body {
  const body: Body = {
    organizationId,
    kind: 'venue',
    title: '社員食堂を週末に開放します',
    description: '土日は使っていない社員食堂（40席・厨房付き）をお貸しします。',
    fields: ['children_youth', 'elderly'],
    serviceArea: { prefectures: ['11'] },
    capacity: { people: 40, sessionsPerMonth: 4 },
    introductionsPerRound: 2,
    period: { start: '2026-04-01' },
    ...overrides,
  };
  const types = OFFER_TYPES[String(body.kind)];
  if (!('types' in overrides) && types !== undefined) body.types = types;
  return body;
}

/** A match between an existing need and offer, as a round would write it (without its mails). */
export function proposalOf(
  need: Need,
  offer: Offer,
  createdAt: string,
  respondBy = new Date(Date.parse(createdAt) + 14 * 86_400_000).toISOString(),
): Match {
  return {
    id: ulid(),
    platformId: offer.platformId,
    origin: 'round',
    roundId: 'slots',
    needId: need.id,
    offerId: offer.id,
    needOrganizationId: need.organizationId,
    offerOrganizationId: offer.organizationId,
    kind: offer.kind,
    score: 0.8,
    breakdown: { field: 1, region: 1, capacity: 1, timing: 0.5, freshness: 0.5 },
    explanation: { ja: '分野と地域が一致しています', en: 'Same field and region' },
    status: 'proposed',
    respondBy,
    responses: {},
    outcomes: {},
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

/** needInput as the need form posts it (flat names, strings), for the page tests. */
export function needFormFields(
  overrides: Record<string, string | string[]> = {},
): Record<string, string | string[]> {
  return {
    kind: 'venue',
    title: '子ども食堂の会場を探しています',
    description: '月2回、土曜日の昼に集まれる場所を探しています。',
    fields: ['children_youth', 'poverty'],
    'capacity.people': '30',
    'capacity.sessionsPerMonth': '2',
    'location.prefecture': '11',
    'location.municipality': '11203',
    targetGroups: ['children'],
    'period.start': '2026-12-01',
    'period.end': '',
    ...overrides,
  };
}
