import * as z from 'zod';
import { text } from './common';
import type { Organization } from './organization';

// The deployment's terms of use (利用規約) and privacy notice (プライバシーポリシー): their
// versions, and a person's consent to them (which versions, when). The texts themselves are
// pages (shared/http/pages/legal); a new version of either is a new date string here, and
// everyone who agreed to an older one is asked again at their next page (docs/privacy.md).

/** The terms of use in force: the date they were published. */
export const TERMS_VERSION = '2026-12-07';
/** The privacy notice in force: the date it was published. */
export const PRIVACY_VERSION = '2026-12-07';

/** What changed in each version, newest first: shown to whoever is asked to agree again. */
export const LEGAL_CHANGES: readonly { version: string; ja: string; en: string }[] = [
  {
    version: '2026-12-07',
    ja: '利用規約とプライバシーポリシーを定めました。',
    en: 'The terms of use and the privacy notice were published.',
  },
];

/** The versions a person agrees to, as they send them (the ones they were shown). */
export const termsConsentInputSchema = z
  .strictObject({
    terms: z
      .string()
      .refine(
        (v): boolean => v === TERMS_VERSION,
        `利用規約が更新されています（現在の版: ${TERMS_VERSION}）。最新の利用規約をご確認ください。`,
      )
      .describe(`The version of the terms of use agreed to: must be the current one, ${TERMS_VERSION}`),
    privacy: z
      .string()
      .refine(
        (v): boolean => v === PRIVACY_VERSION,
        `プライバシーポリシーが更新されています（現在の版: ${PRIVACY_VERSION}）。最新の内容をご確認ください。`,
      )
      .describe(`The version of the privacy notice agreed to: must be the current one, ${PRIVACY_VERSION}`),
  })
  .meta({
    id: 'TermsConsentInput',
    description: 'Agreement to the current terms of use and privacy notice (GET /v1/legal names them)',
  });
export type TermsConsentInput = z.infer<typeof termsConsentInputSchema>;

/** A consent as recorded on the person: the versions and when. */
export const termsConsentSchema = z
  .object({
    terms: z.string(),
    privacy: z.string(),
    at: z.iso.datetime(),
  })
  .meta({
    id: 'TermsConsent',
    description: 'The versions of the terms and privacy notice agreed to, and when',
  });
export type TermsConsent = z.infer<typeof termsConsentSchema>;

/** Whether a person has agreed to the versions in force. */
export function hasCurrentConsent(person: { consent?: TermsConsent | undefined }): boolean {
  return person.consent?.terms === TERMS_VERSION && person.consent.privacy === PRIVACY_VERSION;
}

/** The consent recorded for versions agreed to now. */
export function consentAt(input: TermsConsentInput, at: string): TermsConsent {
  return { terms: input.terms, privacy: input.privacy, at };
}

/** The changes since the versions a person last agreed to (all of them if never). */
export function changesSince(consent: TermsConsent | undefined): (typeof LEGAL_CHANGES)[number][] {
  const since = consent ? [consent.terms, consent.privacy].sort()[0]! : '';
  return LEGAL_CHANGES.filter((c) => c.version > since);
}

/** A platform's own rules (会則・利用ルール), which its secretariat writes: shown on its rules page. */
export const platformRulesInputSchema = z
  .strictObject({
    text: text(20_000).describe('Plain text; line breaks kept. Empty removes the rules.'),
  })
  .meta({ id: 'PlatformRulesInput' });

export const platformRulesSchema = z
  .object({
    platformId: z.string(),
    text: z.string(),
    version: z.string().describe('When the text last changed (ISO date-time): its version'),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'PlatformRules' });
export type PlatformRules = z.infer<typeof platformRulesSchema>;

/** What a deleted organisation is called wherever its introductions still appear. */
export const DELETED_ORGANIZATION_NAME = '（削除された団体）';
/** Never mailed (nobody is left to receive it): the reserved .invalid domain (RFC 2606). */
export const DELETED_ORGANIZATION_EMAIL = 'deleted@tsunagu.invalid';

/**
 * A deleted organisation as it is kept: no name, reading, description, website or contact; what
 * the statistics count (legal form, place) stays, and when it was deleted.
 */
export function anonymousOrganization(org: Organization, now: string): Organization {
  return {
    id: org.id,
    name: DELETED_ORGANIZATION_NAME,
    legalForm: org.legalForm,
    location: org.location,
    // What the statistics count by (members by field and area); nothing that names anyone.
    ...(org.activityFields ? { activityFields: org.activityFields } : {}),
    ...(org.activityArea ? { activityArea: org.activityArea } : {}),
    contact: { name: '—', email: DELETED_ORGANIZATION_EMAIL },
    directoryListed: false,
    deletedAt: now,
    createdAt: org.createdAt,
    updatedAt: now,
    version: org.version + 1,
  };
}
