import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'cdk.out/**', '.local/**'],
    // DynamoDB Local is started once per run and shared by the integration tests.
    globalSetup: ['./test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    restoreMocks: true,
    // Handlers log structured JSON for CloudWatch; in tests that is noise (tests that check logs inject a logger).
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
  },
});
