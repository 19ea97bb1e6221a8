import { z } from 'zod';
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

/** A person as first seen: identified by email, Japanese until they choose otherwise. */
export function newPerson(id: string, email: string, now: string): Person {
  return { id, email, language: 'ja', createdAt: now, updatedAt: now };
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

export const addOrgMemberSchema = z.strictObject({
  email: emailSchema,
  role: z.enum(ORG_ROLES).default('editor'),
});

export const secretariatGrantSchema = z.strictObject({ email: emailSchema });

/** Who is asking: the person and every role they hold, loaded once per request. */
export interface Actor {
  person: Person;
  orgRoles: ReadonlyMap<string, OrgRole>;
  secretariatOf: ReadonlySet<string>;
}
