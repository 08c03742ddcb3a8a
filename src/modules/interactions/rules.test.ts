import { describe, expect, it } from 'vitest';
import { birthdayKeys, dayWindow, localDate, zonedMidnight } from './rules.ts';

describe('time in the business time zone', () => {
  it('puts 23:30 UTC on the next day in Shanghai and Tokyo', () => {
    const at = new Date('2026-11-22T23:30:00Z');
    expect(localDate(at, 'Asia/Shanghai')).toEqual({ year: 2026, month: 11, day: 23 });
    expect(localDate(at, 'Asia/Tokyo')).toEqual({ year: 2026, month: 11, day: 23 });
    expect(localDate(at, 'UTC')).toEqual({ year: 2026, month: 11, day: 22 });
  });
  it('finds local midnight', () => {
    expect(zonedMidnight(2026, 11, 23, 'Asia/Shanghai').toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(zonedMidnight(2026, 11, 23, 'Asia/Tokyo').toISOString()).toBe('2026-11-22T15:00:00.000Z');
    expect(zonedMidnight(2026, 3, 29, 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
  });
  it('builds today / tomorrow / a week ahead', () => {
    const w = dayWindow(new Date('2026-11-22T15:30:00Z'), 'Asia/Tokyo');
    expect([w.todayStart.toISOString(), w.tomorrowStart.toISOString()]).toEqual([
      '2026-11-22T15:00:00.000Z',
      '2026-11-23T15:00:00.000Z',
    ]);
  });
  it('greets Feb 29 birthdays on Feb 28 in common years only', () => {
    expect(birthdayKeys(2027, 2, 28)).toEqual([
      { month: 2, day: 28 },
      { month: 2, day: 29 },
    ]);
    expect(birthdayKeys(2028, 2, 28)).toEqual([{ month: 2, day: 28 }]);
    expect(birthdayKeys(2028, 2, 29)).toEqual([{ month: 2, day: 29 }]);
  });
});
