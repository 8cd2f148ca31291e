/**
 * The `from`/`to` query parameters of export and stats: an ISO date
 * (`2026-01-31`, UTC) or a datetime with its offset (`2026-01-31T12:00:00Z`,
 * `2026-01-31T13:00+01:00`), on `receivedAt`; `from` is inclusive, `to`
 * exclusive, and a date-only `to` includes that whole day.
 *
 * Strict on purpose: an audit's range must mean one thing. A datetime without
 * an offset (which the server's time zone would read), a day that does not
 * exist (`2026-02-30`) or trailing text (`2026-01-01junk`, which `Date.parse`
 * reads as June) is refused, never read as something else.
 */
import { DAY_MS } from '@consentry/core';
import { ApiError } from './api-error.js';

// A space before the offset's hours is a `+` that a query string decoded (`?from=…T13:00+01:00`).
const INSTANT = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+\- ]\d{2}:\d{2}))?$/;
/** The instants every bound stays within, so that it compares as text with stored times (years 0000–9999). */
const EARLIEST = Date.parse('0000-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

function parseInstant(name: string, text: string, endOfDay: boolean): string {
  const bad = () =>
    new ApiError(
      400,
      'bad-query',
      `${name}: expected an ISO date (2026-01-31) or a datetime with its offset (2026-01-31T12:00:00Z), got "${text}"`,
    );
  const m = INSTANT.exec(text);
  if (!m) throw bad();
  const [, date, hours = '00', minutes = '00', seconds = '00', fraction = '', zone = 'Z'] = m;
  const wall = `${date}T${hours}:${minutes}:${seconds}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
  const time = Date.parse(wall);
  // Date.parse rolls 2026-02-30 over to March 2; reading it back tells.
  if (Number.isNaN(time) || new Date(time).toISOString() !== wall) throw bad();
  let offset = 0;
  if (zone !== 'Z') {
    const [h, min] = zone.slice(1).split(':').map(Number) as [number, number];
    if (h > 23 || min > 59) throw bad();
    offset = (zone[0] === '-' ? -1 : 1) * (h * 60 + min) * 60_000;
  }
  const instant = time - offset + (endOfDay && m[2] === undefined ? DAY_MS : 0);
  return new Date(Math.min(Math.max(instant, EARLIEST), LATEST)).toISOString();
}

export interface TimeRange {
  from?: string;
  to?: string;
}

/** Parses the optional bounds; throws a 400 naming the bad parameter. */
export function parseTimeRange(from: string | undefined, to: string | undefined): TimeRange {
  const range: TimeRange = {
    ...(from ? { from: parseInstant('from', from, false) } : {}),
    ...(to ? { to: parseInstant('to', to, true) } : {}),
  };
  // A reversed range is a mistake, not an empty answer (stats and export would read it differently).
  if (range.from && range.to && range.from > range.to) {
    throw new ApiError(400, 'bad-query', `from: "${from}" is after to: "${to}"`);
  }
  return range;
}
