import { type Harness, type Member, type Session, uniqueEmail } from './harness';

// Small worlds several integration tests start from.

/** A platform with its secretariat and two approved members whose contact addresses are confirmed. */
export interface TwoMembers {
  platformId: string;
  secretariat: Session;
  secretariatEmail: string;
  /** An NPO; its contact is 川口 花子 at `npoContact`. */
  npo: Member;
  /** A company; its contact is 浦和 太郎 at `companyContact`. */
  company: Member;
  npoContact: string;
  companyContact: string;
}

/** Nothing posted yet; `label` prefixes every address; `npo` / `company` add to the organisations. */
export async function twoMembers(
  h: Harness,
  label: string,
  orgs: { npo?: Record<string, unknown>; company?: Record<string, unknown> } = {},
): Promise<TwoMembers> {
  const secretariatEmail = uniqueEmail(`${label}-jimukyoku`);
  const platformId = await h.platform({}, [secretariatEmail]);
  const secretariat = await h.signIn(secretariatEmail);
  const npoContact = uniqueEmail(`${label}-npo-contact`);
  const companyContact = uniqueEmail(`${label}-company-contact`);
  const npo = await h.member(platformId, secretariat, `${label}-npo`, {
    ...orgs.npo,
    contact: { name: '川口 花子', email: npoContact },
  });
  const company = await h.member(platformId, secretariat, `${label}-company`, {
    legalForm: 'company',
    ...orgs.company,
    contact: { name: '浦和 太郎', email: companyContact },
  });
  await h.confirmContact(npo.org);
  await h.confirmContact(company.org);
  return { platformId, secretariat, secretariatEmail, npo, company, npoContact, companyContact };
}
