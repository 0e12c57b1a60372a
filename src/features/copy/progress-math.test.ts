import { describe, expect, it } from 'vitest';
import { estimateRemainingMs, formatDuration, isStalled, nextPollInterval, remainingAt, type Sample } from './progress-math';

const s = (at: number, progress: number, state = 'pending'): Sample => ({ at, progress, state });

describe('ETA', () => {
  it('extrapolates the recent rate', () => {
    expect(estimateRemainingMs([s(0, 10), s(10_000, 20)])).toBe(80_000);
    expect(estimateRemainingMs([s(0, 0, 'in-queue'), s(5_000, 0), s(15_000, 50)])).toBe(10_000);
  });
  it('uses only the recent window, so a slowdown shows', () => {
    const samples = [s(0, 0), s(60_000, 60), s(300_000, 62), s(360_000, 64)];
    expect(estimateRemainingMs(samples, 60_000)).toBe(1_080_000);
  });
  it('is unknown before progress moves, and once done', () => {
    expect(estimateRemainingMs([s(0, 5)])).toBeUndefined();
    expect(estimateRemainingMs([s(0, 5), s(5000, 5)])).toBeUndefined();
    expect(estimateRemainingMs([s(0, 5), s(5000, 100, 'completed')])).toBeUndefined();
    expect(estimateRemainingMs([])).toBeUndefined();
  });
});

describe('ETA shown', () => {
  const samples = [s(0, 10), s(10_000, 20)];
  it('counts down between polls instead of standing still', () => {
    expect(remainingAt(samples, 10_000, false)).toBe(80_000);
    expect(remainingAt(samples, 25_000, false)).toBe(65_000);
    expect(remainingAt(samples, 40_000, false)).toBe(50_000);
  });
  it('is unknown while throttled, or once the last answer is over 30 s old', () => {
    expect(remainingAt(samples, 12_000, true)).toBe('unknown');
    expect(remainingAt(samples, 40_001, false)).toBe('unknown');
  });
  it('never goes below zero, and is undefined without an estimate', () => {
    expect(remainingAt([s(0, 10), s(10_000, 90)], 30_000, false)).toBe(0);
    expect(remainingAt([s(0, 5)], 1000, true)).toBeUndefined();
  });
});

describe('stalled', () => {
  it('marks a pending copy whose progress has not moved for a minute', () => {
    const samples = [s(0, 10), s(10_000, 20), s(20_000, 20), s(70_000, 20)];
    expect(isStalled(samples, 69_999)).toBe(false);
    expect(isStalled(samples, 70_000)).toBe(true);
    expect(isStalled([...samples, s(80_000, 21)], 80_000)).toBe(false);
  });
  it('gives a queued copy five minutes, and never marks a finished one', () => {
    expect(isStalled([s(0, 0, 'in-queue'), s(200_000, 0, 'in-queue')], 240_000)).toBe(false);
    expect(isStalled([s(0, 0, 'in-queue'), s(200_000, 0, 'in-queue')], 300_000)).toBe(true);
    expect(isStalled([s(0, 100, 'completed')], 10_000_000)).toBe(false);
  });
});

describe('poll interval', () => {
  it('starts near 2 s, backs off while nothing moves, up to 15 s', () => {
    let interval = 2000;
    const seen = [];
    for (let i = 0; i < 8; i++) seen.push((interval = nextPollInterval(interval, 'still')));
    expect(seen).toEqual([3000, 4500, 6750, 10125, 15000, 15000, 15000, 15000]);
    expect(nextPollInterval(15_000, 'moved')).toBe(2000);
  });
  it('backs off harder while throttled, from 5 s to 60 s', () => {
    expect(nextPollInterval(2000, 'throttled')).toBe(5000);
    expect(nextPollInterval(5000, 'throttled')).toBe(10_000);
    expect(nextPollInterval(40_000, 'throttled')).toBe(60_000);
  });
});

describe('formatDuration', () => {
  it.each([[0, '0 s'], [59_400, '59 s'], [61_000, '1 min 01 s'], [3_720_000, '1 h 02 min']])('%i ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
