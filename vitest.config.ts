import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,db,server,host,electron,bench,scripts,renderer}/**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', 'out/**', 'e2e/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
