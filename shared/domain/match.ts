import { z } from 'zod';
import { platformIdSchema, timestamps, ulidSchema, versionSchema } from './common';
import { KIND_IDS } from './taxonomy';

// A proposed introduction between a need and an offer. The lifecycle beyond `proposed`
// (accept, connect, decline, expire, outcome) is the introductions issue's.

export const MATCH_STATUSES = ['proposed', 'accepted', 'connected', 'declined', 'expired'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

export const scoreBreakdownSchema = z
  .object({
    field: z.number(),
    region: z.number(),
    capacity: z.number(),
    timing: z.number(),
    freshness: z.number(),
  })
  .meta({ id: 'ScoreBreakdown', description: 'Each factor in [0, 1]; the score is their weighted mean' });

export const matchSchema = z
  .object({
    id: z.string(),
    platformId: platformIdSchema,
    roundId: z.string(),
    needId: ulidSchema,
    offerId: ulidSchema,
    needOrganizationId: ulidSchema,
    offerOrganizationId: ulidSchema,
    kind: z.enum(KIND_IDS),
    score: z.number().min(0).max(1),
    breakdown: scoreBreakdownSchema,
    explanation: z.object({ ja: z.string(), en: z.string() }),
    status: z.enum(MATCH_STATUSES),
    ...timestamps,
    version: versionSchema,
  })
  .meta({ id: 'Match' });
export type Match = z.infer<typeof matchSchema>;

/** What the store keeps per (need, offer) pair so no pair is proposed twice or after a decline. */
export interface PairRecord {
  needId: string;
  offerId: string;
  matchId: string;
  status: MatchStatus;
}

export const roundSchema = z
  .object({
    roundId: z.string(),
    platformId: platformIdSchema,
    startedAt: z.iso.datetime(),
    durationMs: z.number(),
    needs: z.number().int(),
    offers: z.number().int(),
    candidatePairs: z.number().int(),
    proposals: z.number().int(),
    written: z.number().int().describe('Matches written by this run (0 when a rerun found them all)'),
    skipped: z.boolean().describe('Nothing changed since the last round: the engine did not run'),
    fingerprint: z.string(),
  })
  .meta({ id: 'Round' });
export type Round = z.infer<typeof roundSchema>;
