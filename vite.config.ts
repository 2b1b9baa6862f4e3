import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const shared = fileURLToPath(new URL('./shared', import.meta.url));

export default defineConfig({
  root: 'client',
  plugins: [react()],
  resolve: { alias: { '@shared': shared } },
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/socket.io': { target: 'http://127.0.0.1:3000', ws: true } } },
  test: {
    root: '.',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files start servers and Redis instances; two workers fit a 2-core machine.
    maxWorkers: 2,
    projects: [
      // Unit tests of shared/ and client/: pure code, no Redis started for them.
      { extends: true, test: { name: 'unit', include: ['shared/**/*.test.ts', 'client/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['server/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/bench/**', 'test/soak/**', 'node_modules/**'],
          // Checks the system tools and starts the run's own Redis (TEST_REDIS_URL to use another);
          // vitest runs it only when a file of this project is selected.
          globalSetup: ['test/setup/global.ts'],
        },
      },
    ],
  },
});
