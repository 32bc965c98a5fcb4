import { planBatch } from './batch-plan';
import { DebitRule, PendingEvent } from './pending-event';
import { LockedCounter } from './flush-state';

const KEY = 'k1';
// A stand-in with the shape of billing's rule (free plan: a hard stop at the limit), so usage's spec does not
// import billing: usage must not depend on the module that depends on it. billing-math.spec.ts pins the real rule.
const mayDebit: DebitRule = ({ plan, limit, used }, requested) =>
  plan !== 'free' || limit === null || used + requested <= limit;
const NOV = Date.UTC(2026, 10, 1);
const DEC = Date.UTC(2026, 11, 1);

function ev(overrides: Partial<PendingEvent> = {}): PendingEvent {
  return {
    keyId: KEY,
    serviceId: 'platform',
    endpoint: '/p',
    statusCode: 200,
    responseTimeMs: 1,
    predictionsCount: 1,
    computeMs: 0,
    modelId: null,
    idempotencyKey: null,
    occurredAt: new Date('2026-11-20T00:00:00Z'),
    ...overrides,
  };
}

function counter(overrides: Partial<LockedCounter> = {}): LockedCounter {
  return { keyId: KEY, monthStart: NOV, predictions: 0, plan: 'free', limit: 3, ...overrides };
}

describe('planBatch', () => {
  it('stores every plain event, in order', () => {
    const events = [ev({ endpoint: '/a' }), ev({ endpoint: '/b' })];
    const sut = planBatch(events, [counter()], []);
    expect(sut.outcomes).toEqual([{ kind: 'stored' }, { kind: 'stored' }]);
    expect(sut.rows.map((r) => [r.endpoint, r.debitAnswer])).toEqual([
      ['/a', null],
      ['/b', null],
    ]);
  });

  it('acknowledges repeats of stored and earlier idempotency keys without storing them', () => {
    const events = [
      ev({ idempotencyKey: 'old' }),
      ev({ idempotencyKey: 'new' }),
      ev({ idempotencyKey: 'new' }),
      ev({ idempotencyKey: 'x', keyId: 'k2' }),
    ];
    const sut = planBatch(
      events,
      [counter(), counter({ keyId: 'k2' })],
      [{ keyId: KEY, idempotencyKey: 'old', debitAnswer: null }],
    );
    expect(sut.outcomes.map((o) => o.kind)).toEqual(['duplicate', 'stored', 'duplicate', 'stored']);
    expect(sut.rows.map((r) => r.idempotencyKey)).toEqual(['new', 'x']);
  });

  it('debits on the running count, which includes earlier events of the same flush', () => {
    const events = [
      ev({ predictionsCount: 2 }),
      ev({ debit: mayDebit, predictionsCount: 2 }),
      ev({ debit: mayDebit, predictionsCount: 1 }),
    ];
    const sut = planBatch(events, [counter({ predictions: 0, limit: 3 })], []);
    expect(sut.outcomes).toEqual([
      { kind: 'stored' },
      { kind: 'refused', used: 2, requested: 2, limit: 3 },
      { kind: 'debited', predictions_this_month: 3, monthly_prediction_limit: 3 },
    ]);
    expect(sut.rows.map((r) => r.debitAnswer)).toEqual([
      null,
      { predictions_this_month: 3, monthly_prediction_limit: 3 },
    ]);
  });

  it('gives a repeated debit the first answer, stored before or earlier in the flush', () => {
    const first = { predictions_this_month: 7, monthly_prediction_limit: 10 };
    const events = [
      ev({ debit: mayDebit, idempotencyKey: 'a' }),
      ev({ debit: mayDebit, idempotencyKey: 'b', predictionsCount: 2 }),
      ev({ debit: mayDebit, idempotencyKey: 'b', predictionsCount: 2 }),
      ev({ debit: mayDebit, idempotencyKey: 'c', predictionsCount: 9 }),
      ev({ debit: mayDebit, idempotencyKey: 'c', predictionsCount: 9 }),
      ev({ debit: mayDebit, idempotencyKey: 'plain' }),
    ];
    const stored = [
      { keyId: KEY, idempotencyKey: 'a', debitAnswer: first },
      { keyId: KEY, idempotencyKey: 'plain', debitAnswer: null },
    ];
    const sut = planBatch(events, [counter({ predictions: 7, limit: 10 })], stored);
    expect(sut.outcomes).toEqual([
      { kind: 'debited', ...first },
      { kind: 'debited', predictions_this_month: 9, monthly_prediction_limit: 10 },
      { kind: 'debited', predictions_this_month: 9, monthly_prediction_limit: 10 },
      { kind: 'refused', used: 9, requested: 9, limit: 10 },
      { kind: 'refused', used: 9, requested: 9, limit: 10 },
      // Its key was first used by a plain record: acknowledged with the month's count as it stands.
      { kind: 'debited', predictions_this_month: 9, monthly_prediction_limit: 10 },
    ]);
    expect(sut.rows.map((r) => r.idempotencyKey)).toEqual(['b']);
  });

  it('counts each month of a key on its own counter', () => {
    const events = [
      ev({ debit: mayDebit, predictionsCount: 3 }),
      ev({ debit: mayDebit, predictionsCount: 3, occurredAt: new Date('2026-12-01T00:00:00Z') }),
    ];
    const sut = planBatch(events, [counter({ predictions: 0 }), counter({ monthStart: DEC, predictions: 0 })], []);
    expect(sut.outcomes.map((o) => o.kind)).toEqual(['debited', 'debited']);
    expect(() => planBatch([ev({ keyId: 'other' })], [counter()], [])).toThrow(/No locked usage counter/);
  });
});
