import * as z from 'zod';
import { emailSchema, line, timestamps, ulidSchema } from './common';

export const ORG_ROLES = ['viewer', 'editor', 'owner'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const personSchema = z
  .object({
    id: ulidSchema,
    email: emailSchema,
    name: z.string().optional(),
    language: z.enum(LANGUAGES),
    ...timestamps,
  })
  .meta({ id: 'Person' });
export type Person = z.infer<typeof personSchema>;

/** A person as first seen: identified by email, in the language they signed up in (Japanese unless told). */
export function newPerson(id: string, email: string, now: string, language: Language = 'ja'): Person {
  return { id, email, language, createdAt: now, updatedAt: now };
}

export const personPatchSchema = z.strictObject({
  name: line(100).optional(),
  language: z.enum(LANGUAGES).optional(),
});

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
