import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One graphql module for everyone: without this, ESM imports get graphql's .mjs
    // build while CommonJS dependencies require its .js build, and graphql refuses
    // to mix types from the two ("from another module or realm").
    alias: { graphql: 'graphql/index.js' },
  },
  test: {
    globalSetup: ['test/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Memory-bound tests force a collection before they measure the heap.
    execArgv: ['--expose-gc'],
    testTimeout: 30_000,
    // The first run on a machine may build FerretDB (about 2 minutes).
    hookTimeout: 180_000,
  },
});
