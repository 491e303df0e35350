import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['protocol/src/**/*.test.ts', 'server/src/**/*.test.ts', 'native-host/src/**/*.test.ts', 'installers/src/**/*.test.ts', 'extension/scripts/**/*.test.ts'],
          exclude: ['**/*.e2e.test.ts', '**/node_modules/**'],
          environment: 'node',
          // They run niced beside the browser specs (scripts/run-suites.sh): a busy machine, not a hang.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        plugins: [preact()],
        test: {
          name: 'extension',
          include: ['extension/src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/src/**/*.e2e.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
