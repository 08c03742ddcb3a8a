import parser from 'cron-parser';

/**
 * The latest occurrence of `expression` at or before `now`, read in `timeZone`, if it is not older than
 * `notBefore`. A process that was down at 02:00 still runs that night's occurrence once when it comes back;
 * a tenant created at 15:00 does not get the 02:00 run of the day it was created. Throws on an invalid
 * expression or time zone (the caller logs and skips that zone).
 */
export function latestOccurrence(expression: string, timeZone: string, now: Date, notBefore: Date): Date | null {
  // Validated explicitly: cron-parser silently falls back to UTC for an unknown zone.
  new Intl.DateTimeFormat('en', { timeZone }).format(now);
  const it = parser.parseExpression(expression, { currentDate: new Date(now.getTime() + 1), tz: timeZone });
  const at = it.prev().toDate();
  return at.getTime() >= notBefore.getTime() ? at : null;
}

/** Throws with cron-parser's message when the expression is not a five-field cron (checked at declaration). */
export function checkCron(expression: string): void {
  if (expression.trim().split(/\s+/).length !== 5) throw new Error(`cron "${expression}" must have five fields`);
  parser.parseExpression(expression);
}
