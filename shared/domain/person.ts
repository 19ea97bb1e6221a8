import * as z from 'zod';
import { emailSchema, timestamps, ulidSchema } from './common';
import { consentAt, type TermsConsent, termsConsentInputSchema, termsConsentSchema } from './legal';
import { nameKanaSchema, personNameSchema } from './salutation';

export const ORG_ROLES = ['viewer', 'editor', 'owner'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** One of the two versions of a text (or anything), in this language: a reader reads one. */
export function byLanguage<T>(lang: Language, ja: T, en: T): T {
  return lang === 'en' ? en : ja;
}

export const personSchema = z
  .object({
    id: ulidSchema,
    email: emailSchema,
    name: z
      .string()
      .optional()
      .describe('氏名. Absent until the person gives it (they are asked after their first sign-in)'),
    nameKana: z.string().optional().describe('フリガナ, full-width katakana; optional'),
    language: z.enum(LANGUAGES),
    consent: termsConsentSchema
      .optional()
      .describe('The terms of use and privacy notice agreed to; absent until the person agrees'),
    ...timestamps,
  })
  .meta({ id: 'Person' });
export type Person = z.infer<typeof personSchema>;

/** A person as first seen: identified by email, in the language they signed up in (Japanese unless told). */
export function newPerson(id: string, email: string, now: string, language: Language = 'ja'): Person {
  return { id, email, language, createdAt: now, updatedAt: now };
}

/** What a person may change of themselves: the name (never back to none), its reading, the language. */
export const personPatchSchema = z
  .strictObject({
    name: personNameSchema.optional(),
    nameKana: nameKanaSchema.nullable().optional().describe('null removes the reading'),
    language: z.enum(LANGUAGES).optional(),
    consent: termsConsentInputSchema
      .optional()
      .describe(
        'Agrees to the current terms and privacy notice (required with the first name: signing up). Recorded with the time.',
      ),
  })
  .meta({ id: 'PersonPatch' });
export type PersonPatch = z.infer<typeof personPatchSchema>;

/** The person after a patch: `nameKana: null` removes the reading. */
export function patchedPerson(person: Person, patch: PersonPatch, now: string): Person {
  const { nameKana, consent, ...rest } = patch;
  const { nameKana: previous, ...others } = person;
  const kana = nameKana === undefined ? previous : (nameKana ?? undefined);
  return {
    ...others,
    ...rest,
    ...(kana ? { nameKana: kana } : {}),
    ...(consent ? { consent: consentAt(consent, now) } : {}),
    updatedAt: now,
  };
}

/** The consent a patch records, if it carries one. */
export function consentOfPatch(patch: PersonPatch, now: string): TermsConsent | undefined {
  return patch.consent ? consentAt(patch.consent, now) : undefined;
}

/** A person's role in one organisation. */
export interface Affiliation {
  personId: string;
  organizationId: string;
  role: OrgRole;
  createdAt: string;
}

/** What each role may do, in the words the pages and the invitation mail use. */
export const ORG_ROLE_LABELS: Record<OrgRole, { ja: string; en: string; canJa: string; canEn: string }> = {
  owner: {
    ja: '管理者',
    en: 'Owner',
    canJa: '団体情報・ニーズ・申し出の編集に加え、メンバーの招待・役割の変更・削除ができます',
    canEn: 'edits the profile, needs and offers, and also invites, changes and removes people',
  },
  editor: {
    ja: '編集者',
    en: 'Editor',
    canJa: '団体情報・ニーズ・申し出の編集や、つながりのご提案への回答ができます',
    canEn: 'edits the profile, needs and offers and answers introductions',
  },
  viewer: {
    ja: '閲覧者',
    en: 'Viewer',
    canJa: '団体の情報やご提案を見ることができます（変更はできません）',
    canEn: 'reads the organisation and its introductions, changes nothing',
  },
};

/** A new role for someone who is already one of the organisation's people. */
export const orgRoleChangeSchema = z.strictObject({ role: z.enum(ORG_ROLES) });

export const secretariatGrantSchema = z.strictObject({ email: emailSchema });

/** Who is asking: the person and every role they hold, loaded once per request. */
export interface Actor {
  person: Person;
  orgRoles: ReadonlyMap<string, OrgRole>;
  secretariatOf: ReadonlySet<string>;
}
