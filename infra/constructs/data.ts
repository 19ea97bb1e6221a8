import type { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
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
