// The one module that spells key strings. Repositories build items from these; nothing else
// in the project knows how keys look.

import type { PairParties } from '#domain';
export type Key = { pk: string; sk: string };
export type IndexKeys = Partial<
  Record<'gsi1pk' | 'gsi1sk' | 'gsi2pk' | 'gsi2sk' | 'gsi3pk' | 'gsi3sk' | 'gsi4pk' | 'gsi4sk', string>
>;

export type PostingType = 'NEED' | 'OFFER';

export const keys = {
  platform: (id: string): Key => ({ pk: `PLATFORM#${id}`, sk: 'PLATFORM' }),
  platformIndex: (id: string): IndexKeys => ({ gsi1pk: 'PLATFORMS', gsi1sk: id }),
  platformList: () => ({ index: 'gsi1', pk: 'PLATFORMS' }) as const,
  /** The platform's own rules (its secretariat's text), beside the platform item. */
  platformRules: (id: string): Key => ({ pk: `PLATFORM#${id}`, sk: 'RULES' }),

  /** A platform's application form (questions, consents), beside the platform. */
  applicationForm: (platformId: string): Key => ({ pk: `PLATFORM#${platformId}`, sk: 'APPLICATION_FORM' }),

  organization: (id: string): Key => ({ pk: `ORG#${id}`, sk: 'ORG' }),

  membership: (platformId: string, organizationId: string): Key => ({
    pk: `ORG#${organizationId}`,
    sk: `MEMBERSHIP#${platformId}`,
  }),
  membershipIndex: (platformId: string, organizationId: string, status: string): IndexKeys => ({
    gsi1pk: `PLATFORM#${platformId}#MEMBERS`,
    gsi1sk: `${status}#${organizationId}`,
  }),
  membershipsOfOrganization: (organizationId: string) => ({
    pk: `ORG#${organizationId}`,
    skPrefix: 'MEMBERSHIP#',
  }),
  membersOfPlatform: (platformId: string, status?: string) =>
    ({
      index: 'gsi1',
      pk: `PLATFORM#${platformId}#MEMBERS`,
      skPrefix: status ? `${status}#` : undefined,
    }) as const,

  person: (id: string): Key => ({ pk: `PERSON#${id}`, sk: 'PERSON' }),
  personItems: (id: string) => ({ pk: `PERSON#${id}` }),
  email: (email: string): Key => ({ pk: `EMAIL#${email}`, sk: 'EMAIL' }),

  affiliation: (personId: string, organizationId: string): Key => ({
    pk: `PERSON#${personId}`,
    sk: `ORG#${organizationId}`,
  }),
  affiliationIndex: (personId: string, organizationId: string): IndexKeys => ({
    gsi1pk: `ORG#${organizationId}#PEOPLE`,
    gsi1sk: personId,
  }),
  peopleOfOrganization: (organizationId: string) =>
    ({ index: 'gsi1', pk: `ORG#${organizationId}#PEOPLE` }) as const,

  secretariat: (personId: string, platformId: string): Key => ({
    pk: `PERSON#${personId}`,
    sk: `SECRETARIAT#${platformId}`,
  }),
  secretariatIndex: (personId: string, platformId: string): IndexKeys => ({
    gsi1pk: `PLATFORM#${platformId}#SECRETARIAT`,
    gsi1sk: personId,
  }),
  secretariatOfPlatform: (platformId: string) =>
    ({ index: 'gsi1', pk: `PLATFORM#${platformId}#SECRETARIAT` }) as const,

  posting: (type: PostingType, id: string): Key => ({ pk: `${type}#${id}`, sk: type }),
  postingIndex: (
    type: PostingType,
    p: {
      id: string;
      organizationId: string;
      platformId: string;
      status: string;
      kind: string;
      updatedAt: string;
    },
  ): IndexKeys => ({
    gsi1pk: `ORG#${p.organizationId}#${type}`,
    gsi1sk: p.id,
    gsi2pk: `PLATFORM#${p.platformId}#${type}#${p.status}`,
    gsi2sk: p.id,
    gsi3pk: `PLATFORM#${p.platformId}#${type}#${p.status}#${p.kind}`,
    gsi3sk: p.id,
    // The platform's feed of changes (both kinds, every status), by when they changed: the search
    // index of each API instance reads what changed since it last looked (store/posting-search.ts).
    gsi4pk: `PLATFORM#${p.platformId}#POSTINGS`,
    gsi4sk: `${p.updatedAt}#${type}#${p.id}`,
  }),
  postingChanges: (platformId: string) => ({ index: 'gsi4', pk: `PLATFORM#${platformId}#POSTINGS` }) as const,
  postingsOfOrganization: (type: PostingType, organizationId: string) =>
    ({ index: 'gsi1', pk: `ORG#${organizationId}#${type}` }) as const,
  postingsOfPlatform: (type: PostingType, platformId: string, status: string, kind?: string) =>
    kind
      ? ({ index: 'gsi3', pk: `PLATFORM#${platformId}#${type}#${status}#${kind}` } as const)
      : ({ index: 'gsi2', pk: `PLATFORM#${platformId}#${type}#${status}` } as const),

  match: (id: string): Key => ({ pk: `MATCH#${id}`, sk: 'MATCH' }),
  // Newest first in each inbox: the sort key starts with the creation time.
  // A side without a posting (関心がある sent without one's own) has no posting index: sparse.
  matchIndex: (m: Omit<PairParties, 'platformId'> & { id: string; createdAt: string }): IndexKeys => ({
    gsi1pk: `ORG#${m.needOrganizationId}#MATCHES`,
    gsi1sk: `${m.createdAt}#${m.id}`,
    gsi2pk: `ORG#${m.offerOrganizationId}#MATCHES`,
    gsi2sk: `${m.createdAt}#${m.id}`,
    ...(m.needId ? { gsi3pk: `NEED#${m.needId}#MATCHES`, gsi3sk: `${m.createdAt}#${m.id}` } : {}),
    ...(m.offerId ? { gsi4pk: `OFFER#${m.offerId}#MATCHES`, gsi4sk: `${m.createdAt}#${m.id}` } : {}),
  }),
  matchesAsNeedSide: (organizationId: string) =>
    ({ index: 'gsi1', pk: `ORG#${organizationId}#MATCHES` }) as const,
  matchesAsOfferSide: (organizationId: string) =>
    ({ index: 'gsi2', pk: `ORG#${organizationId}#MATCHES` }) as const,
  matchesOfNeed: (needId: string) => ({ index: 'gsi3', pk: `NEED#${needId}#MATCHES` }) as const,
  matchesOfOffer: (offerId: string) => ({ index: 'gsi4', pk: `OFFER#${offerId}#MATCHES` }) as const,
  /**
   * Every (need, offer) pair ever proposed on a platform: one small partition read per round. A
   * side without a posting is its organisation, `ORG~<id>` (a ULID has no ~, so never a posting).
   */
  pair: (m: PairParties): Key => ({
    pk: `PLATFORM#${m.platformId}#PAIRS`,
    sk: `${m.needId ?? `ORG~${m.needOrganizationId}`}#${m.offerId ?? `ORG~${m.offerOrganizationId}`}`,
  }),
  pairsOfPlatform: (platformId: string) => ({ pk: `PLATFORM#${platformId}#PAIRS` }),
  /** How many open proposals wait for the organisation's answer on one side (the inbox cap). */
  inbox: (organizationId: string, side: 'need' | 'offer'): Key => ({
    pk: `ORG#${organizationId}`,
    sk: `INBOX#${side}`,
  }),
  round: (platformId: string, startedAt: string, roundId: string): Key => ({
    pk: `PLATFORM#${platformId}#ROUNDS`,
    sk: `${startedAt}#${roundId}`,
  }),
  roundsOfPlatform: (platformId: string) => ({ pk: `PLATFORM#${platformId}#ROUNDS` }),

  /** A person's mail preferences (language lives on the person item). */
  preferences: (personId: string): Key => ({ pk: `PERSON#${personId}`, sk: 'PREFERENCES' }),

  /** One digest run of a platform: which week, and from when its "new" lists start. */
  digestRun: (platformId: string, week: string): Key => ({
    pk: `PLATFORM#${platformId}#DIGESTS`,
    sk: week,
  }),
  digestRunsOfPlatform: (platformId: string) => ({ pk: `PLATFORM#${platformId}#DIGESTS` }),

  /** One entry of a platform's audit log; the sort key starts with its time, so newest first is descending. */
  audit: (platformId: string, at: string, id: string): Key => ({
    pk: `PLATFORM#${platformId}#AUDIT`,
    sk: `${at}#${id}`,
  }),
  auditOfPlatform: (platformId: string) => ({ pk: `PLATFORM#${platformId}#AUDIT` }),

  news: (platformId: string, id: string): Key => ({ pk: `PLATFORM#${platformId}#NEWS`, sk: id }),
  newsOfPlatform: (platformId: string) => ({ pk: `PLATFORM#${platformId}#NEWS` }),

  outbox: (tag: string): Key => ({ pk: `OUTBOX#${tag}`, sk: 'OUTBOX' }),
  /**
   * Sparse: only messages still to send carry it, oldest due first. Link mails (sign-in,
   * invitation, contact confirmation) in a lane of their own, which senders read first.
   */
  outboxPendingIndex: (dueAt: string, tag: string, link: boolean): IndexKeys => ({
    gsi1pk: link ? 'OUTBOX#PENDING#LINK' : 'OUTBOX#PENDING',
    gsi1sk: `${dueAt}#${tag}`,
  }),
  outboxPending: (link: boolean) =>
    ({ index: 'gsi1', pk: link ? 'OUTBOX#PENDING#LINK' : 'OUTBOX#PENDING' }) as const,

  suppression: (email: string): Key => ({ pk: `SUPPRESSION#${email}`, sk: 'SUPPRESSION' }),
  sesEvent: (id: string): Key => ({ pk: `SESEVENT#${id}`, sk: 'SESEVENT' }),
  /** One UTC day of sending: mails SES accepted, hard bounces, complaints (shared/mail/reputation.ts). */
  reputationDay: (day: string): Key => ({ pk: `REPUTATION#${day}`, sk: 'REPUTATION' }),

  /**
   * A pending invitation, in its organisation's partition (listed with one Query, found from the
   * link's token, which starts with both ids). The token's hash is an attribute, checked in the
   * condition that uses the invitation up.
   */
  invitation: (organizationId: string, invitationId: string): Key => ({
    pk: `ORG#${organizationId}`,
    sk: `INVITATION#${invitationId}`,
  }),
  invitationsOf: (organizationId: string) => ({ pk: `ORG#${organizationId}`, skPrefix: 'INVITATION#' }),
  /** At most one pending invitation per address and organisation: which one it is. */
  invitee: (organizationId: string, email: string): Key => ({
    pk: `ORG#${organizationId}`,
    sk: `INVITEE#${email}`,
  }),

  magicToken: (hash: string): Key => ({ pk: `TOKEN#${hash}`, sk: 'MAGIC' }),
  /** A link that confirms an organisation's contact address (single use, like a magic link). */
  contactToken: (hash: string): Key => ({ pk: `TOKEN#${hash}`, sk: 'CONTACT' }),
  /** In the person's partition: one Query reads the session with the person and their roles. */
  session: (personId: string, hash: string): Key => ({ pk: `PERSON#${personId}`, sk: `SESSION#${hash}` }),
  sessionsOf: (personId: string) => ({ pk: `PERSON#${personId}`, skPrefix: 'SESSION#' }),
  /**
   * A member list a secretariat uploaded, kept a day between its preview and its import: a head
   * item and the brotli-compressed table in parts (an item holds at most 400 KB).
   */
  importUpload: (platformId: string, importId: string): Key => ({
    pk: `PLATFORM#${platformId}#IMPORT#${importId}`,
    sk: 'UPLOAD',
  }),
  importUploadPart: (platformId: string, importId: string, part: number): Key => ({
    pk: `PLATFORM#${platformId}#IMPORT#${importId}`,
    sk: `PART#${String(part).padStart(4, '0')}`,
  }),
  importUploadParts: (platformId: string, importId: string) => ({
    pk: `PLATFORM#${platformId}#IMPORT#${importId}`,
    skPrefix: 'PART#',
  }),
  /** Which column means what, as the platform's secretariat chose it last time. */
  importMapping: (platformId: string): Key => ({ pk: `PLATFORM#${platformId}`, sk: 'IMPORT_MAPPING' }),
  /**
   * What the last import of one row wrote, under the SHA-256 of the row's key (its member number
   * or its name): the uniqueness that makes a re-import change nothing.
   */
  importedRow: (platformId: string, keyHash: string): Key => ({
    pk: `PLATFORM#${platformId}#IMPORTED`,
    sk: keyHash,
  }),
  importedRows: (platformId: string) => ({ pk: `PLATFORM#${platformId}#IMPORTED` }),
  /** Never written: /health reads it to see that the table answers. */
  probe: (): Key => ({ pk: 'HEALTH', sk: 'PROBE' }),
  /** The times of one subject's recent hits (a sliding window): one small item per subject. */
  rateLimit: (scope: string, subject: string): Key => ({ pk: `RATE#${scope}#${subject}`, sk: 'WINDOW' }),
};

/** Attributes that exist for DynamoDB only and never leave the store. */
export const STORAGE_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
  'type',
  'expiresAt',
  'areaPrefectures',
  'locationCity',
  'deliveryRank',
] as const;
