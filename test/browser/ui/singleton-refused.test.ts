import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consentry } from '../../../packages/banner/src/consentry.js';

// Its own file: `consentry` is one per page, created on first use.
describe('the consentry singleton on a page without a config', () => {
  it('says once on the console what is missing, and refuses every decision without throwing', async () => {
    const original = console.error;
    const logged: string[] = [];
    console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '));
    try {
      assert.equal(consentry.get(), null);
      consentry.open();
      consentry.on('change', () => {})();
      await assert.rejects(consentry.ready(), {
        code: 'config',
        message: /no element matches data-config "#consentry-config"/,
      });
      await assert.rejects(consentry.acceptAll(), { code: 'config' });
      assert.equal(logged.length, 1, logged.join('\n'));
      assert.match(logged[0]!, /no element matches data-config "#consentry-config"/);
      assert.equal(document.querySelector('consentry-banner'), null);
    } finally {
      console.error = original;
    }
  });
});
