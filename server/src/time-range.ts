/**
 * The `from`/`to` query parameters of export and stats: ISO dates or
 * datetimes on `receivedAt`; `from` is inclusive, `to` exclusive, and a
 * date-only `to` includes that whole day.
 */
import { DAY_MS } from '@consentry/core';
import { ApiError } from './api-error.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function parseInstant(name: string, text: string, endOfDay: boolean): string {
  const time = Date.parse(DATE_ONLY.test(text) ? `${text}T00:00:00.000Z` : text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(time)) {
    throw new ApiError(400, 'bad-query', `${name}: expected an ISO date or datetime, got "${text}"`);
  }
  return new Date(endOfDay && DATE_ONLY.test(text) ? time + DAY_MS : time).toISOString();
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
