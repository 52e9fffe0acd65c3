import { defineConfig } from 'vitest/config';

// One runner for every layer. Projects:
//   unit         *.test.ts(x) next to the code they test
//   component    renderer/**/*.dom.test.tsx: one component in happy-dom with React Testing Library
//   integration  test/integration: real HTTP to a sandbox on port 0, real SQLite, real keychain
//   e2e          test/e2e: Chromium (playwright-core) against `npm run web`'s server
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['main/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'shared/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'renderer/**/*.dom.test.tsx'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'component',
          sequence: { groupOrder: 0 },
          include: ['renderer/**/*.dom.test.tsx'],
          environment: 'happy-dom',
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file drives its own Chromium; two at once is what two cores take.
          maxWorkers: 2,
        },
      },
    ],
  },
});
