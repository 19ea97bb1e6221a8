import type { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  type ITableV2,
  ProjectionType,
  StreamViewType,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TABLE } from '#store';

export interface DataConstructProps {
  /** Refuse DeleteTable (and stack deletion removing it) while set. */
  deletionProtection: boolean;
  removalPolicy: RemovalPolicy;
}

/** The single table, shaped by the same definition the store and the local runtime use. */
export class DataConstruct extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: DataConstructProps) {
    super(scope, id);
    const key = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Table', {
      partitionKey: key(TABLE.partitionKey),
      sortKey: key(TABLE.sortKey),
      globalSecondaryIndexes: TABLE.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: ProjectionType.ALL,
      })),
      // Traffic is small and bursty (weekly digests, match rounds): on-demand costs nothing when idle.
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE.ttlAttribute,
      // New outbox items flow from the stream to the sender (infra/constructs/mail.ts).
      dynamoStream: StreamViewType.NEW_IMAGE,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
  }
}

/**
 * What the store (shared/store/table-client.ts) does with items: get, put, update, delete, batch
 * get, and transactions (which IAM checks as their put/update/delete/condition-check parts); and
 * queries, on the table and its indexes. No Scan, no stream reads. The stack tests hold these
 * lists against the store's commands.
 */
export const TABLE_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
];
export const TABLE_QUERY_ACTIONS = ['dynamodb:Query'];

/**
 * Lets a function use the table's data: items on the table, queries on the table and on each of
 * its indexes by name (the definition the table is built from), rather than grantReadWriteData's
 * `index/*`, Scan and stream actions.
 */
export function grantTableData(table: ITableV2, grantee: IGrantable): void {
  Grant.addToPrincipal({ grantee, actions: TABLE_ITEM_ACTIONS, resourceArns: [table.tableArn] });
  Grant.addToPrincipal({
    grantee,
    actions: TABLE_QUERY_ACTIONS,
    resourceArns: [table.tableArn, ...TABLE.indexes.map((i) => `${table.tableArn}/index/${i.name}`)],
  });
}
