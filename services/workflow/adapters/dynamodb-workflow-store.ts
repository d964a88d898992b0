// The WorkflowStore port on the single DynamoDB table: the application repository for reads and commits, plus
// the one write that is not a state change, swapping a step's task token when a task is retried.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stepKey } from '#shared/data/keys';
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
