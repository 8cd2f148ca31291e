import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { boot, startConsentry } from '../../../packages/banner/src/boot.js';
import { CONFIG, cleanup, pageControl, part, preferences, until } from './support.js';

let errors: string[] = [];
const consoleError = console.error;

beforeEach(() => {
  errors = [];
  console.error = (...args: unknown[]) => {
    errors.push(args.map(String).join(' '));
  };
});

afterEach(async () => {
  console.error = consoleError;
  for (const el of document.querySelectorAll('script[data-config], #consentry-config')) el.remove();
  (window.consentry as { destroy?: () => void } | undefined)?.destroy?.();
  window.consentry = undefined;
  await cleanup();
});

let run = 0;
/** Puts the config and the script tag in the page, as a site does. */
function page(config: string) {
  const json = document.createElement('script');
  json.type = 'application/json';
  json.id = 'consentry-config';
  json.textContent = config;
  const script = document.createElement('script');
  script.type = 'text/plain';
  script.dataset.config = '#consentry-config';
  document.body.append(json, script);
  return { script, dbName: `consentry-boot-${Date.now()}-${run++}` };
}

describe('script-tag boot', () => {
  it('reads the config, exposes window.consentry, shows the banner and wires [data-consentry-open]', async () => {
    const site = `boot-${Date.now()}`;
    const api = await boot(page(JSON.stringify({ ...CONFIG, site, theme: { mode: 'dark' } })));
    assert.ok(api);
    assert.equal(window.consentry, api);
    const el = document.querySelector('consentry-banner');
    assert.ok(el, 'the banner is inserted');
    assert.equal(document.body.firstElementChild, el, 'first in the tab order');
    assert.equal(el.getAttribute('theme'), 'dark');
    await el.updateComplete;
    assert.equal(part(el, 'accept-all').textContent?.trim(), 'Accept all');
    pageControl().click();
    await preferences();
    assert.deepEqual(errors, []);
  });

  it('refuses malformed JSON without breaking the page: no banner, the console says why', async () => {
    const api = await boot(page('{ "site": "example", '));
    assert.equal(api, undefined);
    assert.equal(document.querySelector('consentry-banner'), null);
    assert.match(errors.join('\n'), /not valid JSON/);
    await assert.rejects(window.consentry!.rejectAll(), { code: 'config', message: /not valid JSON/ });
  });

  it('names the bad field of a config with the wrong shape', async () => {
    const bad = { ...CONFIG, services: [{ id: 'x', tier: 'marketing', name: 'X' }] };
    const seen: string[] = [];
    const onError = (e: Event) => seen.push((e as CustomEvent).detail.code);
    document.addEventListener('consentry-error', onError);
    const api = await boot(page(JSON.stringify(bad)));
    document.removeEventListener('consentry-error', onError);
    assert.equal(api, undefined);
    assert.equal(document.querySelector('consentry-banner'), null);
    assert.match(errors.join('\n'), /services\[0\]\.tier/);
    assert.equal(errors.length, 1, 'said once');
    assert.deepEqual(seen, ['config']);
    // The page's own calls keep working: window.consentry is there, and refuses.
    const refused = window.consentry;
    assert.ok(refused, 'window.consentry is set');
    assert.equal(refused.get(), null);
    refused.open();
    refused.on('change', () => {})();
    await assert.rejects(refused.ready(), (e: { code?: string; errors?: { path: string }[] }) => {
      assert.equal(e.code, 'config');
      assert.deepEqual(
        e.errors?.map((f) => f.path),
        ['services[0].tier'],
      );
      return true;
    });
    await assert.rejects(refused.acceptAll(), { code: 'config' });
    assert.deepEqual(await refused.proofs(), []);
  });

  it('joins the runtime an SPA module started first instead of starting a second one', async () => {
    const site = `joined-${Date.now()}`;
    const { script, dbName } = page(JSON.stringify({ ...CONFIG, site }));
    const first = startConsentry({ config: { ...CONFIG, site }, dbName });
    window.consentry = first.api;
    await first.mounted;
    assert.equal(await boot({ script, dbName }), first.api);
    assert.equal(window.consentry, first.api);
    assert.equal(document.querySelectorAll('consentry-banner').length, 1, 'one banner');
  });

  it('opens the dialog asked for before the UI is mounted (an early click while the texts load)', async () => {
    const site = `early-${Date.now()}`;
    const { api, mounted } = startConsentry({ config: { ...CONFIG, site, locale: 'fr' }, dbName: `early-${run++}` });
    // The French texts are a chunk of their own: they are still on their way here.
    api.open();
    const prefs = await preferences();
    assert.equal(part(prefs, 'reject-all').textContent?.trim(), 'Tout refuser');
    await mounted;
  });

  it('names a data-config that matches nothing', async () => {
    const { script } = page('{}');
    script.dataset.config = '#nowhere';
    assert.equal(await boot({ script }), undefined);
    await until(() => errors.length, 'an error');
    assert.match(errors[0]!, /#nowhere/);
  });
});
