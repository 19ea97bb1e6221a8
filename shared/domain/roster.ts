import type { ApplicationForm } from './application-form';
import type { Membership } from './membership';
import type { Organization } from './organization';

// The members-only roster (会員名簿) of a platform (issue 17.6): every approved member with its
// profile; the contact person, phone and representative only of members that agreed to the
// platform's roster-sharing consent (the application form's consent with purpose `roster`) in
// its current version, and only to readers who share their own (or the secretariat). Pure.

/** Whether a membership shares its contact on the roster: the roster consent, current version, given. */
export function sharesRoster(
  form: Pick<ApplicationForm, 'consents'> | undefined,
  membership: Pick<Membership, 'consents'>,
): boolean {
  const consent = form?.consents.find((c) => c.purpose === 'roster');
  if (consent === undefined) return false;
  const record = membership.consents?.find((r) => r.consentId === consent.id);
  return record?.agreed === true && record.version === consent.version;
}

export interface RosterEntry {
  organizationId: string;
  name: string;
  nameKana?: string | undefined;
  legalForm: Organization['legalForm'];
  location: Organization['location'];
  activityFields: string[];
  activities: string[];
  activityArea?: Organization['activityArea'];
  description?: string | undefined;
  website?: string | undefined;
  tier: string;
  /** The member agreed to share its contact on the roster. */
  sharesContact: boolean;
  /** Only when it shares and the reader may see shared contacts. */
  contact?: { name: string; email: string } | undefined;
  phone?: string | undefined;
  representative?: string | undefined;
}

/** One member as a reader sees it on the roster; `reveal`: the reader may see shared contacts. */
export function rosterEntry(
  org: Organization,
  membership: Pick<Membership, 'tier' | 'consents'>,
  form: Pick<ApplicationForm, 'consents'> | undefined,
  reveal: boolean,
): RosterEntry {
  const shares = sharesRoster(form, membership);
  const show = shares && reveal;
  return {
    organizationId: org.id,
    name: org.name,
    ...(org.nameKana ? { nameKana: org.nameKana } : {}),
    legalForm: org.legalForm,
    location: org.location,
    activityFields: org.activityFields ?? [],
    activities: org.activities ?? [],
    ...(org.activityArea ? { activityArea: org.activityArea } : {}),
    ...(org.description ? { description: org.description } : {}),
    ...(org.website ? { website: org.website } : {}),
    tier: membership.tier,
    sharesContact: shares,
    ...(show ? { contact: org.contact } : {}),
    ...(show && org.phone ? { phone: org.phone } : {}),
    ...(show && org.representative ? { representative: org.representative } : {}),
  };
}
