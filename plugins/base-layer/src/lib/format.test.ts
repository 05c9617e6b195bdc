import { formatAge, formatRelativeTime, shortRevision } from './format';

describe('formatAge', () => {
  it.each([
    [0, '0s'],
    [59, '59s'],
    [60, '1m'],
    [3599, '59m'],
    [3600, '1h'],
    [3900, '1h 5m'],
    [2 * 86400 + 5, '2d'],
  ])('%d s -> %s', (seconds, expected) => {
    expect(formatAge(seconds)).toBe(expected);
  });
});

describe('formatRelativeTime', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');

  it('says how long ago the timestamp was', () => {
    expect(formatRelativeTime('2024-05-01T11:50:00Z', now)).toBe('10m ago');
    expect(formatRelativeTime('2024-05-01T11:59:58Z', now)).toBe('just now');
  });

  it('returns undefined for a missing or broken timestamp', () => {
    expect(formatRelativeTime(undefined, now)).toBeUndefined();
    expect(formatRelativeTime('yesterday', now)).toBeUndefined();
  });
});

describe('shortRevision', () => {
  it('shortens a full git sha', () => {
    expect(shortRevision('0123456789abcdef0123456789abcdef01234567')).toBe(
      '0123456',
    );
  });

  it('keeps tags and chart versions', () => {
    expect(shortRevision('v1.2.3')).toBe('v1.2.3');
    expect(shortRevision(undefined)).toBeUndefined();
  });
});
