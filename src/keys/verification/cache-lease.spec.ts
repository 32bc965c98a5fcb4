import { CacheLease } from './cache-lease';

describe('CacheLease', () => {
  let now: number;
  let regained: number;
  const lease = () =>
    new CacheLease(
      1000,
      () => regained++,
      () => now,
    );

  beforeEach(() => {
    now = 10_000;
    regained = 0;
  });

  it('is not held before any heartbeat came back', () => {
    expect(lease().held).toBe(false);
  });

  it('lasts the lease from the heartbeat send time, not from when it was heard', () => {
    const sut = lease();
    sut.heard(now - 300);
    expect(sut.held).toBe(true);
    now += 699;
    expect(sut.held).toBe(true);
    now += 1;
    expect(sut.held).toBe(false);
  });

  it('a heartbeat older than the lease grants nothing', () => {
    const sut = lease();
    sut.heard(now - 1000);
    expect(sut.held).toBe(false);
    expect(regained).toBe(0);
  });

  it('drops every snapshot when regained after a gap, not on each renewal', () => {
    const sut = lease();
    sut.heard(now);
    now += 250;
    sut.heard(now);
    expect(regained).toBe(1);
    now += 2000;
    sut.heard(now);
    expect(regained).toBe(2);
  });

  it('ends at once when the subscription drops, and regaining it counts as a gap', () => {
    const sut = lease();
    sut.heard(now);
    sut.lose();
    expect(sut.held).toBe(false);
    sut.heard(now);
    expect(sut.held).toBe(true);
    expect(regained).toBe(2);
  });

  it('a late heartbeat never shortens a lease', () => {
    const sut = lease();
    sut.heard(now);
    sut.heard(now - 500);
    now += 900;
    expect(sut.held).toBe(true);
  });
});
