import {
  blockOf,
  ConflictError,
  municipality,
  type Need,
  NotFoundError,
  type Offer,
  type PostingListQuery,
  relatedFields,
  StaleVersionError,
} from '#domain';
import { keys, type PostingType } from './keys';
import { type Page, type QuerySpec, type TableClient, withKeys } from './table-client';

type Filter = NonNullable<QuerySpec['filter']>;

interface PostingConfig<T> {
  type: PostingType;
  name: 'need' | 'offer';
  /** Extra attributes stored for filtering (never returned). */
  derived(posting: T): Record<string, unknown>;
  /** Type, field and region filters as a FilterExpression. */
  filter(query: PostingListQuery): Filter | undefined;
}

/** Told of each posting written through this store (the search index applies it at once). */
export type PostingWritten = (posting: Need | Offer) => Promise<void>;

function postingRepository<T extends Need | Offer>(
  table: TableClient,
  config: PostingConfig<T>,
  written: PostingWritten,
) {
  const item = (p: T) =>
    withKeys(config.name, keys.posting(config.type, p.id), keys.postingIndex(config.type, p), {
      ...p,
      ...config.derived(p),
    });
  return {
    get: (id: string) => table.get<T>(keys.posting(config.type, id)),

    /** Postings by id (duplicates read once), in no order; unknown ids are left out. */
    getMany: (ids: readonly string[]) =>
      table.getMany<T>([...new Set(ids)].map((id) => keys.posting(config.type, id))),

    async require(id: string): Promise<T> {
      const posting = await table.get<T>(keys.posting(config.type, id));
      if (!posting) throw new NotFoundError(config.name);
      return posting;
    },

    async create(posting: T): Promise<void> {
      if (!(await table.create(item(posting)))) throw new ConflictError('同じIDのデータが既に存在します。');
      await written(posting);
    },

    async update(posting: T, expectedVersion: number): Promise<T> {
      const next = { ...posting, version: expectedVersion + 1 };
      if (!(await table.replaceVersioned(item(next), expectedVersion))) throw new StaleVersionError();
      await written(next);
      return next;
    },

    /** An organisation's postings, newest first. */
    ofOrganization(
      organizationId: string,
      page: { limit: number; cursor?: string | undefined },
    ): Promise<Page<T>> {
      return table.page<T>({ ...keys.postingsOfOrganization(config.type, organizationId), ...page });
    },

    /** Every open posting of a platform, for a matching round. */
    openOf: (platformId: string) =>
      table.queryEvery<T>(keys.postingsOfPlatform(config.type, platformId, 'open')),

    /** A platform's postings of one status (and kind), newest first, filtered by type, field and region. */
    ofPlatform(platformId: string, query: PostingListQuery): Promise<Page<T>> {
      return table.page<T>({
        ...keys.postingsOfPlatform(config.type, platformId, query.status, query.kind),
        filter: config.filter(query),
        limit: query.limit,
        cursor: query.cursor,
      });
    },
  };
}

function cityOf(code: string | undefined): string | undefined {
  return code === undefined ? undefined : (municipality(code)?.parent ?? code);
}

/** Postings in a field: in it, in a broader field above it or a narrower one under it. */
function inFields(field: string): Filter {
  const related = relatedFields(field);
  const fields = related.length > 0 ? related : [field];
  return {
    expression: fields.map((_, i) => `contains(#fields, :field${i})`).join(' OR '),
    names: { '#fields': 'fields' },
    values: Object.fromEntries(fields.map((f, i) => [`:field${i}`, f])),
  };
}

/**
 * Postings that list the type (the query is on the kind's index, so the kind's type). An offer
 * that states no types has no `types` and is left out: nobody can say it has it.
 */
function withType(type: string | undefined): Filter[] {
  if (type === undefined) return [];
  return [{ expression: 'contains(#types, :type)', names: { '#types': 'types' }, values: { ':type': type } }];
}

function and(parts: Filter[]): Filter | undefined {
  if (parts.length === 0) return undefined;
  return {
    expression: parts.map((p) => `(${p.expression})`).join(' AND '),
    names: Object.assign({}, ...parts.map((p) => p.names)),
    values: Object.assign({}, ...parts.map((p) => p.values)),
  };
}

export function needRepository(table: TableClient, written: PostingWritten = async () => {}) {
  return postingRepository<Need>(
    table,
    {
      type: 'NEED',
      name: 'need',
      // The designated city of a need in one of its wards, so a city filter finds ward needs too.
      derived: (n) => ({ locationCity: cityOf(n.location.municipality) }),
      filter(q) {
        const parts: Filter[] = withType(q.resourceType);
        if (q.field) parts.push(inFields(q.field));
        if (q.prefecture) {
          parts.push({
            expression: '#loc.#pref = :pref',
            names: { '#loc': 'location', '#pref': 'prefecture' },
            values: { ':pref': q.prefecture },
          });
        }
        if (q.municipality) {
          parts.push({
            expression: '#loc.#muni = :muni OR #city = :muni',
            names: { '#loc': 'location', '#muni': 'municipality', '#city': 'locationCity' },
            values: { ':muni': q.municipality },
          });
        }
        return and(parts);
      },
    },
    written,
  );
}

export function offerRepository(table: TableClient, written: PostingWritten = async () => {}) {
  return postingRepository<Offer>(
    table,
    {
      type: 'OFFER',
      name: 'offer',
      // Prefectures an offer reaches through listed prefectures or municipalities, for region filters.
      derived: (o) => ({
        areaPrefectures: [
          ...new Set([
            ...o.serviceArea.prefectures,
            ...o.serviceArea.municipalities.map((m) => municipality(m)?.prefecture ?? ''),
          ]),
        ].filter(Boolean),
      }),
      filter(q) {
        const parts: Filter[] = withType(q.resourceType);
        if (q.field) {
          const fields = inFields(q.field);
          parts.push({
            expression: `${fields.expression} OR #fields = :any`,
            names: fields.names,
            values: { ...fields.values, ':any': 'any' },
          });
        }
        const pref = q.prefecture ?? (q.municipality ? municipality(q.municipality)?.prefecture : undefined);
        if (pref) {
          const area: Filter = {
            expression:
              '#area.#nationwide = :true OR contains(#area.#blocks, :block) OR contains(#areaPrefs, :pref)',
            names: {
              '#area': 'serviceArea',
              '#nationwide': 'nationwide',
              '#blocks': 'blocks',
              '#areaPrefs': 'areaPrefectures',
            },
            values: { ':true': true, ':block': blockOf(pref) ?? '', ':pref': pref },
          };
          if (q.municipality) {
            // Within the prefecture, an offer listing municipalities must list this one (or its city).
            area.expression =
              '#area.#nationwide = :true OR contains(#area.#blocks, :block) OR contains(#area.#prefs, :pref) OR contains(#area.#munis, :muni) OR contains(#area.#munis, :city)';
            area.names = { ...area.names, '#prefs': 'prefectures', '#munis': 'municipalities' };
            delete area.names['#areaPrefs'];
            area.values = {
              ...area.values,
              ':muni': q.municipality,
              ':city': cityOf(q.municipality) ?? q.municipality,
            };
          }
          parts.push(area);
        }
        return and(parts);
      },
    },
    written,
  );
}
