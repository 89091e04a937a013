import type { Config } from 'jest';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  transform: { '^.+\\.ts$': swc },
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
};

const config: Config = {
  globalSetup: '<rootDir>/server/src/test/global-setup.ts',
  globalTeardown: '<rootDir>/server/src/test/global-teardown.ts',
  testTimeout: 60_000,
  // Two test files at once: every file has its own database, Redis prefix, ports and browser, and on two
  // cores one file waiting on PostgreSQL or Chromium leaves the other core idle. A worker past 1 GiB is
  // replaced between files (in band, one process grew to 3 GiB over the run and spent its time collecting).
  maxWorkers: 2,
  workerIdleMemoryLimit: '1GB',
  // The compiled server (npm run build) is no test's source.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/server/src/**/*.spec.ts', '<rootDir>/web/src/**/*.spec.ts'],
    },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/server/src/**/*.int-spec.ts'] },
    // The portal in Debian's headless Chromium, against the whole product (web/e2e).
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/web/e2e/**/*.e2e-spec.ts'] },
  ],
};

export default config;
