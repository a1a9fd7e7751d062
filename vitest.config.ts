import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
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
    ],
  },
});
