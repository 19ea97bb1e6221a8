import type { Need, Offer } from '#domain';
import { CandidateScan, DECLINED, PROPOSED } from './candidates';
import { type MatchingConfig, type MatchingConfigInput, resolveConfig } from './config';
import { REJECTIONS } from './kernel';
import { localityOrder, needOrder } from './offer-index';
import { assignShortLists } from './optimal';
import { type Proposal, proposalsOf } from './proposal';
import {
  dayNumber,
  F_ACTIVE,
  findById,
  type IdKeys,
  IdSpace,
  KIND_COUNT,
  needTable,
  O_FLAGS,
  O_INTS,
  O_KIND,
  O_ORG,
  offerTable,
  selectNeeds,
  selectOffers,
  sortById,
  type TableParams,
} from './tables';

// One matching round of a platform: candidates from an inverted index (kind × region × field),
// every candidate scored by the kernel, each need's best L kept, then the assignment with the
// largest total score under the caps (optimal.ts). See docs/matching.md.

export interface MatchingInput {
  readonly needs: readonly Need[];
  readonly offers: readonly Offer[];
  /** Organisations whose membership of the platform is approved. */
  readonly approvedOrganizations: ReadonlySet<string>;
  /** pairKey(needId, offerId) of every pair declined by either side, in any earlier round. */
  readonly declinedPairs: ReadonlySet<string>;
  /** pairKey(needId, offerId) of every pair proposed before: never proposed twice. */
  readonly proposedPairs: ReadonlySet<string>;
  /** The round's date, YYYY-MM-DD in Asia/Tokyo. */
  readonly today: string;
}

export interface MatchingStats {
  readonly needs: number;
  readonly offers: number;
  /** Open, not past their end date, of an approved organisation. */
  readonly eligibleNeeds: number;
  readonly eligibleOffers: number;
  /**
   * Entries of the index lists of every need (same platform and kind, area covers, fields
   * related); an offer found under several keys of a need counts once per key.
   */
  readonly indexedPairs: number;
  /** Distinct pairs scored: candidates from the lists not skipped by their bound. */
  readonly candidatePairs: number;
  /** Scored candidates that pass every filter and reach minScore. */
  readonly scoredPairs: number;
  /** Index lists skipped because their bound could not beat the need's short list. */
  readonly skippedLists: number;
  /** Entries of visited lists skipped because their own bound could not. */
  readonly skippedEntries: number;
  /** Scored candidates dropped, by reason. */
  readonly rejected: {
    readonly period: number;
    readonly sameOrganization: number;
    readonly capacity: number;
    /** Types that cannot meet (venue, skills, goods). */
    readonly type: number;
    readonly declined: number;
    readonly alreadyProposed: number;
    readonly belowMinScore: number;
  };
  /** Pairs in the needs' short lists: the edges the assignment optimises over. */
  readonly shortListedPairs: number;
  /** Nodes the assignment's searches visited (heap pushes): its work, for benchmarks. */
  readonly assignmentSteps: number;
  /** Sum of the proposals' scores. */
  readonly totalScore: number;
  readonly proposals: number;
}

export interface MatchingResult {
  /** By need id, then best first (score desc, offer id asc). */
  readonly proposals: Proposal[];
  readonly stats: MatchingStats;
}

export function parseToday(today: string): number {
  const day = dayNumber(today);
  if (Number.isNaN(day)) throw new Error(`matching: today must be a YYYY-MM-DD date, got "${today}"`);
  return day;
}

export function tableParams(config: MatchingConfig, today: number): TableParams {
  return { today, horizonDays: config.openEndedHorizonDays, halfLifeDays: config.freshnessHalfLifeDays };
}

/**
 * Earlier decisions per need row: offer rows and their codes (declined first, so a pair both
 * declined and proposed counts as declined). Few per need, so a short array beats a map.
 */
function decisionsOf(
  input: MatchingInput,
  needs: IdKeys,
  needRows: Int32Array,
  offers: IdKeys,
  offerById: Int32Array,
  rowOfRank: Int32Array,
): (number[] | undefined)[] {
  const decisions: (number[] | undefined)[] = new Array(needRows.length);
  const scratch = new Float64Array(3);
  const add = (keys: ReadonlySet<string>, code: number) => {
    for (const key of keys) {
      // Ids are ULIDs, but try every separator so that an id with a colon is still found.
      for (let at = key.indexOf(':'); at >= 0; at = key.indexOf(':', at + 1)) {
        const ni = findById(key.slice(0, at), needRows, needs, scratch);
        if (ni < 0) continue;
        const rank = findById(key.slice(at + 1), offerById, offers, scratch);
        if (rank < 0) continue;
        const row = rowOfRank[rank]!;
        let list = decisions[ni];
        if (list === undefined) {
          list = [];
          decisions[ni] = list;
        }
        // Pairs: offer row, code.
        let known = false;
        for (let i = 0; i < list.length; i += 2) if (list[i] === row) known = true;
        if (!known) list.push(row, code);
      }
    }
  };
  add(input.declinedPairs, DECLINED);
  add(input.proposedPairs, PROPOSED);
  return decisions;
}

