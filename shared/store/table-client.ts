import {
  type AttributeValue,
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  type PutItemCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { decodeCursor, encodeCursor } from './cursor';
import { type IndexKeys, type Key, STORAGE_ATTRIBUTES } from './keys';
import { type IndexName, TABLE } from './table';

export interface DynamoSettings {
  region: string;
  endpoint?: string | undefined;
  /** An attempt at a call that takes longer than this fails (and is retried as the SDK retries). */
  timeoutMs?: number | undefined;
}

/** Without a timeout, a stalled DynamoDB holds a call until the connection drops. */
const DEFAULT_TIMEOUT_MS = 5000;

/**
 * A DynamoDB client; with an endpoint (DynamoDB Local) it uses dummy credentials.
 * `cacheMiddleware` resolves each command's middleware stack once instead of per call (about a
 * third less CPU per call, docs/reliability.md); it is why the store speaks the low-level API
 * and marshals items itself: the document client cannot run with it.
 */
export function createDynamoClient({
  region,
  endpoint,
  timeoutMs = DEFAULT_TIMEOUT_MS,
}: DynamoSettings): DynamoDBClient {
  return new DynamoDBClient({
    region,
    cacheMiddleware: true,
    requestHandler: {
      connectionTimeout: Math.min(timeoutMs, 2000),
      requestTimeout: timeoutMs,
      throwOnRequestTimeout: true,
    },
    ...(endpoint
      ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 }
      : {}),
  });
}

export type Item = Record<string, unknown>;

type Attributes = Record<string, AttributeValue>;

/** A condition on an item: expression with its names and values. */
export interface Condition {
  expression: string;
  names?: Record<string, string> | undefined;
  values?: Item | undefined;
}

/** An UpdateItem without TableName (the client adds it); values as plain JS. */
export interface UpdateInput {
  Key: Key;
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
}

const MARSHALL_OPTIONS = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;
const toAttributes = (item: Item): Attributes => marshall(item, MARSHALL_OPTIONS);
const fromAttributes = (attributes: Attributes): Item => unmarshall(attributes);

type WireFields = 'Item' | 'Key' | 'ExpressionAttributeValues' | 'ExclusiveStartKey';
/** A request with item, key, values and start key as plain JS. */
type Plain<T> = Omit<T, WireFields> & { [F in WireFields]?: Item | undefined };

/** The plain-JS parts of a request (item, key, values, start key) in DynamoDB's attribute format. */
function wire<T>(input: Plain<T>): T {
  const out: Record<string, unknown> = { ...input };
  for (const field of ['Item', 'Key', 'ExpressionAttributeValues', 'ExclusiveStartKey'] as const) {
    const value = out[field];
    if (value !== undefined) out[field] = toAttributes(value as Item);
  }
  return out as T;
}

/** One write of a transaction, without TableName (the client adds it). */
export type TransactOp = Partial<
  Record<'Put' | 'Delete' | 'Update' | 'ConditionCheck', Record<string, unknown>>
>;

export interface Page<T> {
  items: T[];
  cursor?: string | undefined;
}

export interface QuerySpec {
  index?: IndexName | undefined;
  pk: string;
  skPrefix?: string | undefined;
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> } | undefined;
  limit: number;
  cursor?: string | undefined;
  newestFirst?: boolean;
}

/** A Query without paging or filters: one stream of a merged page. */
export type StreamSpec = Omit<QuerySpec, 'limit' | 'cursor' | 'filter'> & {
  /** Only sort keys after this one (instead of a prefix). */
  skAfter?: string | undefined;
};

/** A Query without TableName (the client adds it); values and start key as plain JS. */
type QueryInput = Omit<Plain<QueryCommandInput>, 'TableName'>;

const MAX_ROUND_TRIPS = 10;
const MAX_CONFLICT_RETRIES = 12;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Thin wrapper over the DynamoDB client: items as plain JS, conditions, pages and cursors in one place. */
export class TableClient {
  constructor(
    private readonly client: DynamoDBClient,
    readonly tableName: string,
    readonly secret: string,
  ) {}

  async get<T>(key: Key): Promise<T | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand(
        wire<GetItemCommandInput>({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      ),
    );
    return Item ? (strip(fromAttributes(Item)) as T) : undefined;
  }

