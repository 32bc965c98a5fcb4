import { KnownCounters } from './known-counters';
import { PendingEvent } from './pending-event';

const NOV = Date.UTC(2026, 10, 1);
const DEC = Date.UTC(2026, 11, 1);

function row(keyId: string, predictionsCount: number, occurredAt = new Date('2026-11-20T00:00:00Z')): PendingEvent {
  return {
    keyId,
    serviceId: 'platform',
    endpoint: '/p',
    statusCode: 0,
    responseTimeMs: 0,
    predictionsCount,
    computeMs: 0,
    modelId: null,
    idempotencyKey: 'i',
    occurredAt,
  };
}

describe('KnownCounters', () => {
  const counter = (keyId: string, monthStart = NOV, predictions = 5) => ({
    keyId,
    monthStart,
    predictions,
    plan: 'free',
    limit: 10,
  });

  it('guesses nothing until every month of the flush is known', () => {
    const sut = new KnownCounters();
    sut.remember({ counters: [counter('a')], stored: [] }, []);
    expect(
      sut.guess([
        { keyId: 'a', monthStart: NOV },
        { keyId: 'b', monthStart: NOV },
      ]),
    ).toBeUndefined();
    expect(sut.guess([{ keyId: 'a', monthStart: DEC }])).toBeUndefined();
    expect(sut.guess([{ keyId: 'a', monthStart: NOV }])).toEqual({ counters: [counter('a')], stored: [] });
  });

  it('adds what a flush committed to the state it planned on, per key and month', () => {
    const sut = new KnownCounters();
    const state = { counters: [counter('a'), counter('a', DEC, 0), counter('b')], stored: [] };
    sut.remember(state, [row('a', 2), row('a', 1), row('a', 4, new Date('2026-12-02T00:00:00Z'))]);
    expect(state.counters[0].predictions).toBe(5);
    expect(sut.guess([{ keyId: 'a', monthStart: NOV }])?.counters[0].predictions).toBe(8);
    expect(sut.guess([{ keyId: 'a', monthStart: DEC }])?.counters[0].predictions).toBe(4);
    expect(sut.guess([{ keyId: 'b', monthStart: NOV }])?.counters[0].predictions).toBe(5);
  });

  it('moves known counters by plain events and leaves unknown ones unknown', () => {
    const sut = new KnownCounters();
    sut.remember({ counters: [counter('a')], stored: [] }, []);
    sut.add([row('a', 3), row('c', 7)]);
    expect(sut.guess([{ keyId: 'a', monthStart: NOV }])?.counters[0].predictions).toBe(8);
    expect(sut.guess([{ keyId: 'c', monthStart: NOV }])).toBeUndefined();
  });

  it('tells a counter another writer moved, and guesses nothing on it while it is contended', () => {
    const sut = new KnownCounters();
    sut.remember({ counters: [counter('a'), counter('b')], stored: [] }, [row('a', 2)]);
    expect(sut.movedByOthers([counter('a', NOV, 7), counter('b')])).toBe(false);
    expect(sut.movedByOthers([counter('a', NOV, 9)])).toBe(true);
    expect(sut.movedByOthers([{ ...counter('b'), limit: 20 }])).toBe(true);
    expect(sut.movedByOthers([counter('c', NOV, 1)])).toBe(false);
    sut.remember({ counters: [counter('a', NOV, 9)], stored: [] }, [], true);
    expect(sut.guess([{ keyId: 'a', monthStart: NOV }])).toBeUndefined();
    expect(sut.guess([{ keyId: 'b', monthStart: NOV }])).toBeDefined();
    sut.remember({ counters: [counter('a', NOV, 9)], stored: [] }, []);
    expect(sut.guess([{ keyId: 'a', monthStart: NOV }])?.counters[0].predictions).toBe(9);
  });
});
