/** Pure time rules of the diary: "today" in the tenant's zone, and whose birthday it is. */

/** The wall-clock date in a time zone. */
export function localDate(at: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

function offsetMs(at: Date, timeZone: string): number {
  const p = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const g = (t: string) => Number(p.find((x) => x.type === t)?.value);
  return (
    Date.UTC(g('year'), g('month') - 1, g('day'), g('hour'), g('minute'), g('second')) -
    at.getTime() +
    at.getMilliseconds()
  );
}

/** The UTC instant of local midnight starting the given date in the zone. */
export function zonedMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day);
  const first = guess - offsetMs(new Date(guess), timeZone);
  return new Date(guess - offsetMs(new Date(first), timeZone));
}

export interface DayWindow {
  todayStart: Date;
  tomorrowStart: Date;
  weekEnd: Date;
  month: number;
  day: number;
  year: number;
}

/** Today, tomorrow and a week ahead, as UTC instants, for a tenant in `timeZone`. */
export function dayWindow(now: Date, timeZone: string, upcomingDays = 7): DayWindow {
  const { year, month, day } = localDate(now, timeZone);
  const next = (n: number) => {
    const d = new Date(Date.UTC(year, month - 1, day + n));
    return zonedMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timeZone);
  };
  return { todayStart: next(0), tomorrowStart: next(1), weekEnd: next(upcomingDays + 1), year, month, day };
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Birthdays to greet today: Feb 29 birthdays are greeted on Feb 28 in common years. */
export function birthdayKeys(year: number, month: number, day: number): { month: number; day: number }[] {
  const keys = [{ month, day }];
  if (month === 2 && day === 28 && !isLeap(year)) keys.push({ month: 2, day: 29 });
  return keys;
}

export function ageOn(birthYear: number | null, year: number): number | null {
  return birthYear ? year - birthYear : null;
}
