import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // In CI a JSON report too, from which .ci/run prints one plain closing line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        test: {
          name: 'engine',
          include: ['packages/engine/src/**/*.test.ts', 'packages/engine/test/**/*.test.ts'],
        },
      },
      {
        // The differential harness against the real kernel (tests/kernel/README.md):
        // its unit tests run anywhere, kernel.test.ts where namespaces can be made.
        test: {
          name: 'kernel',
          include: ['tests/kernel/**/*.test.ts'],
          exclude: ['tests/kernel/.work/**'],
        },
      },
      {
        // The blog's pure renderers (src/lib/render), against the engine's source.
        resolve: {
          alias: [{ find: /^@packetwalk\/engine$/, replacement: fileURLToPath(new URL('./packages/engine/src/index.ts', import.meta.url)) }],
        },
        test: {
          name: 'site',
          include: ['src/**/*.test.ts'],
        },
      },
    ],
  },
});
