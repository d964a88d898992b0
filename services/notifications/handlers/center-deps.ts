// The notification centre's store over the composition root's table client: one per client and table (so one per
// Lambda container, or for the whole embedded runtime).
import type { Deps } from '#shared/runtime/index';
import { DynamoDbNotificationStore } from '../adapters/dynamodb-notification-store.ts';

const stores = new WeakMap<object, Map<string, DynamoDbNotificationStore>>();

export function notificationStoreOf(
  deps: Pick<Deps, 'documentClient' | 'tableName'>,
): DynamoDbNotificationStore {
  let byTable = stores.get(deps.documentClient);
  if (!byTable) stores.set(deps.documentClient, (byTable = new Map()));
  let store = byTable.get(deps.tableName);
  if (!store) {
    store = new DynamoDbNotificationStore({ client: deps.documentClient, tableName: deps.tableName });
    byTable.set(deps.tableName, store);
  }
  return store;
}
