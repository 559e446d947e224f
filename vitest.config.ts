import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores on the CI machines: more forks than that only adds contention.
    maxWorkers: 2,
    pool: 'forks',
  },
});
