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
