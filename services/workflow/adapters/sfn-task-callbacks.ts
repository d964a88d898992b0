// The TaskCallbacks port on AWS Step Functions: SendTaskSuccess (no decision sends a failure, and no role may).
// The SDK's exceptions keep their service names (TaskTimedOut, TaskDoesNotExist, InvalidToken) on `error.name`,
// which is all the core reads, so they pass through unchanged.
import { SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { TaskCallbacks } from '#services/workflow/core/ports';

export class SfnTaskCallbacks implements TaskCallbacks {
  readonly #client: SFNClient;

  constructor(client: SFNClient) {
    this.#client = client;
  }

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    await this.#client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) }));
  }
}
