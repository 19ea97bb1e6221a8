import {
  ACTIVITIES,
  activityFieldsSchema,
  FIELDS,
  type OrganizationInput,
  organizationInputSchema,
  readAddress,
  readMunicipality,
  readPrefecture,
  type Tier,
} from '#domain';
import type { SheetTable } from './read-file';
import { IMPORT_TARGETS, type ImportMapping, type ImportTargetId } from './targets';
import {
  areaOf,
  legalFormFromName,
  legalFormOf,
  phoneOf,
  pickAll,
  rowKey,
  sizeRangeOf,
  tierOf,
} from './values';

// Each row of a member list read as an organisation and its tier, or as the errors a secretariat
// must fix in that row before anything is written. Pure: the same table and mapping always give
// the same rows and errors.

/**
 * An organisation as a list can give it: 活動分野 may be missing (many lists have no such column);
 * the organisation is then asked to add it, like one registered before the field existed.
 */
export type ImportedOrganization = Omit<OrganizationInput, 'activityFields'> &
  Partial<Pick<OrganizationInput, 'activityFields'>>;

const importedOrganizationSchema = organizationInputSchema.extend({
  activityFields: activityFieldsSchema.optional(),
});

export interface ImportRow {
  /** The row number the spreadsheet shows. */
  line: number;
  /** Who this row is across imports: its member number, else its normalised name. */
  key: string;
  tier: string;
  organization: ImportedOrganization;
}

export interface RowError {
  line: number;
  /** The header of the column at fault, or the target's name when no column is mapped to it. */
  column: string;
  /** Japanese, then English (the project's two-language message style). */
  message: string;
}

export interface ReadOptions {
  tiers: readonly Tier[];
  /** The tier of a row without one. */
  defaultTier: string;
  /** The prefecture an address without one is read in (the platform's, when it has one). */
  defaultPrefecture?: string | undefined;
}

// The fields of OrganizationInput each target fills, to point a schema error at its column.
const PATH_TARGETS: Record<string, readonly ImportTargetId[]> = {
  name: ['name'],
  nameKana: ['nameKana'],
  legalForm: ['legalForm'],
  location: ['address', 'prefecture'],
  'location.prefecture': ['prefecture', 'address'],
  'location.municipality': ['municipality', 'address'],
  description: ['description'],
  website: ['website'],
  contact: ['contactName', 'contactEmail'],
  'contact.name': ['contactName'],
  'contact.email': ['contactEmail'],
  activityFields: ['activityFields'],
  activities: ['activities'],
  activityArea: ['activityArea'],
  phone: ['phone'],
  representative: ['representative'],
  staffRange: ['staffRange'],
  volunteerRange: ['volunteerRange'],
};

const FIELD_CHOICES = FIELDS.map((f) => ({ id: f.slug, ja: f.ja, en: f.en }));
const ACTIVITY_CHOICES = ACTIVITIES.map((a) => ({ id: a.id, ja: a.ja, en: a.en }));

