import * as z from 'zod';
import {
  emailSchema,
  line,
  text,
  timestamps,
  ulidSchema,
  uniqueList,
  urlSchema,
  versionSchema,
} from './common';
import { ValidationError } from './errors';
import { phoneSchema } from './phone';
import { isMunicipalityCode, isPrefectureCode, municipality } from './regions';
import { ACTIVITY_IDS, FIELD_SLUGS, SIZE_RANGE_IDS } from './taxonomy';
import { toFieldErrors } from './validation';

// 法人格の有無を問わず: incorporated or not, and individuals too.
export const LEGAL_FORMS = {
  npo_corporation: { ja: 'NPO法人', en: 'Specified non-profit corporation' },
  social_welfare_council: { ja: '社会福祉協議会', en: 'Social welfare council' },
  social_welfare_corporation: { ja: '社会福祉法人', en: 'Social welfare corporation' },
  general_association: { ja: '一般社団法人', en: 'General incorporated association' },
  general_foundation: { ja: '一般財団法人', en: 'General incorporated foundation' },
  public_interest_corporation: { ja: '公益社団・財団法人', en: 'Public interest corporation' },
  unincorporated_group: { ja: '任意団体', en: 'Unincorporated group' },
  individual: { ja: '個人', en: 'Individual' },
  company: { ja: '企業', en: 'Company' },
  sole_proprietor: { ja: '個人事業主', en: 'Sole proprietor' },
  cooperative: { ja: '協同組合', en: 'Cooperative' },
  chamber_of_commerce: { ja: '商工会議所・商工会', en: 'Chamber of commerce' },
  financial_institution: { ja: '金融機関', en: 'Financial institution' },
  local_government: { ja: '地方公共団体', en: 'Local government' },
  intermediary: { ja: '中間支援組織', en: 'Intermediary support organisation' },
  other: { ja: 'その他', en: 'Other' },
} as const;
export type LegalForm = keyof typeof LEGAL_FORMS;
const LEGAL_FORM_IDS = Object.keys(LEGAL_FORMS) as [LegalForm, ...LegalForm[]];

export const locationSchema = z
  .strictObject({
    prefecture: z.string().refine(isPrefectureCode, '都道府県コード（01〜47）が正しくありません'),
    municipality: z.string().refine(isMunicipalityCode, '市区町村コードが正しくありません').optional(),
  })
  .refine((l) => l.municipality === undefined || municipality(l.municipality)?.prefecture === l.prefecture, {
    message: '市区町村が都道府県の中にありません',
    path: ['municipality'],
  })
  .meta({
    id: 'Location',
    description: 'JIS X 0401 prefecture code and optional JIS X 0402 municipality code',
  });
export type Location = z.infer<typeof locationSchema>;

export const contactSchema = z
  .strictObject({ name: line(100), email: emailSchema })
  .meta({ description: 'Shared with another organisation only after both accept an introduction' });

/** Which contact address was proved to reach someone at the organisation, and when. */
export const contactVerificationSchema = z.object({ email: emailSchema, verifiedAt: z.iso.datetime() }).meta({
  id: 'ContactVerification',
  description:
    'The contact address confirmed (by a mailed link, or because it is the signed-in address of the person who entered it) and when. The contact is confirmed while this email equals contact.email; a changed address is unconfirmed until its link is opened.',
});
export type ContactVerification = z.infer<typeof contactVerificationSchema>;

/** Where an organisation works (活動地域): the whole country, or prefectures and municipalities. */
export const activityAreaSchema = z
  .strictObject({
    nationwide: z.boolean().default(false),
    prefectures: uniqueList(z.string().refine(isPrefectureCode, '都道府県コードが正しくありません'), {
      max: 47,
    }).default([]),
    municipalities: uniqueList(z.string().refine(isMunicipalityCode, '市区町村コードが正しくありません'), {
      max: 200,
    }).default([]),
  })
  .meta({
    id: 'ActivityArea',
    description:
      'Where the organisation works (活動地域): nationwide, and/or JIS X 0401 prefecture codes and JIS X 0402 municipality codes. All empty = not said (its location stands in)',
  });
export type ActivityArea = z.infer<typeof activityAreaSchema>;

const ACTIVITY_FIELDS_REQUIRED = '活動分野を1つ以上選んでください';

/** 活動分野: the fields of the taxonomy the organisation works in; required from the first save. */
export const activityFieldsSchema = z
  .array(z.enum(FIELD_SLUGS), {
    error: (issue) => (issue.input === undefined ? ACTIVITY_FIELDS_REQUIRED : undefined),
  })
  .min(1, ACTIVITY_FIELDS_REQUIRED)
  .max(30, '30まで選べます')
  .refine((xs) => new Set(xs).size === xs.length, '同じ項目が重複しています')
  .describe('活動分野: fields of the taxonomy (slugs in docs/api.md), at least one');

