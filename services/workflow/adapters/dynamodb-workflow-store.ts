// The WorkflowStore port on the single DynamoDB table: the application repository for reads and commits, plus
// the one write that is not a state change, swapping a step's task token when a task is retried.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { applicationPartition, documentSortKeyPrefix, stepKey } from '#shared/data/keys';
import { keys } from '#shared/data/table';
import { ApplicationRepository } from '#shared/data/repository';
import { Conflict } from '#shared/errors';
import type { Step } from '#shared/model';
import type { WorkflowStore } from '#services/workflow/core/ports';

export class DynamoDbWorkflowStore extends ApplicationRepository implements WorkflowStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    super(options);
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  /** One Query on the application's `DOC#` items, projected to what identifies a version. */
  async listCurrentDocumentVersions(applicationId: string): Promise<string[]> {
    const current = new Map<string, number>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ProjectionExpression: '#documentId, #version, #status',
          ExpressionAttributeNames: {
            '#pk': keys.pk,
            '#sk': keys.sk,
            '#documentId': 'documentId',
            '#version': 'version',
            '#status': 'status',
          },
          ExpressionAttributeValues: {
            ':pk': applicationPartition(applicationId),
            ':prefix': documentSortKeyPrefix,
          },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.status !== 'confirmed') continue;
        const id = String(item.documentId);
        current.set(id, Math.max(current.get(id) ?? 0, Number(item.version)));
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return [...current].map(([id, version]) => `${id}@v${version}`).sort();
  }

  async replaceTaskToken(step: Step, taskToken: string): Promise<Step> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: stepKey(step.applicationId, step.stepId),
          UpdateExpression: 'SET #token = :token, #version = :next',
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#token': 'taskToken', '#version': 'version' },
          ExpressionAttributeValues: {
            ':token': taskToken,
            ':expected': step.version,
            ':next': step.version + 1,
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new Conflict('The step was changed by someone else; reload and try again', 'STALE_VERSION');
      }
      throw error;
    }
    return { ...step, taskToken, version: step.version + 1 };
  }
}
