// Real-browser tests (npm run test:browser): they need /usr/bin/chromium, so `npm test` never matches them.
const { projects } = require('./jest.config');

const e2e = projects.find((p) => p.displayName === 'e2e');
module.exports = {
  ...e2e,
  displayName: 'browser',
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  testTimeout: 90000,
};
