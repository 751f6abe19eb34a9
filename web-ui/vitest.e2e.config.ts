import { defineConfig } from 'vitest/config';

// End-to-end tests: a real headless Chromium (playwright-core) against a running server with the bundled models.
// ARRAKIS_URL and ARRAKIS_KEY name the server and an API key; DashboardE2eIT (server module) sets both.
export default defineConfig({
  test: {
    environment: 'node',
    globals: true,
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
