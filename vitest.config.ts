import { defineConfig } from 'vitest/config';

const exclude = ['node_modules/**', '.next/**', '.data/**', '.cache/**', 'e2e/**'];

/**
 * Two projects, named by what they need:
 * - unit: `*.test.ts`, pure, no services;
 * - int: `*.int.test.ts`, against real Kafka/Redis/ClickHouse that test/int-global-setup.ts
 *   starts once per run in a throwaway data directory on free ports.
 */
export default defineConfig({
  resolve: { alias: { '@': import.meta.dirname } },
  test: {
    projects: [
      {
        extends: true,
        // Some unit tests simulate a chain for a few days in memory: give them time on a busy machine.
        test: { name: 'unit', include: ['**/*.test.ts'], exclude: [...exclude, '**/*.int.test.ts'], environment: 'node', testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['**/*.int.test.ts'],
          exclude,
          environment: 'node',
          globalSetup: ['test/int-global-setup.ts'],
          // One file at a time: the files share one broker and two cores.
          fileParallelism: false,
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
