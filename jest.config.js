/**
 * NestJS 12 ships as ES modules only. Node.js loads them from our CommonJS build (require(esm)),
 * but Jest cannot, so Jest runs in its native ESM mode (node --experimental-vm-modules)
 * and ts-jest emits ES modules for the tests.
 * @type {import('jest').Config}
 */
const moduleNameMapper = {
  '^@tocsin/(.*)$': '<rootDir>/libs/$1/src',
};
const transform = {
  '^.+\\.ts$': [
    'ts-jest',
    {
      useESM: true,
      diagnostics: false,
      tsconfig: { module: 'ESNext', moduleResolution: 'bundler', sourceMap: true },
    },
  ],
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  moduleNameMapper,
  extensionsToTreatAsEsm: ['.ts'],
};

module.exports = {
  // Two cores here: two test files at a time, each with its own database and Redis prefix.
  maxWorkers: 2,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
  testTimeout: 60000,
};
