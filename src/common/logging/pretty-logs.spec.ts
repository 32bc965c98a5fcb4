import { prettyLogs } from './pretty-logs';

describe('prettyLogs', () => {
  it.each([
    ['development', true, true],
    ['test', true, false],
    ['development', false, false],
    ['development', undefined, false],
    ['production', true, false],
    ['production', false, false],
    ['production', undefined, false],
  ] as const)('NODE_ENV=%s with stdout a TTY: %s -> pretty %s', (nodeEnv, isTTY, pretty) => {
    expect(prettyLogs(nodeEnv, isTTY)).toBe(pretty);
  });
});
