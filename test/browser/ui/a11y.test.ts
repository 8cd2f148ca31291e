import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { emulateMedia } from '@web/test-runner-commands';
import { axeViolations, banner, cleanup, part, preferences, start } from './support.js';

afterEach(cleanup);
after(() => emulateMedia({ colorScheme: 'light' }));

/** Both ways to get each theme: the visitor's prefers-color-scheme, and the site's forced `theme.mode`. */
const CASES = [
  { lang: 'en', scheme: 'light', mode: 'auto' },
  { lang: 'en', scheme: 'dark', mode: 'auto' },
  { lang: 'fr', scheme: 'dark', mode: 'light' },
  { lang: 'fr', scheme: 'light', mode: 'dark' },
] as const;

describe('accessibility (axe-core, WCAG 2.2 AA tags)', () => {
  for (const { lang, scheme, mode } of CASES) {
    const theme = mode === 'auto' ? scheme : mode;
    it(`banner and dialog have no violation — ${lang}, ${theme} (${mode === 'auto' ? 'prefers-color-scheme' : 'forced'})`, async () => {
      await emulateMedia({ colorScheme: scheme });
      document.documentElement.lang = lang;
      document.title = 'Consentry accessibility test';
      await start({ theme: { mode } });
      const el = await banner();
      assert.equal(part(el, 'accept-all').textContent?.trim(), lang === 'fr' ? 'Tout accepter' : 'Accept all');
      const background = getComputedStyle(part(el, 'banner')).backgroundColor;
      assert.equal(background, theme === 'dark' ? 'rgb(29, 31, 35)' : 'rgb(255, 255, 255)');
      const onBanner = await axeViolations();
      assert.deepEqual(onBanner, [], onBanner.join('\n'));
      part(el, 'customize').click();
      const prefs = await preferences();
      for (const details of prefs.shadowRoot!.querySelectorAll('details')) details.open = true;
      part(prefs, 'audience').querySelector<HTMLElement>('[role="switch"]')!.click();
      await prefs.updateComplete;
      const onDialog = await axeViolations();
      assert.deepEqual(onDialog, [], onDialog.join('\n'));
    });
  }
});
