// The notification centre's handlers share the API's dependencies (the table's client, the clock, the
// idempotency store) and build the notification store over them once.
import { lazyDeps, type ApiDeps, type DepsSource } from '#services/api/deps';
import { DynamoDbNotificationStore } from '../adapters/dynamodb-notification-store.ts';

export interface CenterDeps {
  api: ApiDeps;
  store: DynamoDbNotificationStore;
}

export function centerDeps(source?: DepsSource): () => CenterDeps {
  const getApi = lazyDeps(source);
  let built: CenterDeps | undefined;
  return () => {
    const api = getApi();
    built ??= {
      api,
      store: new DynamoDbNotificationStore({ client: api.documentClient, tableName: api.tableName }),
    };
    return built;
  };
}
