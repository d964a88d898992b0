import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The browser files share one runtime whose clock only moves forward, each file in an era of its own (portal:
 * March 2025, work: June 2025, ...): they run in the order of their names. Other files keep vitest's order.
 */
class BrowserFilesByName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isBrowser = (file: TestSpecification) => file.project.name === 'browser';
    const browser = sorted.filter(isBrowser).sort((a, b) => a.moduleId.localeCompare(b.moduleId));
    return sorted.map((file) => (isBrowser(file) ? browser.shift()! : file));
  }
}

const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  restoreMocks: true,
  // Handlers log structured JSON for CloudWatch; in tests that is noise (tests that check logs inject a logger).
  env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
};
const excluded = ['node_modules/**', 'cdk.out/**', '.local/**'];
/**
 * The tests that load tens of thousands of items (search over 10,000 applications, reports over 50,000 steps):
 * beside the rest of the suite they saturate the shared DynamoDB Local (requests past 5 s) and time out, so they
 * run after it, on a DynamoDB Local of their own.
 */
const atScale = ['services/officers/search.integration.test.ts', 'test/reports/reports.test.ts'];

export default defineConfig({
  test: {
    sequence: { sequencer: BrowserFilesByName },
    projects: [
      {
        test: {
          ...shared,
          name: 'platform',
          include: ['**/*.test.ts'],
          exclude: [...excluded, 'test/browser/**', ...atScale],
          // DynamoDB Local is started once per run and shared by the integration tests.
          globalSetup: ['./test/support/global-setup.ts'],
        },
      },
      {
        test: {
          ...shared,
          name: 'scale',
          include: atScale,
          exclude: excluded,
          globalSetup: ['./test/support/global-setup.ts'],
          sequence: { groupOrder: 1 },
          // Benches (*.bench.ts) run once, in the platform project (npm run bench).
          benchmark: { include: [] },
        },
      },
      {
        test: {
          ...shared,
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          exclude: excluded,
          // One embedded runtime and one Chromium for every file, which therefore run one after another.
          globalSetup: ['./test/support/browser-setup.ts'],
          fileParallelism: false,
          benchmark: { include: [] },
        },
      },
    ],
  },
});
