// The TaskCallbacks port on AWS Step Functions: SendTaskSuccess / SendTaskFailure. The SDK's exceptions keep
// their service names (TaskTimedOut, TaskDoesNotExist, InvalidToken) on `error.name`, which is all the core
// reads, so they pass through unchanged.
import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { TaskCallbacks } from '#services/workflow/core/ports';

/** Step Functions caps `error` at 256 characters and `cause` at 32,768. */
const maxErrorLength = 256;
const maxCauseLength = 32_768;

export class SfnTaskCallbacks implements TaskCallbacks {
  readonly #client: SFNClient;

  constructor(client: SFNClient) {
    this.#client = client;
  }

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    await this.#client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) }));
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    await this.#client.send(
      new SendTaskFailureCommand({
        taskToken,
        error: error.slice(0, maxErrorLength),
        cause: cause.slice(0, maxCauseLength),
      }),
    );
  }
}
