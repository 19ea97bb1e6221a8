import * as z from 'zod';
import {
  type ApplicationForm,
  applicationAnswersSchema,
  type ConsentRecord,
  checkApplication,
  consentRecordSchema,
  consentsGivenSchema,
  type StoredAnswer,
  storedAnswerSchema,
} from './application-form';
import { platformIdSchema, text, timestamps, ulidSchema, versionSchema } from './common';
import { ConflictError, type FieldError, ValidationError } from './errors';
import { type Platform, requireTier } from './platform';

// declined: the secretariat did not accept an application (お断り). The organisation may apply
// again: a new application, not a reopened one (docs/web.md).
export const MEMBERSHIP_STATUSES = ['pending', 'approved', 'declined', 'suspended', 'withdrawn'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const MEMBERSHIP_STATUS_LABELS: Record<MembershipStatus, { ja: string; en: string }> = {
  pending: { ja: '承認待ち', en: 'Pending' },
  approved: { ja: '承認済み', en: 'Approved' },
  declined: { ja: '見送り', en: 'Declined' },
  suspended: { ja: '一時停止', en: 'Suspended' },
  withdrawn: { ja: '退会', en: 'Withdrawn' },
};

export const membershipApplicationSchema = z.strictObject({
  organizationId: ulidSchema,
  tier: z
    .string()
    .min(1)
    .max(32)
    .optional()
    .describe('Tier id of the platform; required when the platform has more than one tier'),
  message: text(500).optional().describe('A note to the secretariat; line breaks are kept'),
  answers: applicationAnswersSchema.optional(),
  consents: consentsGivenSchema.optional(),
});

export const membershipSchema = z
  .object({
    platformId: platformIdSchema,
    organizationId: ulidSchema,
    tier: z.string(),
    status: z.enum(MEMBERSHIP_STATUSES),
    message: z.string().optional(),
    answers: z.array(storedAnswerSchema).optional().describe("Answers to the platform's questions, as asked"),
    consents: z
      .array(consentRecordSchema)
      .optional()
      .describe('Consents given (or an optional one not given), with version, text and time'),
    decidedAt: z.iso.datetime().optional(),
    decidedBy: ulidSchema.optional(),
    reason: z
      .string()
      .optional()
      .describe('Why the secretariat declined the application, as it typed it (mailed to the applicant)'),
    ...timestamps,
    version: versionSchema,
  })
  .meta({ id: 'Membership' });
export type Membership = z.infer<typeof membershipSchema>;

/** The decline's optional reason, as the secretariat types it; line breaks are kept. */
export const declineReasonSchema = text(1000);

export type MembershipAction = 'apply' | 'approve' | 'decline' | 'suspend' | 'withdraw';

const ALLOWED_FROM: Record<MembershipAction, readonly (MembershipStatus | 'none')[]> = {
  apply: ['none', 'withdrawn', 'declined'],
  approve: ['pending', 'suspended'],
  decline: ['pending'],
  suspend: ['approved'],
  withdraw: ['pending', 'approved', 'suspended'],
};

const TARGET: Record<MembershipAction, MembershipStatus> = {
  apply: 'pending',
  approve: 'approved',
  decline: 'declined',
  suspend: 'suspended',
  withdraw: 'withdrawn',
};

const ACTION_JA: Record<MembershipAction, string> = {
  apply: '参加申請',
  approve: '承認',
  decline: 'お断り',
  suspend: '一時停止',
  withdraw: '退会',
};

/** The status a membership moves to, or a 409 when the action makes no sense from where it is. */
export function nextMembershipStatus(
  current: MembershipStatus | 'none',
  action: MembershipAction,
): MembershipStatus {
  if (!ALLOWED_FROM[action].includes(current)) {
    const from = current === 'none' ? '未申請' : MEMBERSHIP_STATUS_LABELS[current].ja;
    throw new ConflictError(
      `現在の状態（${from}）からは${ACTION_JA[action]}できません。 Cannot ${action} a membership that is ${current}.`,
      'membership-state',
    );
  }
  return TARGET[action];
}

/** `check()`'s result, or undefined with its field errors added to `errors` (other errors pass). */
function collecting<T>(errors: FieldError[], check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    errors.push(...(error.errors ?? []));
    return undefined;
  }
}

/**
 * An application checked against the platform: a tier chosen (the only one when there is one),
 * the form's questions answered and its consents given; every problem in one 400.
 */
export function checkMembershipApplication(
  platform: Pick<Platform, 'tiers'>,
  form: ApplicationForm,
  body: z.infer<typeof membershipApplicationSchema>,
  now: string,
  personId: string,
): { tier: string; answers: StoredAnswer[]; consents: ConsentRecord[] } {
  const errors: FieldError[] = [];
  const tier = body.tier ?? (platform.tiers.length === 1 ? platform.tiers[0]!.id : undefined);
  if (tier === undefined)
    errors.push({ path: 'tier', message: '会員区分を選んでください。 Please choose a tier.' });
  else collecting(errors, () => requireTier(platform, tier));
  const checked = collecting(errors, () => checkApplication(form, body, now, personId));
  if (errors.length > 0 || !checked || tier === undefined) throw new ValidationError(errors);
  return { tier, ...checked };
}
