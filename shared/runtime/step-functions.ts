// Step Functions behind the platform ports: the TaskCallbacks port (SendTaskSuccess / SendTaskFailure) and the
// WorkflowStarter (StartExecution named after the application). The SDK's exceptions keep their service names
// (TaskTimedOut, TaskDoesNotExist, InvalidToken) on `error.name`, which is all the core reads.
import {
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { TaskCallbacks, WorkflowStarter } from './ports.ts';

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

/** A Step Functions client: AWS's, or the embedded runtime's endpoint when one is given. */
export function createSfnClient(
  options: { endpoint?: string | undefined; region?: string | undefined } = {},
) {
  if (options.endpoint === undefined) {
    return new SFNClient({ maxAttempts: 5, ...(options.region ? { region: options.region } : {}) });
  }
  return new SFNClient({
    endpoint: options.endpoint,
    region: options.region ?? 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 5,
  });
}

/**
 * StartExecution named after the application. A Standard workflow answers a repeated name with the same
 * input, while the execution runs, with its ARN; otherwise with ExecutionAlreadyExists, which also means
 * "started", and the ARN follows from the state machine's (arn:…:execution:<machine>:<name>).
 */
export function sfnWorkflowStarter(sfn: SFNClient, stateMachineArn: string | undefined): WorkflowStarter {
  return {
    async startExecution(applicationId) {
      if (stateMachineArn === undefined) throw new Error('STATE_MACHINE_ARN is not set');
      // The contract's ExecutionInput (services/workflow/contract.ts): IDs only.
      const input = { applicationId };
      try {
        const { executionArn } = await sfn.send(
          new StartExecutionCommand({ stateMachineArn, name: applicationId, input: JSON.stringify(input) }),
        );
        if (!executionArn) throw new Error('StartExecution returned no executionArn');
        return { executionArn };
      } catch (error) {
        const exists =
          error instanceof ExecutionAlreadyExists ||
          (error instanceof Error && error.name === 'ExecutionAlreadyExists');
        if (!exists) throw error;
        return { executionArn: executionArnOf(stateMachineArn, applicationId) };
      }
    },
  };
}

export function executionArnOf(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}
