import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { banner, cleanup, focused, pageControl, part, proofsStored, shiftTab, start, until } from './support.js';

const STYLE_PROPS = [
  'font-family',
  'font-size',
  'font-weight',
  'line-height',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'color',
  'background-color',
  'border-top-width',
  'border-top-style',
  'border-top-color',
  'border-radius',
  'text-transform',
];

afterEach(cleanup);

/** A page of 40 focusable rows, 40 px each, taller than the 1280×720 viewport. */
async function tallPage(row: (i: number) => HTMLElement): Promise<HTMLElement> {
  await setViewport({ width: 1280, height: 720 });
  const page = document.createElement('div');
  page.className = 'fixture';
  for (let i = 0; i < 40; i++) {
    const el = row(i);
    el.style.display = 'block';
    el.style.height = '40px';
    page.append(el);
  }
  document.body.append(page);
  return page;
}

describe('<consentry-banner>', () => {
  it('shows a title, each purpose, the privacy policy and the three buttons', async () => {
    await start();
    const el = await banner();
    assert.equal(part(el, 'title').textContent, 'Your choice about cookies');
    const purposes = part(el, 'purposes').textContent ?? '';
    assert.match(purposes, /Audience measurement/);
    assert.match(purposes, /Advertising/);
    assert.equal(part<HTMLAnchorElement>(el, 'privacy-link').getAttribute('href'), '/privacy');
    assert.equal(part(el, 'accept-all').textContent?.trim(), 'Accept all');
    assert.equal(part(el, 'reject-all').textContent?.trim(), 'Reject all');
    assert.equal(part(el, 'customize').textContent?.trim(), 'Customize');
    assert.match(part(el, 'banner').textContent ?? '', /counts as a refusal/);
  });

  it('gives "Accept all" and "Reject all" the same element, font, padding, colours, border and box size', async () => {
    await start();
    const el = await banner();
    const accept = part(el, 'accept-all');
    const reject = part(el, 'reject-all');
    assert.equal(accept.localName, reject.localName);
    const a = getComputedStyle(accept);
    const r = getComputedStyle(reject);
    for (const prop of STYLE_PROPS) assert.equal(a.getPropertyValue(prop), r.getPropertyValue(prop), prop);
    const ab = accept.getBoundingClientRect();
    const rb = reject.getBoundingClientRect();
    assert.equal(ab.width, rb.width);
    assert.equal(ab.height, rb.height);
    for (const button of [accept, reject, part(el, 'customize'), part(el, 'close')]) {
      const box = button.getBoundingClientRect();
      assert.ok(box.width >= 24 && box.height >= 24, `${button.getAttribute('part')} is at least 24×24`);
    }
  });

  it('is themable through --consentry-* properties and ::part', async () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(
      'consentry-banner { --consentry-accent: rgb(0, 100, 0); --consentry-radius: 0px } consentry-banner::part(title) { letter-spacing: 2px }',
    );
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    try {
      await start();
      const el = await banner();
      const accept = getComputedStyle(part(el, 'accept-all'));
      assert.equal(accept.backgroundColor, 'rgb(0, 100, 0)');
      assert.equal(accept.borderTopLeftRadius, '0px');
      assert.equal(getComputedStyle(part(el, 'title')).letterSpacing, '2px');
    } finally {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
  });

  it('records the × control as a refusal (dismiss) and hides', async () => {
    const { api } = await start();
    const el = await banner();
    part(el, 'close').click();
    const proofs = await proofsStored(api);
    assert.deepEqual(api.get(), { essential: true, audience: false, advertising: false, services: {} });
    assert.equal(proofs.at(-1)?.proof.action, 'dismiss');
    await el.updateComplete;
    assert.equal(el.shadowRoot?.querySelector('[part~="banner"]'), null);
  });

  it('records Escape as a refusal (dismiss)', async () => {
    const { api } = await start();
    const el = await banner();
    part(el, 'accept-all').focus();
    await sendKeys({ press: 'Escape' });
    const proofs = await proofsStored(api);
    assert.equal(api.get()?.audience, false);
    assert.equal(api.get()?.advertising, false);
    assert.equal(proofs.at(-1)?.proof.action, 'dismiss');
  });

  it('works with the keyboard alone: Tab reaches the buttons, Shift+Tab goes back, Enter accepts', async () => {
    const { api } = await start({ manageButton: false });
    const el = await banner();
    (document.activeElement as HTMLElement | null)?.blur();
    await sendKeys({ press: 'Tab' });
    assert.equal(focused()?.getAttribute('part'), 'close', 'the banner comes first in the tab order');
    await sendKeys({ press: 'Tab' });
    assert.equal(focused()?.getAttribute('part'), 'privacy-link');
    await sendKeys({ press: 'Tab' });
    assert.equal(focused()?.getAttribute('part'), 'accept-all');
    await sendKeys({ press: 'Tab' });
    assert.equal(focused()?.getAttribute('part'), 'reject-all');
    await shiftTab();
    assert.equal(focused()?.getAttribute('part'), 'accept-all');
    await sendKeys({ press: 'Enter' });
    await proofsStored(api);
    assert.deepEqual(api.get(), { essential: true, audience: true, advertising: true, services: {} });
    await el.updateComplete;
    assert.equal(el.shadowRoot?.querySelector('[part~="banner"]'), null);
  });

  it('adds the floating "Manage cookies" button unless the page has its own control or the config says no', async () => {
    // RULES.md 9: a way back to the choice from every page. start() resolves once the UI is placed.
    await start();
    assert.ok(document.querySelector('consentry-manage'), 'a page without a control gets the button');
    // A control the page renders later (an SPA's footer) takes over.
    const own = pageControl();
    await until(() => !document.querySelector('consentry-manage'), 'the floating button to go');
    await cleanup();
    document.body.append(own);
    await start();
    assert.equal(document.querySelector('consentry-manage'), null, 'the page has its own control');
    await cleanup();
    await start({ manageButton: false });
    assert.equal(document.querySelector('consentry-manage'), null, 'manageButton: false');
    await cleanup();
    document.body.append(own);
    await start({ manageButton: true });
    assert.ok(document.querySelector('consentry-manage'), 'manageButton: true, beside the page control');
    own.remove();
    document.body.append(own);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(document.querySelector('consentry-manage'), 'asked for: it stays');
  });

  it('gives focus to the manage button when a decision by keyboard removes the banner', async () => {
    await start({ manageButton: true });
    const el = await banner();
    part(el, 'reject-all').focus();
    await sendKeys({ press: 'Enter' });
    const manage = await until(() => document.querySelector('consentry-manage'), 'the manage button');
    await until(() => focused() === part(manage, 'manage'), 'focus on the manage button');
    assert.equal(el.shadowRoot?.querySelector('[part~="banner"]'), null, 'the banner is gone');
  });

  it('is fixed at the bottom, moves nothing, and never hides the focused element', async () => {
    const page = await tallPage((i) =>
      Object.assign(document.createElement('a'), { href: `#l${i}`, textContent: `Link ${i}` }),
    );
    const before = page.getBoundingClientRect().top;
    await start();
    const el = await banner();
    const panel = part(el, 'banner');
    assert.equal(getComputedStyle(panel).position, 'fixed');
    assert.equal(page.getBoundingClientRect().top, before, 'no layout shift');
    assert.ok(Math.abs(panel.getBoundingClientRect().bottom - innerHeight) < 1);
    await until(() => getComputedStyle(document.documentElement).scrollPaddingBottom !== 'auto', 'scroll padding');
    for (const i of [10, 14, 39]) {
      const link = page.children[i] as HTMLElement;
      link.focus();
      const top = panel.getBoundingClientRect().top;
      assert.ok(link.getBoundingClientRect().bottom <= top + 0.5, `link ${i} is above the banner`);
    }
  });

  it('scrolls what already has focus above the banner when it shows', async () => {
    const page = await tallPage((i) => Object.assign(document.createElement('input'), { ariaLabel: `Field ${i}` }));
    const last = page.lastElementChild as HTMLInputElement;
    // Focused at the very end of the page, where only the reserved space lets it scroll up.
    last.focus();
    await start();
    const panel = part(await banner(), 'banner');
    await until(
      () => last.getBoundingClientRect().bottom <= panel.getBoundingClientRect().top + 0.5,
      'the field above the banner',
    );
    assert.equal(document.activeElement, last);
  });

  it('reflows at 320 px without horizontal scrolling', async () => {
    await setViewport({ width: 320, height: 640 });
    await start();
    const el = await banner();
    const panel = part(el, 'banner');
    assert.ok(panel.scrollWidth <= panel.clientWidth, 'no horizontal overflow');
    assert.ok(panel.getBoundingClientRect().width <= 320);
    const accept = part(el, 'accept-all').getBoundingClientRect();
    const reject = part(el, 'reject-all').getBoundingClientRect();
    assert.equal(accept.width, reject.width);
    await setViewport({ width: 1280, height: 720 });
  });

  it('does not show again once the visitor decided', async () => {
    const dbName = `consentry-ui-decided-${Date.now()}`;
    const { api } = await start({}, dbName);
    await banner();
    await api.rejectAll();
    await cleanup();
    const again = await start({}, dbName);
    assert.equal((await again.api.ready()).ask, false);
    assert.equal(document.querySelector('consentry-banner'), null);
  });
});
