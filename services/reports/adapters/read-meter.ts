// Measures what reads cost: asks DynamoDB for the consumed capacity of every read a client sends
// (ReturnConsumedCapacity TOTAL) and adds it up, with the number of requests. The benchmark uses it to show that
// a report's cost does not grow with the number of applications.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ReadMeter {
  readonly requests: number;
  /** Read capacity units, as DynamoDB reports them (0.5 per 4 KB eventually consistent, 1 consistent). */
  readonly capacityUnits: number;
  reset(): void;
}

const reads = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'ScanCommand']);

interface Consumed {
  CapacityUnits?: number;
}

/** Installs the meter on the client (its middleware stack is shared with the client it was built from). */
export function meterReads(client: DynamoDBDocumentClient): ReadMeter {
  const totals = { requests: 0, capacityUnits: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!reads.has(String(context.commandName))) return next(args);
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      totals.requests += 1;
      for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        totals.capacityUnits += entry.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'readMeter' },
  );
  return {
    get requests() {
      return totals.requests;
    },
    get capacityUnits() {
      return totals.capacityUnits;
    },
    reset() {
      totals.requests = 0;
      totals.capacityUnits = 0;
    },
  };
}
