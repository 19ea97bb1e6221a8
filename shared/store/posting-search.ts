import {
  KIND_IDS,
  type Need,
  type Offer,
  type PostingSearchQuery,
  type SearchHit,
  SearchIndex,
  type SearchType,
  searchDocOf,
  searchFilterOf,
  searchTerms,
  ValidationError,
} from '#domain';
import { decodeCursor, encodeCursor } from './cursor';
import { keys, type PostingType } from './keys';
import { type Item, type Page, type StreamSpec, strip, type TableClient } from './table-client';

// Search of a platform's open needs and offers (docs/architecture.md, "Search"). Nothing is
// stored for it but the change feed's index keys on each posting (keys.postingIndex, gsi4): each
// API instance builds an in-memory index of a platform on its first search there (one Query per
// type and kind, the organisations' names by BatchGet), keeps it, and before answering reads
// what changed since it last looked (one Query of the feed, at most once a second; usually
// empty). A posting written through this instance is applied at once. A page's postings come
// from the index too (each kept as JSON): a search reads nothing but the feed. Idle, it costs
// nothing: no server, no provisioned capacity.

/** How often the change feed is read, at most, per platform and instance. */
const FEED_EVERY_MS = 1000;
/**
 * The feed is read from this long before the newest change seen: a write whose time was taken
 * a little before another's but that became visible after it (and the index's own lag) is not
 * missed. What is read twice is ignored (versions).
 */
const OVERLAP_MS = 30_000;
/** Built afresh from the table after this long: organisation names that changed since. */
const REBUILD_AFTER_MS = 60 * 60 * 1000;

const BUILD_QUERIES_AT_ONCE = 4;

interface Cache {
  index: SearchIndex;
  /** Each open posting as the API gives it (JSON: a third of the memory of the object). */
  postings: Map<string, string>;
  names: Map<string, string>;
  /** The feed is read after this sort key. */
  since: string;
  builtAt: number;
  polledAt: number;
  polling?: Promise<void> | undefined;
  rebuilding?: boolean;
}

type Posting = Need | Offer;
const TYPES: Record<SearchType, PostingType> = { need: 'NEED', offer: 'OFFER' };

const earlier = (iso: string, ms: number) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : new Date(t - ms).toISOString();
};

/**
 * Where the next read of the feed starts: OVERLAP_MS before the newest change seen or before
 * this read began, whichever is later, and never earlier than before. Without the second, a
 * platform whose last change is old would re-read the changes of the 30 s before it on every
 * read (after an import of 1,000 postings in 20 s, all of them, once a second, for as long as
 * searches come), though nothing changed since.
 */
export function nextFeedStart(since: string, newestSeen: string, readStartedAt: number): string {
  const candidates = [
    since,
    newestSeen ? earlier(newestSeen, OVERLAP_MS) : '',
    new Date(readStartedAt - OVERLAP_MS).toISOString(),
  ];
  return candidates.reduce((a, b) => (b > a ? b : a));
}

