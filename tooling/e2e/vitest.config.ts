import { defineConfig } from 'vitest/config';

// Every test runs over the default node:http transport; the client's operations, errors and
// resilience run a second time over `createUndiciTransport`, the `./undici` alternative.
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'node-http', include: ['test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'undici',
          include: [
            'test/client-operations.test.ts',
            'test/client-errors.test.ts',
            'test/client-resilience.test.ts',
          ],
          env: { E2E_TRANSPORT: 'undici' },
        },
      },
    ],
  },
});
