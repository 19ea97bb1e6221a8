import * as z from 'zod';
import { platformIdSchema, timestamps, ulidSchema, versionSchema } from './common';
import { KIND_IDS } from './taxonomy';

// A proposed introduction between a need and an offer, and its double opt-in lifecycle
// (shared/domain/introduction.ts moves it along).

export const MATCH_STATUSES = ['proposed', 'accepted', 'connected', 'declined', 'expired'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];
/**
 * Who started an introduction: the matching round, a member's 関心がある (interest), the
 * secretariat by hand, or an application to an open call (公募).
 */
export const MATCH_ORIGINS = ['round', 'interest', 'secretariat', 'open_call'] as const;
export type MatchOrigin = (typeof MATCH_ORIGINS)[number];
export const ORIGIN_LABELS: Record<MatchOrigin, { ja: string; en: string }> = {
  round: { ja: '自動のご提案', en: 'Proposed by matching' },
  interest: { ja: '関心の表明', en: 'Expressed interest' },
  secretariat: { ja: '事務局からのご紹介', en: 'Introduced by the secretariat' },
  open_call: { ja: '公募への応募', en: 'Application to an open call' },
};
export const SIDES = ['need', 'offer'] as const;
export type Side = (typeof SIDES)[number];
export const OUTCOMES = ['formed', 'not_formed', 'in_progress'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, { ja: string; en: string }> = {
  formed: { ja: '連携が成立した', en: 'A collaboration came of it' },
  not_formed: { ja: '連携は成立しなかった', en: 'No collaboration came of it' },
  in_progress: { ja: '進行中', en: 'In progress' },
};

const responseSchema = z.object({
  decision: z.enum(['accepted', 'declined']),
  at: z.iso.datetime(),
  personId: ulidSchema.optional().describe('Absent when answered through the link in the mail'),
});
export type SideResponse = z.infer<typeof responseSchema>;

const outcomeReportSchema = z.object({
  outcome: z.enum(OUTCOMES),
  at: z.iso.datetime(),
  personId: ulidSchema.optional(),
});

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
    origin: z
      .enum(MATCH_ORIGINS)
      .describe('Who started it; matches made before origins existed read as round'),
    roundId: z.string().optional().describe('The round that proposed it (origin round only)'),
    needId: ulidSchema
      .optional()
      .describe('Absent when an organisation offered its interest in an offer without a need of its own'),
    offerId: ulidSchema
      .optional()
      .describe('Absent when an organisation offered to help with a need without an offer of its own'),
    needOrganizationId: ulidSchema,
    offerOrganizationId: ulidSchema,
    kind: z.enum(KIND_IDS),
    score: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Absent when a person paired two postings the engine would not pair'),
    breakdown: scoreBreakdownSchema.optional(),
    explanation: z.object({ ja: z.string(), en: z.string() }).optional(),
    message: z
      .object({ from: z.enum(['need', 'offer', 'secretariat']), text: z.string() })
      .optional()
      .describe('The note of whoever started it: the interested side, or 「事務局より」'),
    application: z
      .object({ answers: z.record(z.string(), z.string()) })
      .optional()
      .describe("An open call's application: the answers to its questions, by question id"),
    status: z.enum(MATCH_STATUSES),
    respondBy: z.iso.datetime().describe('Unanswered proposals expire at this time'),
    responses: z.object({ need: responseSchema.optional(), offer: responseSchema.optional() }),
    declineReason: z.string().optional().describe('Shown to the secretariat only'),
    connectedAt: z.iso.datetime().optional(),
    remindedAt: z.iso.datetime().optional(),
    followUpAt: z.iso.datetime().optional().describe('When both sides were asked about the outcome'),
    outcomes: z.object({ need: outcomeReportSchema.optional(), offer: outcomeReportSchema.optional() }),
    inboxCounted: z
      .array(z.enum(SIDES))
      .optional()
      .describe('Sides whose count of unanswered proposals this match holds (the inbox cap)'),
    ...timestamps,
    version: versionSchema,
  })
  .meta({ id: 'Match' });
export type Match = z.infer<typeof matchSchema>;

/**
 * What the store keeps per (need, offer) pair so no pair is proposed twice or after a decline.
 * A 関心がある sent without a posting of one's own pairs the organisation with the posting: the
 * side it left out has no posting id.
 */
export interface PairRecord {
  needId?: string | undefined;
  offerId?: string | undefined;
  matchId: string;
  status: MatchStatus;
  /** When the match was proposed; absent on pairs written before it was kept. */
  proposedAt?: string | undefined;
  /** Set once both sides were asked about the outcome: nothing is due on this pair any more. */
  settled?: boolean | undefined;
  outcomes?: Partial<Record<Side, Outcome>> | undefined;
}

/** The two sides of an introduction: each an organisation, and its posting when it has one. */
export interface PairParties {
  platformId: string;
  needId?: string | undefined;
  offerId?: string | undefined;
  needOrganizationId: string;
  offerOrganizationId: string;
}

/** A pair of two postings: every pair a round proposes, and most that people start. */
export type PostingPair = PairRecord & { needId: string; offerId: string };
export const isPostingPair = (p: PairRecord): p is PostingPair =>
  p.needId !== undefined && p.offerId !== undefined;
/** A match between two postings (all of a round's). */
export type PostingMatch = Match & { needId: string; offerId: string };

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
    deferred: z
      .number()
      .int()
      .optional()
      .describe('Proposals left for a later round because an organisation had too many unanswered'),
    skipped: z.boolean().describe('Nothing changed since the last round: the engine did not run'),
    fingerprint: z.string(),
  })
  .meta({ id: 'Round' });
export type Round = z.infer<typeof roundSchema>;
