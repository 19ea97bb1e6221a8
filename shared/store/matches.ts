import {
  type AuditEntry,
  ConflictError,
  type Match,
  type OutboxMessage,
  organizationOf,
  type PairParties,
  type PairRecord,
  type Round,
  SIDES,
  type Side,
  type SlotChange,
  StaleVersionError,
} from '#domain';
import { auditOps } from './audit';
import { keys } from './keys';
import { outboxPut } from './outbox-item';
import { mergedPage, type Page, type TableClient, type TransactOp, withKeys } from './table-client';

/** Whether a proposal was written, or why not. */
export type ProposeResult = 'proposed' | 'pair-exists' | 'inbox-full' | 'offer-full';

/** Matches written before origins existed were all proposed by a round. */
const fromItem = (m: Match): Match => ({ ...m, origin: m.origin ?? 'round' });
const fromPage = (page: Page<Match>): Page<Match> => ({ ...page, items: page.items.map(fromItem) });

export function matchRepository(table: TableClient) {
  const item = (m: Match) => withKeys('match', keys.match(m.id), keys.matchIndex(m), m);
  const pairItem = (m: Match): PairRecord & { platformId: string } => ({
    platformId: m.platformId,
    ...(m.needId ? { needId: m.needId } : {}),
    ...(m.offerId ? { offerId: m.offerId } : {}),
    matchId: m.id,
    status: m.status,
    proposedAt: m.createdAt,
  });

  // The inbox counters: one per organisation and side, moved in the transaction of the match.
  const inboxTake = (m: Match, side: Side, cap: number): TransactOp => ({
    Update: {
      Key: keys.inbox(organizationOf(m, side), side),
      UpdateExpression: 'SET #org = :org, #side = :side ADD #waiting :one',
      ConditionExpression: 'attribute_not_exists(#waiting) OR #waiting < :cap',
      ExpressionAttributeNames: { '#waiting': 'waiting', '#org': 'organizationId', '#side': 'side' },
      ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':org': organizationOf(m, side), ':side': side },
    },
  });
  const inboxRelease = (m: Match, side: Side): TransactOp => ({
    Update: {
      Key: keys.inbox(organizationOf(m, side), side),
      UpdateExpression: 'ADD #waiting :minus',
      ExpressionAttributeNames: { '#waiting': 'waiting' },
      ExpressionAttributeValues: { ':minus': -1 },
    },
  });

  /** The match replaced only if nobody changed it since it was read (version one lower). */
  const versionedPut = (next: Match): TransactOp => ({
    Put: {
      Item: item(next),
      ConditionExpression: '#version = :read',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':read': next.version - 1 },
    },
  });

  const pairUpdate = (m: Match, settled: boolean): TransactOp => ({
    Update: {
      Key: keys.pair(m),
      UpdateExpression: 'SET #status = :status, #outcomes = :outcomes, #settled = :settled',
      ExpressionAttributeNames: { '#status': 'status', '#outcomes': 'outcomes', '#settled': 'settled' },
      ExpressionAttributeValues: {
        ':status': m.status,
        ':outcomes': {
          ...(m.outcomes.need ? { need: m.outcomes.need.outcome } : {}),
          ...(m.outcomes.offer ? { offer: m.outcomes.offer.outcome } : {}),
        },
        ':settled': settled,
      },
    },
  });

  // The offer's version moves with its slots, so an edit made from an older read cannot write
  // back a stale slot count.
  const slotUpdate = (offerId: string, change: Exclude<SlotChange, 'none'>): TransactOp => ({
    Update: {
      Key: keys.posting('OFFER', offerId),
      UpdateExpression:
        change === 'take'
          ? 'SET #used = if_not_exists(#used, :zero) + :one, #version = #version + :one'
          : 'SET #used = #used - :one, #version = #version + :one',
      ConditionExpression:
        change === 'take'
          ? '#status = :open AND (attribute_not_exists(#slots) OR attribute_not_exists(#used) OR #used < #slots)'
          : '#used > :zero',
      ExpressionAttributeNames: {
        '#used': 'slotsUsed',
        '#version': 'version',
        ...(change === 'take' ? { '#status': 'status', '#slots': 'slots' } : {}),
      },
      ExpressionAttributeValues: {
        ':zero': 0,
        ':one': 1,
        ...(change === 'take' ? { ':open': 'open' } : {}),
      },
    },
  });

  return {
    get: async (id: string) => {
      const m = await table.get<Match>(keys.match(id));
      return m && fromItem(m);
    },

    /** The pair record of a need and an offer (or an organisation and one), if ever proposed. */
    pair: (parties: PairParties) => table.get<PairRecord>(keys.pair(parties)),

    /** Unanswered proposals waiting for each organisation's answer, keyed `<org>|<side>` (absent: none). */
    async inboxWaiting(organizationIds: readonly string[]): Promise<Map<string, number>> {
      const ids = [...new Set(organizationIds)];
      const items = await table.getMany<{ organizationId: string; side: Side; waiting: number }>(
        ids.flatMap((id) => SIDES.map((side) => keys.inbox(id, side))),
      );
      return new Map(items.map((i) => [`${i.organizationId}|${i.side}`, i.waiting]));
    },

    /**
     * Writes a proposal, its pair record, its mails and (for the sides in `match.inboxCounted`)
     * one more unanswered proposal on each organisation's counter, capped at `cap`, in one
     * transaction; `slot: 'take'` also takes one of the offer's slots (the offer side accepted by
     * starting it). Refused when the pair (or the match id) exists already, so a rerun or a
     * concurrent start never creates a second match; an expired pair may be proposed again.
     */
    async propose(
      match: Match,
      mails: readonly OutboxMessage[] = [],
      options: { cap?: number; slot?: 'take'; audit?: AuditEntry } = {},
    ): Promise<ProposeResult> {
      const counted = match.inboxCounted ?? [];
      const counters = counted.map((side) => inboxTake(match, side, options.cap ?? Number.MAX_SAFE_INTEGER));
      const slot = options.slot === 'take' && match.offerId ? [slotUpdate(match.offerId, 'take')] : [];
      const failed = await table.transact([
        {
          Put: {
            Item: withKeys('pair', keys.pair(match), {}, pairItem(match)),
            ConditionExpression: 'attribute_not_exists(pk) OR #status = :expired',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':expired': 'expired' },
          },
        },
        { Put: { Item: item(match), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...counters,
        ...slot,
        ...mails.map((m) => outboxPut(m, table.secret)),
        ...auditOps(options.audit),
      ]);
      if (failed.length === 0) return 'proposed';
      if (failed.includes(0) || failed.includes(1)) return 'pair-exists';
      if (failed.some((i) => i >= 2 && i < 2 + counters.length)) return 'inbox-full';
      if (slot.length > 0 && failed.includes(2 + counters.length)) return 'offer-full';
      // A mail keyed like one in the outbox already: only a rerun of this very proposal does that.
      return 'pair-exists';
    },

    /**
     * Writes a match's new state, its pair record, the offer's slot change and the mails it
     * causes, all or nothing. Throws StaleVersionError when the match changed since it was read
     * and a 409 when the offer has no slot left (or is closed).
     */
    async transition(
      next: Match,
      change: {
        slot: SlotChange;
        mails?: readonly OutboxMessage[];
        settled?: boolean;
        inboxRelease?: readonly Side[];
      },
    ): Promise<void> {
      const ops: TransactOp[] = [versionedPut(next), pairUpdate(next, change.settled ?? false)];
      // A side without an offer (関心がある sent without one) has no slots to take.
      if (change.slot !== 'none' && next.offerId) ops.push(slotUpdate(next.offerId, change.slot));
      ops.push(...(change.inboxRelease ?? []).map((side) => inboxRelease(next, side)));
      ops.push(...(change.mails ?? []).map((m) => outboxPut(m, table.secret)));
      const failed = await table.transact(ops);
      if (failed.includes(0)) throw new StaleVersionError();
      if (failed.includes(2) && change.slot === 'take') {
        throw new ConflictError(
          'この支援の申し出は受け入れ枠がいっぱいか、受付を終了しています。 This offer has no slot left or is closed.',
          'offer-full',
        );
      }
      if (failed.length > 0)
        throw new ConflictError('このご提案は他の操作と競合しました。もう一度お試しください。');
    },

    /** Open and connected pairs that may still have something due (reminder, expiry, follow-up). */
    async unsettledPairs(platformId: string): Promise<PairRecord[]> {
      const all = await table.queryAll<PairRecord>(keys.pairsOfPlatform(platformId).pk);
      return all.filter(
        (p) => !p.settled && (p.status === 'proposed' || p.status === 'accepted' || p.status === 'connected'),
      );
    },

    getMany: async (ids: readonly string[]) =>
      (await table.getMany<Match>(ids.map((id) => keys.match(id)))).map(fromItem),

    /** Every pair of the platform proposed so far, with its state. */
    pairsOf: (platformId: string) => table.queryAll<PairRecord>(keys.pairsOfPlatform(platformId).pk),

    /** An organisation's matches, as need side and as offer side, newest first. */
    async inbox(
      organizationId: string,
      page: { limit: number; cursor?: string | undefined },
    ): Promise<Page<Match>> {
      return fromPage(
        await mergedPage<Match>(
          table,
          [keys.matchesAsNeedSide(organizationId), keys.matchesAsOfferSide(organizationId)],
          page.limit,
          page.cursor,
          ['gsi1sk', 'gsi2sk'],
        ),
      );
    },

    /**
     * Whether the organisation has a match (any status) with one of `others`: its matches as
     * need side filtered by the offer side's organisation, and the other way round.
     */
    async anyBetween(organizationId: string, others: readonly string[]): Promise<boolean> {
      const ids = [...new Set(others)].filter((id) => id !== organizationId);
      // IN takes at most 100 operands.
      for (let i = 0; i < ids.length; i += 100) {
        const chunk = ids.slice(i, i + 100);
        const values = Object.fromEntries(chunk.map((id, j) => [`:o${j}`, id]));
        const list = Object.keys(values).join(', ');
        const filter = (attribute: string) => ({
          expression: `#other IN (${list})`,
          names: { '#other': attribute },
          values,
        });
        const found = await Promise.all([
          table.any({ ...keys.matchesAsNeedSide(organizationId), filter: filter('offerOrganizationId') }),
          table.any({ ...keys.matchesAsOfferSide(organizationId), filter: filter('needOrganizationId') }),
        ]);
        if (found.some(Boolean)) return true;
      }
      return false;
    },

    ofNeed: async (needId: string, page: { limit: number; cursor?: string | undefined }) =>
      fromPage(await table.page<Match>({ ...keys.matchesOfNeed(needId), ...page })),

    ofOffer: async (offerId: string, page: { limit: number; cursor?: string | undefined }) =>
      fromPage(await table.page<Match>({ ...keys.matchesOfOffer(offerId), ...page })),

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
