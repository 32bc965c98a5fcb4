// Nest 12 ships ESM only; @swc/jest compiles ours and theirs to CommonJS (ARCHITECTURE.md, Jest).
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
// The packages' tests run against their sources: @hokusai/auth-client resolves to client/src, not to its build.
const workspaces = {
  '^@hokusai/auth-client$': '<rootDir>/client/src/index.ts',
  '^@hokusai/auth-client/testing$': '<rootDir>/client/src/testing/index.ts',
  '^@hokusai/auth-client/(express|nest)$': '<rootDir>/client/src/$1.ts',
};
const shared = {
  transform: { '^.+\\.(t|j|cj|mj)s$': swc },
  moduleNameMapper: workspaces,
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@electric-sql)/)'],
  moduleFileExtensions: ['ts', 'js', 'cjs', 'mjs', 'json'],
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/{cli,client}/src/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
    },
  ],
  testTimeout: 30000,
};