function eligibleRows(active: (i: number) => number, org: (i: number) => number, n: number, ids: IdSpace) {
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (active(i) !== 0 && ids.approved[org(i)] === 1) rows.push(i);
  return Int32Array.from(rows);
}

/**
 * The postings of a round as tables: needs eligible and in id order, offers eligible and in
 * row order (platform, kind, area), with their ranks in id order, and the earlier decisions per
 * need. A function of its own so that the tables read from the input (and the sort keys of
 * ids) are garbage as soon as it returns: a round's typed arrays stay below V8's threshold for
 * a full garbage collection of the caller's heap.
 */
function prepare(input: MatchingInput, ids: IdSpace, params: TableParams) {
  // Needs: every posting read once, then the eligible ones in id order.
  const allNeeds = needTable(input.needs, ids, params);
  const needRows = sortById(
    eligibleRows(
      (i) => allNeeds.active[i]!,
      (i) => allNeeds.org[i]!,
      allNeeds.size,
      ids,
    ),
    allNeeds,
    'need',
  );
  const nt = selectNeeds(allNeeds, needRows);
  // Offers: the eligible ones in id order (their rank), then reordered for locality.
  const allOffers = offerTable(input.offers, ids, params);
  const offerById = sortById(
    eligibleRows(
      (i) => allOffers.ints[i * O_INTS + O_FLAGS]! & F_ACTIVE,
      (i) => allOffers.ints[i * O_INTS + O_ORG]!,
      allOffers.size,
      ids,
    ),
    allOffers,
    'offer',
  );
  const rank = localityOrder(allOffers, offerById);
  const rows = Int32Array.from(rank, (p) => offerById[p]!);
  const rowOfRank = new Int32Array(rank.length);
  for (let i = 0; i < rank.length; i++) rowOfRank[rank[i]!] = i;
  const ot = selectOffers(allOffers, rows, rank);
  const decisions =
    input.declinedPairs.size + input.proposedPairs.size === 0
      ? []
      : decisionsOf(input, allNeeds, needRows, allOffers, offerById, rowOfRank);
  return { nt, ot, decisions };
}

/**
 * Proposes introductions for one round: hard filters, scores, then at most
 * `proposalsPerNeed` per need and `introductionsPerRound` per offer with the largest total
 * score. Pure: the same input gives the same output, byte for byte.
 */
export function proposeMatches(input: MatchingInput, config?: MatchingConfigInput): MatchingResult {
  const cfg = resolveConfig(config);
  const ids = new IdSpace(input.approvedOrganizations);
  const { nt, ot, decisions } = prepare(input, ids, tableParams(cfg, parseToday(input.today)));
  const platformRows = new Map<number, [number, number]>();
  for (let row = 0; row < ot.size; row++) {
    const platform = Math.floor(ot.ints[row * O_INTS + O_KIND]! / KIND_COUNT);
    const range = platformRows.get(platform);
    if (range === undefined) platformRows.set(platform, [row, row + 1]);
    else range[1] = row + 1;
  }
  const scan = new CandidateScan(nt, ot, cfg, decisions, platformRows.values());
  const order = needOrder(nt, ids);
  for (const ni of order) scan.scan(ni);

  // The short lists, need by need and best first, are the edges of the assignment.
  const { count, topQ, topO, top } = scan;
  let edges = 0;
  for (let ni = 0; ni < nt.size; ni++) edges += count[ni]!;
  const assignment = assignShortLists({
    needs: nt.size,
    offers: ot.size,
    needCap: cfg.proposalsPerNeed,
    offerCap: ot.intros,
    stride: top,
    count,
    offer: topO,
    q: topQ,
    order,
  });
  const proposals = proposalsOf(
    { needOf: (e) => (e / top) | 0, offer: topO, q: topQ },
    assignment,
    nt,
    ot,
    scan.kernel,
    ids,
  );
  const rejected = scan.rejected;
  const at = (r: (typeof REJECTIONS)[number]) => rejected[REJECTIONS.indexOf(r)]!;
  return {
    proposals,
    stats: {
      needs: input.needs.length,
      offers: input.offers.length,
      eligibleNeeds: nt.size,
      eligibleOffers: ot.size,
      indexedPairs: scan.indexedPairs,
      candidatePairs: scan.candidatePairs,
      scoredPairs: scan.scoredPairs,
      skippedLists: scan.skippedLists,
      skippedEntries: scan.skippedEntries,
      rejected: {
        period: at('period'),
        sameOrganization: at('same_organization'),
        capacity: at('capacity'),
        type: at('type'),
        declined: scan.declined,
        alreadyProposed: scan.alreadyProposed,
        belowMinScore: scan.belowMin,
      },
      shortListedPairs: edges,
      assignmentSteps: assignment.steps,
      totalScore: assignment.total / 10_000,
      proposals: proposals.length,
    },
  };
}
