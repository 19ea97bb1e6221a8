import type { Context } from 'hono';
import {
  type Actor,
  type ApplicationForm,
  type Consent,
  consentsDue,
  hasOrgRole,
  type Membership,
} from '#domain';
import type { AppEnv } from '../env';

// Which of the person's organisations must agree again to a platform's consent whose text
// changed (or to a required consent added since they joined): their approved memberships,
// checked against each platform's form. Only owners and editors can agree for an organisation,
// so only they are asked; a viewer is never sent to the consents page.

export interface ConsentsDue {
  membership: Membership;
  form: ApplicationForm;
  due: Consent[];
}

export async function consentsDueFor(c: Context<AppEnv>, actor: Actor): Promise<ConsentsDue[]> {
  const orgIds = [...actor.orgRoles.keys()].filter((id) => hasOrgRole(actor, id, 'editor'));
  if (orgIds.length === 0) return [];
  const store = c.var.ctx.store;
  const approved = (await Promise.all(orgIds.map((id) => store.memberships.ofOrganization(id))))
    .flat()
    .filter((m) => m.status === 'approved');
  if (approved.length === 0) return [];
  const forms = new Map(
    (await store.applicationForms.getMany(approved.map((m) => m.platformId))).map((f) => [f.platformId, f]),
  );
  return approved.flatMap((membership) => {
    const form = forms.get(membership.platformId);
    const due = consentsDue(form, membership.consents);
    return form && due.length > 0 ? [{ membership, form, due }] : [];
  });
}

/** The path of the consents page, coming back to `next` afterwards. */
export const consentsPath = (next: string) => `/consents?next=${encodeURIComponent(next)}`;
