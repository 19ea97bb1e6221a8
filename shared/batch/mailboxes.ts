import type { AppContext } from '#context';
import { isContactVerified, type Language, type Organization } from '#domain';

// Where mail for an organisation goes (docs/mail.md "Who receives what"). Its contact address
// once confirmed; until then its owners' own addresses, which they proved by signing in, so a
// mistyped or someone else's address never receives proposals, reminders or a partner's
// contact. What a partner is shown as the organisation's contact follows the same rule.

/** Owners mailed at most, oldest first, while the contact address is unconfirmed. */
export const OWNERS_MAILED = 5;

export interface Recipient {
  email: string;
  language: Language;
  /**
   * Whom the mail greets (salutation): the contact person the organisation entered with its
   * confirmed address, or the owner's own name; absent when an owner gave none.
   */
  name?: string | undefined;
}

export interface Mailbox {
  verified: boolean;
  /** Who receives the organisation's mail: its confirmed contact, or its owners. */
  recipients: Recipient[];
  /** The contact a partner is shown once both accepted: the confirmed one, or the first owner. */
  contact: { name?: string | undefined; email: string };
}

/** Someone's language, if the address has an account (a cache for a round). */
export type LanguageOf = (email: string) => Promise<Language>;

export const languageLookup = (ctx: AppContext): LanguageOf => {
  const known = new Map<string, Promise<Language>>();
  return (email) => {
    let hit = known.get(email);
    if (!hit) {
      hit = ctx.store.people.getByEmail(email).then((p) => p?.language ?? 'ja');
      known.set(email, hit);
    }
    return hit;
  };
};

export async function mailboxOf(
  ctx: AppContext,
  org: Organization,
  languageOf: LanguageOf = languageLookup(ctx),
): Promise<Mailbox> {
  if (isContactVerified(org)) {
    return {
      verified: true,
      recipients: [
        { email: org.contact.email, language: await languageOf(org.contact.email), name: org.contact.name },
      ],
      contact: { name: org.contact.name, email: org.contact.email },
    };
  }
  const owners = (await ctx.store.people.allOf(org.id))
    .filter((p) => p.role === 'owner')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.personId.localeCompare(b.personId))
    .slice(0, OWNERS_MAILED);
  const people = new Map(
    (await ctx.store.people.getMany(owners.map((o) => o.personId))).map((p) => [p.id, p]),
  );
  const first = owners[0];
  return {
    verified: false,
    recipients: await Promise.all(
      owners.map(async (o) => ({
        email: o.email,
        language: people.get(o.personId)?.language ?? (await languageOf(o.email)),
        name: people.get(o.personId)?.name,
      })),
    ),
    // An organisation always keeps an owner; without one there is nothing to show. An owner who
    // gave no name is shown as ご担当者様 (salutation).
    contact: first ? { name: people.get(first.personId)?.name, email: first.email } : { email: '' },
  };
}
