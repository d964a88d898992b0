// Which configuration version an application is handled under: the one stamped at its acceptance
// (`configRevision`), so that a budget or a department an administrator changes later applies to applications
// accepted afterwards, never to running ones; before acceptance, the version in force.
import type { WorkflowConfig } from '#shared/config';
import type { Application } from '#shared/model';
import type { ApplicationDeps } from './ports.ts';

export async function configOf(
  deps: Pick<ApplicationDeps, 'config' | 'serviceConfigs'>,
  application: Pick<Application, 'configRevision'>,
): Promise<WorkflowConfig> {
  const revision = application.configRevision;
  if (revision === undefined || revision === deps.config.revision || !deps.serviceConfigs) return deps.config;
  return deps.serviceConfigs.version(revision);
}

/** The dependencies with the application's configuration version in place of the one in force. */
export async function withConfigOf<D extends Pick<ApplicationDeps, 'config' | 'serviceConfigs'>>(
  deps: D,
  application: Pick<Application, 'configRevision'>,
): Promise<D> {
  const config = await configOf(deps, application);
  return config === deps.config ? deps : { ...deps, config };
}
