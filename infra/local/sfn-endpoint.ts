// The local Step Functions endpoint: the AWS JSON 1.0 protocol the SDK speaks (POST /, `X-Amz-Target:
// AWSStepFunctions.<Operation>`), over LocalStepFunctions. Handlers keep their SFNClient and only get
// STEPFUNCTIONS_ENDPOINT pointed here, so a decision travels exactly as in the cloud: recorded in
// DynamoDB, then SendTaskSuccess over HTTP. Errors come back as `{ "__type": name, "message" }` with status 400,
// which the SDK turns into its exception classes (TaskTimedOut, InvalidToken, ExecutionAlreadyExists, ...).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type LocalStepFunctions, StepFunctionsError } from './step-functions.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Step Functions caps payloads at 256 KiB; a little slack for the JSON around them. */
const maxRequestBytes = 300 * 1024;
const contentType = 'application/x-amz-json-1.0';

export interface SfnEndpoint {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/**
 * Listens on the loopback interface only.
 * @param sfn the service, or a getter for one created after the endpoint (its URL goes into the handlers' env)
 * @param port 0 for any free port
 */
export async function startSfnEndpoint(
  sfn: LocalStepFunctions | (() => LocalStepFunctions),
  port = 0,
): Promise<SfnEndpoint> {
  const service = typeof sfn === 'function' ? sfn : () => sfn;
  const server = createServer((request, response) => {
    void handle(service, request, response);
  });
  await listen(server, port);
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  service: () => LocalStepFunctions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    if (request.method !== 'POST') throw new ProtocolError(405, 'UnknownOperationException', 'POST only');
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = /^AWSStepFunctions\.(\w+)$/.exec(target)?.[1];
    if (!operation) {
      throw new ProtocolError(400, 'UnknownOperationException', `Unknown target: ${target || '(none)'}`);
    }
    const body = parseBody(await readBody(request));
    send(response, 200, operate(service(), operation, body));
  } catch (error) {
    if (error instanceof StepFunctionsError) {
      send(response, 400, { __type: error.name, message: error.message }, error.name);
    } else if (error instanceof ProtocolError) {
      send(response, error.status, { __type: error.type, message: error.message }, error.type);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      send(response, 500, { __type: 'InternalFailure', message }, 'InternalFailure');
    }
  }
}

function operate(sfn: LocalStepFunctions, operation: string, body: Record<string, unknown>): Json {
  switch (operation) {
    case 'StartExecution': {
      const started = sfn.startExecution({
        stateMachineArn: requiredString(body, 'stateMachineArn'),
        name: typeof body.name === 'string' ? body.name : crypto.randomUUID(),
        input: jsonField(body, 'input', 'InvalidExecutionInput') ?? {},
      });
      return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
    }
    case 'SendTaskSuccess':
      sfn.sendTaskSuccess(
        requiredString(body, 'taskToken'),
        jsonField(body, 'output', 'InvalidOutput', true) ?? null,
      );
      return {};
    case 'SendTaskFailure':
      sfn.sendTaskFailure(
        requiredString(body, 'taskToken'),
        typeof body.error === 'string' ? body.error : '',
        typeof body.cause === 'string' ? body.cause : '',
      );
      return {};
    case 'DescribeExecution': {
      const d = sfn.describeExecution(requiredString(body, 'executionArn'));
      return {
        executionArn: d.executionArn,
        stateMachineArn: d.stateMachineArn,
        name: d.name,
        status: d.status,
        startDate: epochSeconds(d.startDate),
        ...(d.stopDate ? { stopDate: epochSeconds(d.stopDate) } : {}),
        input: JSON.stringify(d.input),
        inputDetails: { included: true },
        ...(d.output !== undefined
          ? { output: JSON.stringify(d.output), outputDetails: { included: true } }
          : {}),
        ...(d.error !== undefined ? { error: d.error } : {}),
        ...(d.cause !== undefined ? { cause: d.cause } : {}),
      };
    }
    default:
      throw new ProtocolError(400, 'UnknownOperationException', `${operation} is not supported locally`);
  }
}

class ProtocolError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new ProtocolError(400, 'ValidationException', `${field} is required`);
  }
  return value;
}

/** A field that carries JSON as a string (input, output). */
function jsonField(
  body: Record<string, unknown>,
  field: string,
  errorName: 'InvalidExecutionInput' | 'InvalidOutput',
  required = false,
): Json | undefined {
  const value = body[field];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') throw new StepFunctionsError(errorName, `${field} must be a JSON string`);
  try {
    return JSON.parse(value) as Json;
  } catch {
    throw new StepFunctionsError(errorName, `${field} is not valid JSON`);
  }
}

function parseBody(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new ProtocolError(400, 'SerializationException', 'The request body is not a JSON object');
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxRequestBytes) {
        reject(new ProtocolError(413, 'ValidationException', 'The request is too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: Json, errorType?: string): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  response.end(text);
}

const epochSeconds = (date: Date): number => date.getTime() / 1000;

export function listen(server: Server, port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
