import type { ReputationCounts, ReputationDay } from '#domain';
import { keys } from './keys';
import type { TableClient } from './table-client';

// What SES told us about our sending, counted per UTC day: one small item a day, updated with ADD,
// so events handled at the same time lose no count. Read back over a window of days to compute
// bounce and complaint rates (shared/mail/reputation.ts).

const FIELDS = ['sends', 'bounces', 'complaints'] as const;

export function reputationRepository(table: TableClient) {
  return {
    /** Adds these counts to the day's; the day expires (TTL) at `expiresAt` (epoch seconds). */
    async add(day: string, counts: Partial<ReputationCounts>, expiresAt: number): Promise<void> {
      const added = FIELDS.filter((f) => (counts[f] ?? 0) > 0);
      if (added.length === 0) return;
      await table.updateIf({
        Key: keys.reputationDay(day),
        UpdateExpression: `SET #type = :type, #day = :day, expiresAt = if_not_exists(expiresAt, :expires) ADD ${added
          .map((f) => `#${f} :${f}`)
          .join(', ')}`,
        ExpressionAttributeNames: {
          '#type': 'type',
          '#day': 'day',
          ...Object.fromEntries(added.map((f) => [`#${f}`, f])),
        },
        ExpressionAttributeValues: {
          ':type': 'reputation',
          ':day': day,
          ':expires': expiresAt,
          ...Object.fromEntries(added.map((f) => [`:${f}`, counts[f]])),
        },
      });
    },

    /** The counts of these days; a day with nothing counted is absent. */
    async days(days: readonly string[]): Promise<ReputationDay[]> {
      const found = await table.getMany<Partial<ReputationDay>>(days.map((d) => keys.reputationDay(d)));
      return found.map((d) => ({
        day: d.day ?? '',
        sends: d.sends ?? 0,
        bounces: d.bounces ?? 0,
        complaints: d.complaints ?? 0,
      }));
    },
  };
}
