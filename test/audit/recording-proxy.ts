// A recording proxy in front of DynamoDB Local: every request the platform sends (handlers, workflow tasks, the
// sweeper, the runtime itself) passes through it unchanged and is kept, so a test can check what was written
// to which item, whatever code path wrote it.
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A DynamoDB attribute value as the wire carries it (`{ S: '...' }`, `{ N: '1' }`, ...). */
export type WireValue = Record<string, unknown>;
export type WireItem = Record<string, WireValue>;

export interface RecordedRequest {
  /** The operation, e.g. 'PutItem', 'TransactWriteItems' (from X-Amz-Target). */
  operation: string;
  body: Record<string, unknown>;
}

/** One item write, whether alone or inside a transaction or a batch. */
export interface ItemWrite {
  kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  operation: string;
  pk: string;
  sk: string;
  condition?: string;
}

export interface RecordingProxy {
  endpoint: string;
  readonly requests: RecordedRequest[];
  /** Every item write recorded so far. */
  writes(): ItemWrite[];
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const raw = Buffer.concat(chunks);
      const operation =
        String(incoming.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      try {
        requests.push({ operation, body: raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {} });
      } catch {
        requests.push({ operation, body: {} });
      }
      const forwarded = httpRequest(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers as IncomingHttpHeaders,
        },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      forwarded.on('error', (error) => {
        outgoing.writeHead(502);
        outgoing.end(String(error));
      });
      forwarded.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    writes: () => requests.flatMap(writesOf),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const keyOf = (key: WireItem | undefined): { pk: string; sk: string } => ({
  pk: String(key?.pk?.S ?? ''),
  sk: String(key?.sk?.S ?? ''),
});

function writesOf({ operation, body }: RecordedRequest): ItemWrite[] {
  const condition = (b: Record<string, unknown>) =>
    typeof b.ConditionExpression === 'string' ? { condition: b.ConditionExpression } : {};
  switch (operation) {
    case 'PutItem':
      return [{ kind: 'Put', operation, ...keyOf(body.Item as WireItem), ...condition(body) }];
    case 'UpdateItem':
      return [{ kind: 'Update', operation, ...keyOf(body.Key as WireItem), ...condition(body) }];
    case 'DeleteItem':
      return [{ kind: 'Delete', operation, ...keyOf(body.Key as WireItem), ...condition(body) }];
    case 'TransactWriteItems':
      return ((body.TransactItems ?? []) as Record<string, Record<string, unknown>>[]).flatMap((action) =>
        (['Put', 'Update', 'Delete', 'ConditionCheck'] as const)
          .filter((kind) => action[kind] !== undefined)
          .map((kind) => {
            const part = action[kind]!;
            return {
              kind,
              operation,
              ...keyOf((kind === 'Put' ? part.Item : part.Key) as WireItem),
              ...condition(part),
            };
          }),
      );
    case 'BatchWriteItem':
      return Object.values(
        (body.RequestItems ?? {}) as Record<string, Record<string, Record<string, unknown>>[]>,
      )
        .flat()
        .map((request) =>
          request.PutRequest
            ? { kind: 'Put' as const, operation, ...keyOf(request.PutRequest.Item as WireItem) }
            : { kind: 'Delete' as const, operation, ...keyOf(request.DeleteRequest?.Key as WireItem) },
        );
    default:
      return [];
  }
}
