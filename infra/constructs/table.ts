// The single DynamoDB table, built from the shape in shared/data/table.ts that the embedded runtime also
// creates locally: keys, sparse GSIs and the TTL attribute cannot drift between cloud and local.
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

/** The application table: on-demand, point-in-time recovery, TTL, the GSIs of tableDefinition, the outbox stream. */
export class ApprovalTable extends Construct {
  public readonly table: Table;

  constructor(scope: Construct, id: string, props: ApprovalTableProps = {}) {
    super(scope, id);
    const attribute = (name: string) => ({ name, type: AttributeType.STRING });

    this.table = new Table(this, 'Table', {
      partitionKey: attribute(tableDefinition.partitionKey),
      sortKey: attribute(tableDefinition.sortKey),
      // Traffic follows office hours and deadlines, with long quiet nights: pay per request.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      // The transactional outbox: audit events, committed with their state change, leave through the stream.
      stream: StreamViewType[tableDefinition.streamViewType],
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: ProjectionType[tableDefinition.indexProjection],
      });
    }
  }
}
