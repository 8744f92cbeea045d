import { DateTime } from 'luxon';

import type { WorkingHours } from '../database/schema';

export type WindowKind = 'day' | 'week' | 'month';

export interface TimeWindow {
  start: Date;
  end: Date;
}

/** The calendar day, ISO week (from Monday) or month holding `now`, in the zone; DST-aware. */
export function windowAt(kind: WindowKind, now: Date, zone: string): TimeWindow {
  const local = DateTime.fromJSDate(now, { zone });
  const start = local.startOf(kind);
  const end =
    kind === 'day'
      ? start.plus({ days: 1 })
      : kind === 'week'
        ? start.plus({ weeks: 1 })
        : start.plus({ months: 1 });
  return { start: start.toJSDate(), end: end.startOf(kind).toJSDate() };
}

export interface WorkingHoursHolder {
  timezone: string;
  workingHours: WorkingHours;
}

/** Whether `now` is inside the account's working hours (end exclusive; may span midnight). */
export function isWithinWorkingHours(account: WorkingHoursHolder, now: Date): boolean {
  const local = DateTime.fromJSDate(now, { zone: account.timezone });
  const { days, start, end } = account.workingHours;
  const minute = local.hour * 60 + local.minute;
  const [startMinute, endMinute] = [minutesOf(start), minutesOf(end)];
  if (startMinute < endMinute) {
    return days.includes(local.weekday) && minute >= startMinute && minute < endMinute;
  }
  // A window past midnight belongs to the day it started.
  if (minute >= startMinute) return days.includes(local.weekday);
  if (minute < endMinute) return days.includes(local.minus({ days: 1 }).weekday);
  return false;
}

/** `now` when inside working hours, else the start of the next working window. */
export function nextWorkingWindowStart(account: WorkingHoursHolder, now: Date): Date {
  if (isWithinWorkingHours(account, now)) return now;
  const local = DateTime.fromJSDate(now, { zone: account.timezone });
  const { days, start } = account.workingHours;
  const startMinute = minutesOf(start);
  for (let offset = 0; offset <= 7; offset++) {
    const day = local.startOf('day').plus({ days: offset });
    // Luxon moves a time inside a DST gap forward, so the window still opens that day.
    const candidate = day.set({ hour: Math.floor(startMinute / 60), minute: startMinute % 60 });
    if (days.includes(day.weekday) && candidate > local) return candidate.toJSDate();
  }
  throw new Error(`working hours of ${JSON.stringify(account.workingHours)} have no working day`);
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}