export function postingSearch(table: TableClient) {
  const building = new Map<string, Promise<Cache>>();
  const ready = new Map<string, Cache>();

  async function every(spec: StreamSpec): Promise<Item[]> {
    const out: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await table.rawPage(spec, 1000, start);
      out.push(...page.items);
      start = page.last;
    } while (start);
    return out;
  }

  /** Adds the names of organisations not yet known (one BatchGet per 100). */
  async function learnNames(names: Map<string, string>, organizationIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(organizationIds)].filter((id) => !names.has(id));
    if (missing.length === 0) return;
    const orgs = await table.getMany<{ id: string; name: string }>(
      missing.map((id) => keys.organization(id)),
      { projection: ['id', 'name'], consistent: false },
    );
    for (const id of missing) names.set(id, '');
    for (const o of orgs) names.set(o.id, o.name);
  }

  function apply(cache: Cache, type: SearchType, p: Posting): void {
    if (p.status === 'open') {
      if (cache.index.put(searchDocOf(type, p, cache.names.get(p.organizationId) ?? '')))
        cache.postings.set(p.id, JSON.stringify(p));
    } else if (cache.index.remove(p.id, p.version)) cache.postings.delete(p.id);
  }

  /** Reads what changed since the cache last looked and applies it. */
  async function poll(platformId: string, cache: Cache): Promise<void> {
    const startedAt = Date.now();
    const changed = await every({
      ...keys.postingChanges(platformId),
      skAfter: cache.since,
      newestFirst: false,
    });
    await learnNames(
      cache.names,
      changed.map((i) => String(i.organizationId)),
    );
    let newest = '';
    for (const item of changed) {
      apply(cache, item.type === 'offer' ? 'offer' : 'need', strip(item) as Posting);
      if (String(item.updatedAt) > newest) newest = String(item.updatedAt);
    }
    cache.since = nextFeedStart(cache.since, newest, startedAt);
    cache.polledAt = Date.now();
  }

  async function build(platformId: string): Promise<Cache> {
    // One Query per type and kind, four at a time (more only queue at the table).
    const streams = (['need', 'offer'] as const).flatMap((type) => KIND_IDS.map((kind) => ({ type, kind })));
    const parts: { type: SearchType; items: Posting[] }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: BUILD_QUERIES_AT_ONCE }, async () => {
        while (next < streams.length) {
          const { type, kind } = streams[next++]!;
          const items = await every(keys.postingsOfPlatform(TYPES[type], platformId, 'open', kind));
          parts.push({ type, items: items.map((i) => strip(i) as Posting) });
        }
      }),
    );
    const names = new Map<string, string>();
    await learnNames(
      names,
      parts.flatMap((p) => p.items.map((i) => i.organizationId)),
    );
    let newest = '';
    const postings = new Map<string, string>();
    const docs = parts.flatMap(({ type, items }) =>
      items.map((p) => {
        if (p.updatedAt > newest) newest = p.updatedAt;
        postings.set(p.id, JSON.stringify(p));
        return searchDocOf(type, p, names.get(p.organizationId) ?? '');
      }),
    );
    const cache: Cache = {
      index: new SearchIndex(docs),
      postings,
      names,
      since: newest ? earlier(newest, OVERLAP_MS) : '',
      builtAt: Date.now(),
      polledAt: 0,
    };
    // What changed while the Queries ran.
    await poll(platformId, cache);
    return cache;
  }

  function cacheOf(platformId: string): Promise<Cache> {
    const known = ready.get(platformId);
    if (known) return Promise.resolve(known);
    let pending = building.get(platformId);
    if (!pending) {
      pending = build(platformId).then(
        (cache) => {
          ready.set(platformId, cache);
          building.delete(platformId);
          return cache;
        },
        (error: unknown) => {
          building.delete(platformId);
          throw error;
        },
      );
      building.set(platformId, pending);
    }
    return pending;
  }

  /** The feed read when it is due (one read shared by the searches that wait for it). */
  async function refresh(platformId: string, cache: Cache): Promise<void> {
    if (Date.now() - cache.builtAt > REBUILD_AFTER_MS && !cache.rebuilding) {
      // In the background: searches go on with this one until the new one is ready.
      cache.rebuilding = true;
      build(platformId).then(
        (next) => ready.set(platformId, next),
        () => {
          cache.rebuilding = false;
        },
      );
    }
    if (Date.now() - cache.polledAt >= FEED_EVERY_MS) {
      cache.polling ??= poll(platformId, cache).finally(() => {
        cache.polling = undefined;
      });
      await cache.polling;
    }
    if (cache.index.worthCompacting) cache.index = cache.index.compact();
  }

  return {
    /** Applies a posting just written through this store to the index of its platform, if built. */
    async written(posting: Posting): Promise<void> {
      const cache = ready.get(posting.platformId);
      if (!cache) return;
      try {
        await learnNames(cache.names, [posting.organizationId]);
      } catch {
        // The write itself succeeded: the name is looked up again with the next feed read.
        cache.names.delete(posting.organizationId);
      }
      apply(cache, 'location' in posting ? 'need' : 'offer', posting);
    },

    /**
     * A page of a platform's open postings that hold every word of `q` (title, description,
     * organisation name) and pass the filters, newest first, with how many match in all.
     */
    async search(
      platformId: string,
      query: PostingSearchQuery,
    ): Promise<Page<SearchHit> & { total: number }> {
      const {
        q,
        cursor,
        limit,
        type,
        kind,
        resourceType,
        field,
        prefecture,
        municipality,
        activeFrom,
        activeTo,
      } = query;
      const words = searchTerms(q);
      // The type last and only when given: the cursors of searches without one stay as they were.
      const filters = {
        type,
        kind,
        field,
        prefecture,
        municipality,
        activeFrom,
        activeTo,
        ...(resourceType ? { resourceType } : {}),
      };
      const scope = `search|${platformId}|${JSON.stringify([words, ...Object.values(filters)])}`;
      const after = cursor ? decodeCursor(table.secret, scope, cursor).after : undefined;
      if (after !== undefined && typeof after !== 'string')
        throw new ValidationError([{ path: 'cursor', message: 'カーソルが無効です。' }]);
      const cache = await cacheOf(platformId);
      await refresh(platformId, cache);
      const page = cache.index.search(words, searchFilterOf(filters), after, limit);
      const items = page.hits.map(
        (d) => ({ type: d.type, posting: JSON.parse(cache.postings.get(d.id)!) }) as SearchHit,
      );
      const last = page.hits.at(-1);
      return {
        items,
        total: page.total,
        cursor: page.more && last ? encodeCursor(table.secret, scope, { after: last.id }) : undefined,
      };
    },
  };
}
