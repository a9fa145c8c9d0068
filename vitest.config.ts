import { defineConfig } from 'vitest/config';

// One config runs every package; `@spawn/source` resolves workspace packages to their sources.
export default defineConfig({
  resolve: { conditions: ['@spawn/source'] },
  ssr: { resolve: { conditions: ['@spawn/source'], externalConditions: ['@spawn/source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'examples/*/**/*.test.ts',
      'test-support/src/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
