// Global setup of the browser tests (vitest.config.ts, project `browser`): ONE embedded runtime and ONE Chromium
// for every file under test/browser, started once when any of them is queued and stopped after the last.
// The files reach them through provide/inject (browserSession in browser.ts); they run one after another, each
// on its own applications and its own instants of the runtime's movable clock.
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import type { RuntimeProcess } from '#infra/local/spawn-runtime';
import { startRuntime, temporaryDataDir } from '../e2e/support.ts';
import { browserArgs, chromiumAvailable, chromiumPath } from './browser.ts';

let runtime: RuntimeProcess | undefined;
let server: BrowserServer | undefined;
const dataDir = temporaryDataDir();

export async function setup(project: TestProject): Promise<void> {
  if (!chromiumAvailable) return;
  [{ runtime }, server] = await Promise.all([
    startRuntime(dataDir.path),
    chromium.launchServer({ executablePath: chromiumPath, headless: true, args: browserArgs }),
  ]);
  project.provide('portalUrl', runtime.url);
  project.provide('browserEndpoint', server.wsEndpoint());
}

export async function teardown(): Promise<void> {
  await Promise.all([server?.close(), runtime?.stop()]);
  dataDir.remove();
}

declare module 'vitest' {
  export interface ProvidedContext {
    portalUrl: string;
    browserEndpoint: string;
  }
}
