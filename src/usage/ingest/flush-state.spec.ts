import { FlushState, stateFromJson, stateToJson } from './flush-state';

const KEY = '3f2b8c1e-0000-4000-8000-000000000001';

describe('flush state as usage_flush() reads it', () => {
  const state: FlushState = {
    counters: [
      { keyId: KEY, monthStart: Date.UTC(2026, 11, 1), predictions: 7, plan: 'free', limit: 10 },
      { keyId: KEY, monthStart: Date.UTC(2026, 10, 1), predictions: 0, plan: 'free', limit: null },
    ],
    stored: [
      { keyId: KEY, idempotencyKey: 'a|b', debitAnswer: { predictions_this_month: 3, monthly_prediction_limit: 10 } },
      { keyId: KEY, idempotencyKey: 'plain', debitAnswer: null },
    ],
  };

  it('keys counters by key and month in ms, and stored keys by key and idempotency key', () => {
    expect(stateToJson(state)).toEqual({
      counters: {
        [`${KEY}|${Date.UTC(2026, 11, 1)}`]: { predictions: 7, plan: 'free', limit: 10 },
        [`${KEY}|${Date.UTC(2026, 10, 1)}`]: { predictions: 0, plan: 'free', limit: null },
      },
      stored: {
        [`${KEY}|a|b`]: { predictions_this_month: 3, monthly_prediction_limit: 10 },
        [`${KEY}|plain`]: null,
      },
    });
  });

  it('reads back what it wrote, an idempotency key with a | in it included', () => {
    expect(stateFromJson(stateToJson(state))).toEqual(state);
  });

  it('reads bigint counts sent as text', () => {
    const json = { counters: { [`${KEY}|0`]: { predictions: '12', plan: 'pro', limit: '5' } }, stored: {} };
    expect(stateFromJson(json).counters).toEqual([
      { keyId: KEY, monthStart: 0, predictions: 12, plan: 'pro', limit: 5 },
    ]);
  });
});