  /**
   * Puts an item that must not exist yet. Returns false when it already did. With `also` (e.g. the
   * audit entry of the action, shared/store/audit.ts) it is one transaction with those writes.
   */
  async create(item: Item, also: readonly TransactOp[] = []): Promise<boolean> {
    if (also.length > 0)
      return this.transactFirst(
        { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
        also,
      );
    try {
      await this.client.send(
        new PutItemCommand(
          wire({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Replaces an item only if it still has the version the caller read. Returns false on a stale
   * write. With `also`, one transaction with those writes: all are written or none.
   */
  async replaceVersioned(
    item: Item,
    expectedVersion: number,
    also: readonly TransactOp[] = [],
  ): Promise<boolean> {
    if (also.length > 0)
      return this.transactFirst(
        {
          Put: {
            Item: item,
            ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expectedVersion },
          },
        },
        also,
      );
    try {
      await this.client.send(
        new PutItemCommand(
          wire({
            TableName: this.tableName,
            Item: item,
            ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expectedVersion },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Puts an item; with `also`, in one transaction with those writes. */
  async put(item: Item, also: readonly TransactOp[] = []): Promise<void> {
    if (also.length > 0) {
      await this.transactFirst({ Put: { Item: item } }, also);
      return;
    }
    await this.client.send(
      new PutItemCommand(wire<PutItemCommandInput>({ TableName: this.tableName, Item: item })),
    );
  }

  async delete(key: Key): Promise<void> {
    await this.client.send(
      new DeleteItemCommand(wire<DeleteItemCommandInput>({ TableName: this.tableName, Key: key })),
    );
  }

  /** Deletes an item if the condition holds and returns what it was; undefined when it did not hold. */
  async take(key: Key, condition: Condition): Promise<Item | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new DeleteItemCommand(
          wire({
            TableName: this.tableName,
            Key: key,
            ConditionExpression: condition.expression,
            ExpressionAttributeNames: condition.names,
            ExpressionAttributeValues: condition.values,
            ReturnValues: 'ALL_OLD',
          }),
        ),
      );
      return Attributes && fromAttributes(Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /** An update whose condition may fail; returns false when it did. */
  async updateIf(input: UpdateInput): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand(wire<UpdateItemCommandInput>({ TableName: this.tableName, ...input })),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Items by key (any number; BatchGetItem 100 at a time, unprocessed keys retried), in no order;
   * with `projection`, only those top-level attributes; `consistent: false` reads at half the
   * price what may be a moment old.
   */
  async getMany<T>(
    keys: readonly Key[],
    { projection, consistent = true }: { projection?: readonly string[]; consistent?: boolean } = {},
  ): Promise<T[]> {
    const projected = projection?.length
      ? {
          ProjectionExpression: projection.map((_, i) => `#p${i}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(projection.map((name, i) => [`#p${i}`, name])),
        }
      : {};
    const out: T[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Key[] = keys.slice(i, i + 100);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await pause(Math.min(1000, 20 * 2 ** attempt));
        const res = await this.client.send(
          new BatchGetItemCommand({
            RequestItems: {
              [this.tableName]: { Keys: pending.map(toAttributes), ConsistentRead: consistent, ...projected },
            },
          }),
        );
        for (const item of res.Responses?.[this.tableName] ?? []) out.push(strip(fromAttributes(item)) as T);
        pending = (res.UnprocessedKeys?.[this.tableName]?.Keys ?? []).map(fromAttributes) as Key[];
        if (attempt > 10 && pending.length > 0)
          throw new Error('BatchGetItem kept returning unprocessed keys');
      }
    }
    return out;
  }

  /**
   * Writes several items atomically. Returns the indexes of the items whose condition failed
   * (empty when the transaction went through). A transaction that lost a race with another one
   * on the same item (TransactionConflict) is retried with jittered backoff: the conditions
   * decide, not the timing.
   */
  async transact(items: TransactOp[]): Promise<number[]> {
    const withTable = items.map((entry) =>
      Object.fromEntries(
        Object.entries(entry).map(([op, body]) => [
          op,
          // Put, Update, Delete and ConditionCheck share these fields; the array is typed below.
          wire<Record<string, unknown>>({ TableName: this.tableName, ...body }),
        ]),
      ),
    ) as TransactWriteItem[];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(new TransactWriteItemsCommand({ TransactItems: withTable }));
        return [];
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
        if (failed.length > 0) return failed;
        const conflict = reasons.some((r) => r.Code === 'TransactionConflict');
        if (!conflict || attempt >= MAX_CONFLICT_RETRIES) throw error;
        await pause(Math.random() * Math.min(1000, 10 * 2 ** attempt));
      }
    }
  }

  /**
   * One write and others that go with it (never conditional on what exists: an audit entry with a
   * fresh id), in one transaction. Returns false when the first write's condition failed.
   */
  private async transactFirst(first: TransactOp, also: readonly TransactOp[]): Promise<boolean> {
    const failed = await this.transact([first, ...also]);
    // The first write's own condition decides (a stale version, an item that exists). The others
    // may fail with it for the same reason: a mail keyed by the version a concurrent writer took.
    if (failed.includes(0)) return false;
    if (failed.length > 0) throw new Error('a write that goes with another failed its condition');
    return true;
  }

  /** All items of one partition, oldest first (small partitions: a person's roles, an org's memberships). */
  queryAll<T>(pk: string, skPrefix?: string): Promise<T[]> {
    return this.queryEvery<T>({ pk, skPrefix, newestFirst: false });
  }

  /** Every item of a Query, page by page. */
  async queryEvery<T>(spec: StreamSpec): Promise<T[]> {
    const out: T[] = [];
    let start: Item | undefined;
    do {
      const page = await this.rawPage(spec, 500, start);
      for (const item of page.items) out.push(strip(item) as T);
      start = page.last;
    } while (start);
    return out;
  }

  /** Whether any item of a Query passes the filter: page by page, stopping at the first. */
  async any(spec: StreamSpec & { filter: NonNullable<QuerySpec['filter']> }): Promise<boolean> {
    const base = keyCondition(spec.index, spec.pk, spec.skPrefix);
    let start: Item | undefined;
    do {
      const res = await this.query({
        IndexName: spec.index,
        ...base,
        ExpressionAttributeNames: { ...base.ExpressionAttributeNames, ...spec.filter.names },
        ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ...spec.filter.values },
        FilterExpression: spec.filter.expression,
        Limit: 500,
        ExclusiveStartKey: start,
      });
      if (res.items.length > 0) return true;
      start = res.last;
    } while (start);
    return false;
  }

  /** Up to `limit` raw items of a Query (newest first) and the key to go on from. */
  async rawPage(
    spec: StreamSpec,
    limit: number,
    start: Item | undefined,
  ): Promise<{ items: Item[]; last?: Item }> {
    const res = await this.query({
      IndexName: spec.index,
      ...keyCondition(spec.index, spec.pk, spec.skPrefix, spec.skAfter),
      ScanIndexForward: !(spec.newestFirst ?? true),
      Limit: limit,
      ExclusiveStartKey: start,
    });
    return { items: res.items, ...(res.last ? { last: res.last } : {}) };
  }

  private async query(input: QueryInput): Promise<{ items: Item[]; last?: Item | undefined }> {
    const res = await this.client.send(
      new QueryCommand(wire<QueryCommandInput>({ TableName: this.tableName, ...input })),
    );
    return {
      items: (res.Items ?? []).map(fromAttributes),
      last: res.LastEvaluatedKey && fromAttributes(res.LastEvaluatedKey),
    };
  }

  /** One page of a Query, newest first by default; filters are applied and pages refilled up to `limit`. */
  async page<T>(spec: QuerySpec): Promise<Page<T>> {
    const scope = [
      spec.index ?? 'table',
      spec.pk,
      spec.skPrefix ?? '',
      spec.filter?.expression ?? '',
      JSON.stringify(spec.filter?.values ?? {}),
    ].join('|');
    let start = spec.cursor ? decodeCursor(this.secret, scope, spec.cursor) : undefined;
    const raw: Item[] = [];
    for (let trip = 0; trip < MAX_ROUND_TRIPS && raw.length < spec.limit; trip++) {
      const input: QueryInput = {
        IndexName: spec.index,
        ...keyCondition(spec.index, spec.pk, spec.skPrefix),
        ScanIndexForward: !(spec.newestFirst ?? true),
        Limit: spec.filter ? Math.max(spec.limit * 2, 50) : spec.limit - raw.length,
        ExclusiveStartKey: start,
      };
      if (spec.filter) {
        input.FilterExpression = spec.filter.expression;
        input.ExpressionAttributeNames = { ...input.ExpressionAttributeNames, ...spec.filter.names };
        input.ExpressionAttributeValues = { ...input.ExpressionAttributeValues, ...spec.filter.values };
      }
      const res = await this.query(input);
      raw.push(...res.items);
      start = res.last;
      if (!start) break;
    }
    let last = start;
    if (raw.length > spec.limit) {
      raw.length = spec.limit;
      last = keyOf(raw[raw.length - 1] as Item, spec.index);
    }
    return {
      items: raw.map((item) => strip(item) as T),
      cursor: last ? encodeCursor(this.secret, scope, last) : undefined,
    };
  }
}

/**
 * One page over two Queries merged newest first (e.g. an organisation's matches as need side
 * and as offer side). The cursor remembers where each stream stands.
 */
export async function mergedPage<T>(
  table: TableClient,
  specs: readonly [StreamSpec, StreamSpec],
  limit: number,
  cursor: string | undefined,
  sortAttribute: readonly [string, string],
): Promise<Page<T>> {
  const scope = `merged|${specs.map((s) => `${s.index}|${s.pk}`).join('|')}`;
  const state = cursor ? (decodeCursor(table.secret, scope, cursor) as { s?: unknown }) : { s: [null, null] };
  const starts =
    Array.isArray(state.s) && state.s.length === 2 ? (state.s as (Item | null | 'done')[]) : undefined;
  if (!starts) throw new Error('unreachable: cursor shape checked by signature');
  const pages = await Promise.all(
    specs.map((spec, i) =>
      starts[i] === 'done'
        ? { items: [] as Item[], last: undefined }
        : table.rawPage(spec, limit, starts[i] ?? undefined),
    ),
  );
  const merged = pages
    .flatMap((p, i) => p.items.map((item) => ({ item, stream: i, sort: String(item[sortAttribute[i]!]) })))
    .sort((a, b) => (a.sort < b.sort ? 1 : a.sort > b.sort ? -1 : a.stream - b.stream))
    .slice(0, limit);
  const next = pages.map((p, i): Item | 'done' | null => {
    if (starts[i] === 'done') return 'done';
    const used = merged.filter((m) => m.stream === i);
    if (used.length === p.items.length) return p.last ?? 'done';
    const lastUsed = used.at(-1);
    return lastUsed ? keyOf(lastUsed.item, specs[i]!.index) : (starts[i] ?? null);
  });
  const finished = next.every((n) => n === 'done');
  return {
    items: merged.map((m) => strip(m.item) as T),
    cursor: finished ? undefined : encodeCursor(table.secret, scope, { s: next }),
  };
}

function keyCondition(
  index: QuerySpec['index'],
  pk: string,
  skPrefix: string | undefined,
  skAfter?: string | undefined,
): {
  KeyConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Item;
} {
  const def = index ? TABLE.indexes.find((i) => i.name === index) : undefined;
  const pkName = def?.partitionKey ?? TABLE.partitionKey;
  const skName = def?.sortKey ?? TABLE.sortKey;
  if (skAfter !== undefined)
    return {
      KeyConditionExpression: '#pk = :pk AND #sk > :sk',
      ExpressionAttributeNames: { '#pk': pkName, '#sk': skName },
      ExpressionAttributeValues: { ':pk': pk, ':sk': skAfter },
    };
  return {
    KeyConditionExpression: skPrefix ? '#pk = :pk AND begins_with(#sk, :sk)' : '#pk = :pk',
    ExpressionAttributeNames: skPrefix ? { '#pk': pkName, '#sk': skName } : { '#pk': pkName },
    ExpressionAttributeValues: skPrefix ? { ':pk': pk, ':sk': skPrefix } : { ':pk': pk },
  };
}

function keyOf(item: Item, index: QuerySpec['index']): Item {
  const key: Item = { pk: item.pk, sk: item.sk };
  const def = index ? TABLE.indexes.find((i) => i.name === index) : undefined;
  if (def) {
    key[def.partitionKey] = item[def.partitionKey];
    key[def.sortKey] = item[def.sortKey];
  }
  return key;
}

export function strip(item: Item): Item {
  const out: Item = { ...item };
  for (const attr of STORAGE_ATTRIBUTES) delete out[attr];
  return out;
}

export function withKeys<T extends object>(type: string, key: Key, index: IndexKeys, entity: T): Item {
  return { ...key, ...index, type, ...entity };
}