// The optional parts of the profile: a PATCH clears one with null.
const profileFields = {
  activityArea: activityAreaSchema,
  activities: uniqueList(z.enum(ACTIVITY_IDS), { max: ACTIVITY_IDS.length }).describe(
    '活動内容: what the organisation does (居場所, 相談窓口 …; ids in docs/api.md)',
  ),
  phone: phoneSchema,
  representative: line(100).describe('代表者名: the name of the representative'),
  staffRange: z.enum(SIZE_RANGE_IDS).describe('スタッフ数: how many people work for it, as a range'),
  volunteerRange: z.enum(SIZE_RANGE_IDS).describe('ボランティア数: how many volunteers, as a range'),
};
type ProfileKey = keyof typeof profileFields;

const organizationFields = {
  name: line(200),
  nameKana: line(200).optional(),
  legalForm: z.enum(LEGAL_FORM_IDS),
  location: locationSchema,
  description: text(2000).optional(),
  website: urlSchema.optional(),
  contact: contactSchema,
  activityFields: activityFieldsSchema,
  activityArea: profileFields.activityArea.optional(),
  activities: profileFields.activities.optional(),
  phone: profileFields.phone.optional(),
  representative: profileFields.representative.optional(),
  staffRange: profileFields.staffRange.optional(),
  volunteerRange: profileFields.volunteerRange.optional(),
  directoryListed: z
    .boolean()
    .optional()
    .describe('Listed in the public member directory (opt-in, default false)'),
};

export const organizationInputSchema = z.strictObject(organizationFields);
export type OrganizationInput = z.infer<typeof organizationInputSchema>;

export const organizationPatchSchema = organizationInputSchema.partial().extend({
  ...(Object.fromEntries(
    Object.entries(profileFields).map(([k, v]) => [
      k,
      v.nullable().optional().describe(`${v.description}; null clears it`),
    ]),
  ) as { [K in ProfileKey]: z.ZodOptional<z.ZodNullable<(typeof profileFields)[K]>> }),
  version: versionSchema.describe('The version you read; a stale one gets 409'),
});
export type OrganizationPatch = z.infer<typeof organizationPatchSchema>;

export const organizationSchema = z
  .object({
    id: ulidSchema,
    ...organizationInputSchema.shape,
    activityFields: activityFieldsSchema
      .optional()
      .describe(
        '活動分野. Every organisation registered since it exists has one or more; one registered before may lack it until its next edit, which must add it',
      ),
    directoryListed: z.boolean(),
    contactVerification: contactVerificationSchema.optional(),
    deletedAt: z.iso
      .datetime()
      .optional()
      .describe(
        'Set once its owner deleted it: name and contact are gone, its introductions stay for the statistics',
      ),
    ...timestamps,
    version: versionSchema,
  })
  .meta({ id: 'Organization' });
export type Organization = z.infer<typeof organizationSchema>;

/** An organisation as those who see it in full get it: with whether its contact is confirmed. */
export const organizationInFullSchema = organizationSchema
  .extend({
    contactVerified: z
      .boolean()
      .describe(
        "Whether contact.email is confirmed. Until it is, mail for the organisation goes to its owners' own addresses, and partners are shown an owner's address instead.",
      ),
  })
  .meta({ id: 'OrganizationInFull' });
export type OrganizationInFull = z.infer<typeof organizationInFullSchema>;

/**
 * The organisation after a PATCH: the changes over what is stored, a null clearing an optional
 * part of the profile. An organisation without 活動分野 (registered before they were asked) must
 * add them with any edit.
 */
export function patchedOrganization(
  org: Organization,
  changes: Omit<OrganizationPatch, 'version'>,
  now: string,
) {
  const next: Record<string, unknown> = { ...org, ...changes, updatedAt: now };
  for (const [key, value] of Object.entries(changes)) if (value === null) delete next[key];
  const result = organizationSchema.safeParse(next);
  if (!result.success) throw new ValidationError(toFieldErrors(result.error));
  if (!result.data.activityFields?.length)
    throw new ValidationError([{ path: 'activityFields', message: ACTIVITY_FIELDS_REQUIRED }]);
  return result.data;
}

/** Whether mail may go to the contact address: it is the address that was confirmed. */
export function isContactVerified(org: Pick<Organization, 'contact' | 'contactVerification'>): boolean {
  return org.contactVerification !== undefined && org.contactVerification.email === org.contact.email;
}

/** The organisation with its contact's status, for those who see it in full. */
export function organizationInFull(org: Organization): OrganizationInFull {
  return { ...org, contactVerified: isContactVerified(org) };
}

/**
 * The verification an organisation keeps after its contact was entered or changed: the same
 * while the address is unchanged, confirmed at once when it is `signedInEmail` (the person who
 * entered it proved that address by signing in), otherwise none (a changed address starts over).
 */
export function contactVerificationAfter(
  org: Organization,
  signedInEmail: string,
  now: string,
): Organization {
  if (isContactVerified(org)) return org;
  const { contactVerification: _previous, ...rest } = org;
  if (org.contact.email !== signedInEmail) return rest;
  return { ...rest, contactVerification: { email: org.contact.email, verifiedAt: now } };
}

/** What any signed-in member may see of an organisation: no contact person, phone or representative. */
export function publicOrganization(
  org: Organization,
): Omit<Organization, 'contact' | 'contactVerification' | 'phone' | 'representative'> {
  const {
    contact: _contact,
    contactVerification: _verification,
    phone: _phone,
    representative: _representative,
    ...rest
  } = org;
  return rest;
}