/** Reads every row; rows with any error are left out of `rows` and explained in `errors`. */
export function readRows(
  table: Pick<SheetTable, 'headers' | 'rows'>,
  mapping: ImportMapping,
  options: ReadOptions,
): { rows: ImportRow[]; errors: RowError[] } {
  const columnOf = new Map<ImportTargetId, number>();
  mapping.forEach((target, i) => {
    if (target !== null && !columnOf.has(target)) columnOf.set(target, i);
  });
  const headerOf = (target: ImportTargetId) => {
    const i = columnOf.get(target);
    const info = IMPORT_TARGETS.find((t) => t.id === target)!;
    return i === undefined ? info.ja : (table.headers[i] ?? info.ja);
  };
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const firstLineOf = new Map<string, number>();

  for (const { line, cells } of table.rows) {
    const value = (target: ImportTargetId) => {
      const i = columnOf.get(target);
      return i === undefined ? '' : (cells[i] ?? '');
    };
    const rowErrors: RowError[] = [];
    const fail = (target: ImportTargetId, message: string) =>
      rowErrors.push({ line, column: headerOf(target), message });

    const name = value('name');
    const tierText = value('tier');
    const tier = tierText === '' ? options.defaultTier : tierOf(tierText, options.tiers);
    if (tier === undefined) {
      const known = options.tiers.map((t) => t.ja).join('・');
      fail('tier', `会員区分「${tierText}」はありません（${known} から）。 Unknown tier "${tierText}".`);
    }
    const legalText = value('legalForm');
    const legalForm = legalText === '' ? legalFormFromName(name) : legalFormOf(legalText);
    if (legalForm === undefined) {
      fail(
        'legalForm',
        `「${legalText}」は法人格として読み取れません（例: NPO法人、一般社団法人、任意団体、企業）。 Unknown legal form "${legalText}".`,
      );
    }
    const location = locationOf(value, options.defaultPrefecture, fail);

    const optional = (target: ImportTargetId) => {
      const v = value(target);
      return v === '' ? undefined : v;
    };
    const listed = <T extends string>(
      target: ImportTargetId,
      known: readonly { id: T; ja: string; en: string }[],
      what: string,
    ) => {
      const cell = value(target);
      if (cell === '') return undefined;
      const { ids, unknown } = pickAll(cell, known);
      if (unknown.length > 0) {
        fail(
          target,
          `「${unknown.join('」「')}」は${what}として読み取れません。 Unknown ${target}: ${unknown.join(', ')}.`,
        );
      }
      return ids.length > 0 ? ids : undefined;
    };
    const range = (target: ImportTargetId) => {
      const cell = value(target);
      if (cell === '') return undefined;
      const r = sizeRangeOf(cell);
      if (r === undefined)
        fail(
          target,
          `「${cell}」は人数として読み取れません（例: 12、5〜9人）。 Not a number of people: "${cell}".`,
        );
      return r;
    };
    const areaCell = value('activityArea');
    const area = areaCell === '' ? undefined : areaOf(areaCell, options.defaultPrefecture);
    if (area && area.unknown.length > 0) {
      fail(
        'activityArea',
        `「${area.unknown.join('」「')}」は地域として読み取れません。 Unknown place: ${area.unknown.join(', ')}.`,
      );
    }
    const phone = optional('phone');
    const draft = {
      name,
      nameKana: optional('nameKana'),
      legalForm: legalForm ?? 'other',
      location,
      description: optional('description'),
      website: optional('website'),
      contact: { name: value('contactName'), email: value('contactEmail') },
      activityFields: listed('activityFields', FIELD_CHOICES, '活動分野'),
      activities: listed('activities', ACTIVITY_CHOICES, '活動内容'),
      activityArea: area?.area,
      phone: phone === undefined ? undefined : phoneOf(phone),
      representative: optional('representative'),
      staffRange: range('staffRange'),
      volunteerRange: range('volunteerRange'),
    };
    const parsed = importedOrganizationSchema.safeParse(JSON.parse(JSON.stringify(draft)));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String).join('.');
        // A location the row could not name was reported already, in words about the address.
        if (path.startsWith('location') && location === undefined) continue;
        const [target] = PATH_TARGETS[path] ?? PATH_TARGETS[path.split('.')[0]!] ?? ['name'];
        fail(target!, issue.message);
      }
    }
    const key = rowKey(optional('externalId'), name);
    if (name !== '' && rowErrors.length === 0) {
      const first = firstLineOf.get(key);
      if (first !== undefined) {
        const by = columnOf.has('externalId') ? 'externalId' : 'name';
        fail(
          by,
          `${first}行目と同じ団体です。1行にまとめてください。 The same organisation as row ${first}.`,
        );
      } else firstLineOf.set(key, line);
    }
    if (rowErrors.length > 0 || !parsed.success || tier === undefined) errors.push(...rowErrors);
    else rows.push({ line, key, tier, organization: parsed.data });
  }
  return { rows, errors };
}

function locationOf(
  value: (target: ImportTargetId) => string,
  defaultPrefecture: string | undefined,
  fail: (target: ImportTargetId, message: string) => void,
): OrganizationInput['location'] | undefined {
  const prefText = value('prefecture');
  const address = value('address');
  const muniText = value('municipality');
  let prefecture: string | undefined;
  let municipality: string | undefined;
  if (prefText !== '') {
    prefecture = readPrefecture(prefText);
    if (prefecture === undefined) {
      fail('prefecture', `「${prefText}」は都道府県として読み取れません。 Unknown prefecture "${prefText}".`);
      return undefined;
    }
  }
  if (address !== '' && (prefecture === undefined || muniText === '')) {
    const reading = readAddress(address, prefecture ?? defaultPrefecture);
    if (reading.ok) {
      if (prefecture === undefined || reading.prefecture === prefecture) {
        prefecture = reading.prefecture;
        municipality = reading.municipality;
      }
    } else if (prefecture === undefined) {
      fail(
        'address',
        reading.reason === 'ambiguous'
          ? `住所の市区町村が複数の都道府県にあります。都道府県から書いてください。 The municipality exists in several prefectures; start the address with the prefecture.`
          : `住所から都道府県を読み取れません。都道府県から書いてください。 No prefecture found in the address; start it with the prefecture.`,
      );
      return undefined;
    }
  }
  if (prefecture === undefined) {
    fail('prefecture', '都道府県を入力してください。 Enter the prefecture.');
    return undefined;
  }
  if (muniText !== '') {
    const m = readMunicipality(muniText, prefecture);
    if (m === undefined) {
      fail(
        'municipality',
        `「${muniText}」はこの都道府県の市区町村として読み取れません。 Unknown municipality "${muniText}".`,
      );
      return undefined;
    }
    municipality = m.code;
  }
  return municipality === undefined ? { prefecture } : { prefecture, municipality };
}
