import type { Match, PairRecord, Round } from '#domain';
import { keys } from './keys';
import { mergedPage, type Page, type TableClient, withKeys } from './table-client';

export function matchRepository(table: TableClient) {
  const item = (m: Match) => withKeys('match', keys.match(m.id), keys.matchIndex(m), m);
  const pairItem = (m: Match): PairRecord & { platformId: string } => ({
    platformId: m.platformId,
    needId: m.needId,
    offerId: m.offerId,
    matchId: m.id,
    status: m.status,
  });

  return {
    get: (id: string) => table.get<Match>(keys.match(id)),

    /**
     * Writes a proposal and its pair record in one transaction. False when the pair (or the
     * match id) exists already: a rerun or a concurrent round never creates a second match.
     * An expired pair may be proposed again.
     */
    async propose(match: Match): Promise<boolean> {
      const failed = await table.transact([
        {
          Put: {
            Item: withKeys(
              'pair',
              keys.pair(match.platformId, match.needId, match.offerId),
              {},
              pairItem(match),
            ),
            ConditionExpression: 'attribute_not_exists(pk) OR #status = :expired',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':expired': 'expired' },
          },
        },
        { Put: { Item: item(match), ConditionExpression: 'attribute_not_exists(pk)' } },
      ]);
      return failed.length === 0;
    },

    /** Every pair of the platform proposed so far, with its state. */
    pairsOf: (platformId: string) => table.queryAll<PairRecord>(keys.pairsOfPlatform(platformId).pk),

    /** An organisation's matches, as need side and as offer side, newest first. */
    inbox(
      organizationId: string,
      page: { limit: number; cursor?: string | undefined },
    ): Promise<Page<Match>> {
      return mergedPage<Match>(
        table,
        [keys.matchesAsNeedSide(organizationId), keys.matchesAsOfferSide(organizationId)],
        page.limit,
        page.cursor,
        ['gsi1sk', 'gsi2sk'],
      );
    },

    ofNeed: (needId: string, page: { limit: number; cursor?: string | undefined }) =>
      table.page<Match>({ ...keys.matchesOfNeed(needId), ...page }),

    ofOffer: (offerId: string, page: { limit: number; cursor?: string | undefined }) =>
      table.page<Match>({ ...keys.matchesOfOffer(offerId), ...page }),

    async recordRound(round: Round): Promise<void> {
      await table.put(
        withKeys('round', keys.round(round.platformId, round.startedAt, round.roundId), {}, round),
      );
    },

    async latestRound(platformId: string): Promise<Round | undefined> {
      const page = await table.page<Round>({ pk: keys.roundsOfPlatform(platformId).pk, limit: 1 });
      return page.items[0];
    },

    rounds: (platformId: string, page: { limit: number; cursor?: string | undefined }) =>
      table.page<Round>({ pk: keys.roundsOfPlatform(platformId).pk, ...page }),
  };
}
