import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimeRange } from '../../server/src/time-range.js';

const from = (text: string) => parseTimeRange(text, undefined).from;
const to = (text: string) => parseTimeRange(undefined, text).to;

describe('export and stats ranges (from / to)', () => {
  it('reads a date as UTC and a datetime at its offset; a date-only `to` includes its day', () => {
    assert.equal(from('2026-01-31'), '2026-01-31T00:00:00.000Z');
    assert.equal(to('2026-01-31'), '2026-02-01T00:00:00.000Z');
    assert.equal(from('2026-01-31T12:00:00Z'), '2026-01-31T12:00:00.000Z');
    assert.equal(from('2026-01-31T13:00+01:00'), '2026-01-31T12:00:00.000Z');
    assert.equal(from('2026-01-31T13:00 01:00'), '2026-01-31T12:00:00.000Z', 'a + a query string decoded');
    assert.equal(from('2026-01-31T07:30:00.25-04:30'), '2026-01-31T12:00:00.250Z');
    assert.equal(from('2026-03-01T10:00:00.005123Z'), '2026-03-01T10:00:00.005Z');
    assert.equal(to('2026-01-31T12:00:00Z'), '2026-01-31T12:00:00.000Z', 'a datetime `to` is exact');
  });

  it('keeps the last day of year 9999 comparable with stored times (no +010000)', () => {
    assert.equal(to('9999-12-31'), '9999-12-31T23:59:59.999Z');
    assert.deepEqual(parseTimeRange('2020-01-01', '9999-12-31'), {
      from: '2020-01-01T00:00:00.000Z',
      to: '9999-12-31T23:59:59.999Z',
    });
  });

  it('refuses, naming the parameter, what would otherwise be read as another time', () => {
    for (const text of [
      '2026-01-01T00:00:00', // no offset: the server's time zone would decide
      '2026-01-01junk', // Date.parse reads "jun" as June
      '2026-02-30', // rolled over to March 2
      '2026-04-31',
      '2026-13-01',
      '2026-01-01T24:00Z',
      '2026-01-01T12:60Z',
      '2026-01-01T12:00:60Z',
      '2026-01-01T12:00+24:00',
      '2026-1-1',
      'yesterday',
      '2026-01-01 12:00Z',
    ]) {
      assert.throws(
        () => parseTimeRange(text, undefined),
        (e: { status?: number; code?: string; message?: string }) =>
          e.status === 400 && e.code === 'bad-query' && e.message!.startsWith('from: ') && e.message!.includes(text),
        text,
      );
    }
    assert.throws(() => parseTimeRange(undefined, '2026-02-29'), /to: expected an ISO date/);
  });

  it('refuses a reversed range', () => {
    assert.throws(() => parseTimeRange('2026-03-04', '2026-03-02'), /is after to/);
  });
});
