import { defineConfig } from 'vitest/config';

// Units sit beside their code; tests/ holds what crosses processes. The e2e browser specs
// and the sync stand-in tests start real servers, so they get generous but bounded timeouts.
export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'src-preload/**/*.test.ts', 'src-renderer/**/*.test.{ts,tsx}', 'supabase/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
