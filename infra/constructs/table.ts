// The DynamoDB tables, built from the shapes in shared/data/ that the embedded runtime also creates locally:
// keys, sparse GSIs and the TTL attribute cannot drift between cloud and local.
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { idempotencyTableDefinition } from '#shared/data/idempotency-table';
import { projectionOf } from '#shared/data/index-projection';
import { tableDefinition } from '#shared/data/table';

export interface ApprovalTableProps {
  /**
   * Refuse CloudFormation deletes of the table: applications and their audit trail are records of government
   * decisions.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * What happens to the table when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The application table (on-demand, point-in-time recovery, the GSIs of tableDefinition, a NEW_IMAGE stream, no
 * TTL) and the idempotency records' table (the only one with a TTL).
 */
export class ApprovalTable extends Construct {
  public readonly table: Table;
  /** Idempotency records (`Idempotency-Key`): the one table with a TTL. */
  public readonly idempotencyTable: Table;

  constructor(scope: Construct, id: string, props: ApprovalTableProps = {}) {
    super(scope, id);
    const attribute = (name: string) => ({ name, type: AttributeType.STRING });

    this.table = new Table(this, 'Table', {
      partitionKey: attribute(tableDefinition.partitionKey),
      sortKey: attribute(tableDefinition.sortKey),
      // Traffic follows office hours and deadlines, with long quiet nights: pay per request.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // No TTL: nothing here may expire (idempotency records, which do, have the table below).
      // Every write, in order, leaves through the stream: the transactional outbox (notifications) and the audit
      // archive (audit-archive.ts) read it.
      stream: StreamViewType[tableDefinition.streamViewType],
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.idempotencyTable = new Table(this, 'IdempotencyTable', {
      partitionKey: attribute(idempotencyTableDefinition.partitionKey),
      sortKey: attribute(idempotencyTableDefinition.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The only TTL of the platform: a record of a replayable response lives 24 hours.
      timeToLiveAttribute: idempotencyTableDefinition.timeToLiveAttribute,
      encryption: TableEncryption.AWS_MANAGED,
      // Records are 24-hour caches of responses, not records of decisions: they may go with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: ProjectionType[projectionOf(index).type],
        ...(projectionOf(index).type === 'INCLUDE'
          ? { nonKeyAttributes: projectionOf(index).nonKeyAttributes }
          : {}),
      });
    }
  }
}
