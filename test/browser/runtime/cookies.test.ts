import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { cleanUp, loadPage, SERVICES, siteConfig, start } from './helpers.js';

/** Cookies a site might hold, set on the paths and domain a tracker would use. */
const SET = [
  '_ga=1; path=/',
  '_ga_XYZ=1; path=/test/browser',
  '_pk_id.1.abcd=1; path=/test/browser/runtime/fixtures',
  '_pk_ses.1.abcd=1; path=/test/browser/runtime/fixtures/',
  '_fbp=1; path=/test',
  '_gax=1; path=/',
  'x_ga=1; path=/',
  'sid=1; path=/',
  'other=1; path=/test/browser/runtime',
];
const NAMES = SET.map((c) => c.split('=')[0]!);
const config = () => siteConfig({ services: SERVICES });

const names = (doc: Document) =>
  doc.cookie
    .split(';')
    .map((c) => c.split('=')[0]!.trim())
    .filter((name) => NAMES.includes(name))
    .sort();

function clear(doc: Document): void {
  for (const cookie of SET) {
    const [pair, path] = cookie.split('; ');
    doc.cookie = `${pair!.split('=')[0]}=; Max-Age=0; ${path}`;
  }
}

describe('cookie deletion on withdrawal', () => {
  afterEach(cleanUp);

  it('removes _ga, _ga_XYZ, _pk_id.1.abcd style cookies and only those', async () => {
    const { doc } = await loadPage();
    try {
      for (const cookie of SET) doc.cookie = cookie;
      assert.deepEqual(names(doc), [...NAMES].sort(), 'the test cookies were set');
      const api = start(doc, { config: config() });
      await api.acceptAll();
      assert.equal(names(doc).length, NAMES.length, 'consent deletes nothing');
      await api.withdraw();
      assert.deepEqual(names(doc), ['_gax', 'other', 'sid', 'x_ga']);
    } finally {
      clear(doc);
    }
  });

  it('keeps the cookies of what stays granted', async () => {
    const { doc } = await loadPage();
    try {
      for (const cookie of SET) doc.cookie = cookie;
      const api = start(doc, { config: config() });
      await api.save({ audience: true, services: { matomo: false } });
      assert.deepEqual(names(doc), ['_ga', '_ga_XYZ', '_gax', 'other', 'sid', 'x_ga']);
    } finally {
      clear(doc);
    }
  });
});
