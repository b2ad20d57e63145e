/**
 * TWS's own schedule, as the trader set it in TWS / IB Gateway: the daily auto-restart time in TWS's time zone,
 * how long a restart takes, and the weekday whose restart ends at the login dialog (IBKR's weekly re-authentication,
 * Sunday). From it: whether an outage at some instant is TWS restarting, and when it is expected back.
 *
 * Time zones are IANA names (America/New_York, Europe/Zurich…), resolved with Intl (this runs a few times per
 * connection event, never per tick).
 */

export interface RestartSchedule {
  /** "HH:MM" in `timeZone`, or null when TWS does not restart itself (or the trader did not say when). */
  dailyAt: string | null;
  timeZone: string;
  /** How long a restart usually takes (TWS: one to three minutes; IB Gateway with IBC a little longer). */
  expectedMinutes: number;
  /** Weekday (0 = Sunday) whose restart needs a person to log in; null when not known. */
  weeklyLoginDay: number | null;
}

/** A restart the schedule knows: when it begins, when TWS should answer again, and whether a login is needed. */
export interface ScheduledRestart {
  at: number;
  expectedBackAt: number;
  weekly: boolean;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTE = 60_000;
/** An outage that starts this long before the restart time still counts as the restart (TWS closes sockets first). */
const EARLY_MS = 2 * MINUTE;

export function isValidRestartTime(text: string): boolean {
  return HHMM.test(text);
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function partsIn(zone: string, ms: number): ZonedParts {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short',
    });
    formatters.set(zone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(ms)) p[part.type] = part.value;
  return { year: +p.year!, month: +p.month!, day: +p.day!, hour: +p.hour!, minute: +p.minute!, weekday: WEEKDAYS[p.weekday!] ?? 0 };
}

/** The instant at which the clock in `zone` reads (year, month, day, hour, minute); days may overflow. */
function zonedInstant(zone: string, year: number, month: number, day: number, hour: number, minute: number): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  // Two corrections settle any zone's offset (the second one only matters across a DST change).
  let t = naive;
  for (let i = 0; i < 2; i++) {
    const p = partsIn(zone, t);
    t += naive - Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  }
  return t;
}

/** The restarts of the calendar days around `ms` (yesterday, today, tomorrow in TWS's zone), in order. */
function restartsAround(s: RestartSchedule, ms: number): ScheduledRestart[] {
  if (!s.dailyAt) return [];
  const m = HHMM.exec(s.dailyAt);
  if (!m) return [];
  const today = partsIn(s.timeZone, ms);
  const out: ScheduledRestart[] = [];
  for (const offset of [-1, 0, 1]) {
    const at = zonedInstant(s.timeZone, today.year, today.month, today.day + offset, Number(m[1]), Number(m[2]));
    const weekly = s.weeklyLoginDay !== null && partsIn(s.timeZone, at).weekday === s.weeklyLoginDay;
    out.push({ at, expectedBackAt: at + s.expectedMinutes * MINUTE, weekly });
  }
  return out;
}

/** The restart an outage that began at `lostAt` belongs to, or undefined when it is no scheduled restart. */
export function restartCovering(s: RestartSchedule, lostAt: number): ScheduledRestart | undefined {
  return restartsAround(s, lostAt).find((r) => lostAt >= r.at - EARLY_MS && lostAt <= r.expectedBackAt);
}

/** The next scheduled restart after `ms`. */
export function nextRestart(s: RestartSchedule, ms: number): ScheduledRestart | undefined {
  return restartsAround(s, ms).find((r) => r.at > ms);
}

/** "23:45 America/New_York": how the schedule names a restart time to a trader. */
export function describeInstant(s: RestartSchedule, ms: number): string {
  const p = partsIn(s.timeZone, ms);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')} ${s.timeZone}`;
}
