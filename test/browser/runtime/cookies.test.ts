import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { cleanUp, loadPage, SERVICES, siteConfig, start, unique, waitFor } from './helpers.js';

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

  it('a withdrawal in another tab deletes the cookies only this tab can see', async () => {
    const site = config();
    const dbName = unique('db');
    const a = await loadPage();
    // Tab B is on another path, and holds a cookie set on that path only: tab A cannot see it.
    const frame = document.createElement('iframe');
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.src = new URL('./fixtures/frame.html', import.meta.url).pathname;
    document.body.append(frame);
    await loaded;
    const b = frame.contentDocument!;
    const ONLY_B = '_pk_id.9.beef';
    try {
      b.cookie = `${ONLY_B}=1; path=${frame.contentWindow!.location.pathname}`;
      assert.ok(!a.doc.cookie.includes(ONLY_B) && b.cookie.includes(ONLY_B), 'only tab B sees it');
      const apiA = start(a.doc, { config: site, dbName });
      const apiB = start(b, { config: site, dbName });
      await apiB.ready();
      await apiA.acceptAll();
      await waitFor(() => apiB.get()?.audience === true, 5000, 'the consent to reach tab B');
      await apiA.withdraw();
      await waitFor(() => !b.cookie.includes(ONLY_B), 5000, 'tab B to delete its cookie');
    } finally {
      b.cookie = `${ONLY_B}=; Max-Age=0; path=${frame.contentWindow!.location.pathname}`;
      frame.remove();
    }
  });
});
