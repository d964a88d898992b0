// Configuration administration's dependencies, taken from the invocation's: the table-backed configuration
// source it writes through, the clock and ids.
import { serviceConfigSourceOf, type Deps } from '#shared/runtime/index';
import type { ServiceConfigAdminDeps } from './core/service-config-admin.ts';

export function serviceConfigAdminDeps(deps: Deps): ServiceConfigAdminDeps {
  return { ...deps, serviceConfigs: serviceConfigSourceOf(deps) };
}
