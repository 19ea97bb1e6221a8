import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';

// Counts the DynamoDB capacity an operation consumes, by asking DynamoDB (Local) for it: an SDK
// middleware sets ReturnConsumedCapacity on every data-plane call and adds up what comes back,
// table and indexes apart. Where DynamoDB Local answers differently from what AWS bills, the
// meter applies AWS's documented rule and says so in `corrections`:
//   - TransactWriteItems: Local reports 4 WRU per 1 KB item, AWS bills 2 (we halve);
//   - Query/Scan that read nothing: Local reports 0, AWS bills the minimum (0.5, or 1 if consistent);
//   - BatchGetItem keys that are not found: Local bills nothing, AWS bills them like a GetItem of a
//     missing item (0.5, or 1 if consistent);
//   - a conditional write whose condition fails: Local returns no capacity, AWS bills the size of
//     the existing item (at least 1 WRU); we ask for that item with ReturnValuesOnConditionCheckFailure.

export interface Capacity {
  /** Read request units (table and indexes). */
  rru: number;
  /** Write request units on the table itself. */
  wruTable: number;
  /** Write request units on global secondary indexes (ALL projection: the whole item again). */
  wruIndexes: number;
  /** Write request units in all: table + indexes. */
  wru: number;
  /** DynamoDB calls, by operation. */
  calls: Record<string, number>;
  /** Conditional writes whose condition failed (billed, see above). */
  failedConditions: number;
}

export interface Meter {
  /** Runs `work` and returns what it consumed. Calls outside `measure` are not counted. */
  measure<T>(work: () => Promise<T>): Promise<{ result: T; capacity: Capacity }>;
  /** How much each AWS-billing correction added over what DynamoDB Local reported. */
  corrections: Record<string, number>;
}

const DATA_PLANE = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
  'TransactGetItemsCommand',
]);
const CONDITIONAL_WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);

interface ConsumedCapacityShape {
  CapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
  LocalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

const empty = (): Capacity => ({
  rru: 0,
  wruTable: 0,
  wruIndexes: 0,
  wru: 0,
  calls: {},
  failedConditions: 0,
});

/** Size of an item as DynamoDB counts it: attribute names plus values (numbers ~1 byte per 2 digits). */
export function itemBytes(item: Record<string, AttributeValue>): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) total += utf8(name) + valueBytes(value);
  return total;
}

function valueBytes(v: AttributeValue): number {
  if (v.S !== undefined) return utf8(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/[-.]/g, '').length / 2) + 1;
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS !== undefined) return v.SS.reduce((n, s) => n + utf8(s), 0);
  if (v.NS !== undefined) return v.NS.reduce((n, s) => n + Math.ceil(s.length / 2) + 1, 0);
  if (v.L !== undefined) return 3 + v.L.reduce((n, e) => n + 1 + valueBytes(e), 0);
  if (v.M !== undefined)
    return 3 + Object.entries(v.M).reduce((n, [k, e]) => n + 1 + utf8(k) + valueBytes(e), 0);
  return 0;
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** Adds the meter to `client`: before its first call, as the client caches its middleware then. */
export function meterDynamo(client: DynamoDBClient): Meter {
  let current: Capacity | undefined;
  const corrections: Record<string, number> = {};
  const correct = (rule: string, units: number) => {
    corrections[rule] = (corrections[rule] ?? 0) + units;
    return units;
  };

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      const sink = current;
      if (!sink || !DATA_PLANE.has(command)) return next(args);
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'INDEXES';
      if (CONDITIONAL_WRITES.has(command) && input.ConditionExpression) {
        input.ReturnValuesOnConditionCheckFailure = 'ALL_OLD';
      }
      sink.calls[command] = (sink.calls[command] ?? 0) + 1;
      const isWrite = /Put|Update|Delete|Write/.test(command);
      try {
        const out = await next(args);
        const output = out.output as unknown as Record<string, unknown>;
        const consumed = ([] as ConsumedCapacityShape[]).concat(
          (output.ConsumedCapacity as ConsumedCapacityShape | ConsumedCapacityShape[] | undefined) ?? [],
        );
        const halve = command === 'TransactWriteItemsCommand' ? 0.5 : 1;
        for (const c of consumed) {
          const indexes = Object.values({ ...c.GlobalSecondaryIndexes, ...c.LocalSecondaryIndexes }).reduce(
            (n, i) => n + (i.CapacityUnits ?? 0),
            0,
          );
          const total = c.CapacityUnits ?? 0;
          if (isWrite) {
            const table = c.Table?.CapacityUnits ?? total - indexes;
            sink.wruTable += table * halve;
            sink.wruIndexes += indexes * halve;
            if (halve !== 1) correct('transactWriteHalved', -(table + indexes) * (1 - halve));
          } else {
            sink.rru += total;
          }
        }
        const consistent = input.ConsistentRead === true;
        if (
          (command === 'QueryCommand' || command === 'ScanCommand') &&
          consumed.every((c) => !c.CapacityUnits)
        ) {
          sink.rru += correct('emptyQueryMinimum', consistent ? 1 : 0.5);
        }
        if (command === 'BatchGetItemCommand')
          sink.rru += correct('batchGetMissingKeys', missingKeys(input, output));
        return out;
      } catch (error) {
        const e = error as { name?: string; Item?: Record<string, AttributeValue> };
        if (e.name === 'ConditionalCheckFailedException') {
          sink.failedConditions++;
          sink.wruTable += correct(
            'failedConditionWrite',
            Math.max(1, Math.ceil(itemBytes(e.Item ?? {}) / 1024)),
          );
        }
        throw error;
      } finally {
        sink.wru = sink.wruTable + sink.wruIndexes;
      }
    },
    { step: 'initialize', name: 'tsunaguCapacityMeter' },
  );

  return {
    corrections,
    async measure(work) {
      if (current) throw new Error('one measurement at a time');
      const capacity = empty();
      current = capacity;
      try {
        const result = await work();
        capacity.wru = capacity.wruTable + capacity.wruIndexes;
        return { result, capacity };
      } finally {
        current = undefined;
      }
    },
  };
}

/** Read units AWS bills for BatchGetItem keys that were asked for and not found. */
function missingKeys(input: Record<string, unknown>, output: Record<string, unknown>): number {
  const requested = (input.RequestItems ?? {}) as Record<
    string,
    { Keys?: unknown[]; ConsistentRead?: boolean }
  >;
  const responses = (output.Responses ?? {}) as Record<string, unknown[]>;
  const unprocessed = (output.UnprocessedKeys ?? {}) as Record<string, { Keys?: unknown[] }>;
  let units = 0;
  for (const [table, request] of Object.entries(requested)) {
    const missing =
      (request.Keys?.length ?? 0) - (responses[table]?.length ?? 0) - (unprocessed[table]?.Keys?.length ?? 0);
    units += Math.max(0, missing) * (request.ConsistentRead ? 1 : 0.5);
  }
  return units;
}
