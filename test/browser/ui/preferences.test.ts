import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import {
  banner,
  cleanup,
  focused,
  pageControl,
  part,
  preferences,
  proofsStored,
  shiftTab,
  start,
  tick,
  until,
} from './support.js';

afterEach(async () => {
  await cleanup();
  Reflect.deleteProperty(navigator, 'globalPrivacyControl');
});

const switches = (host: Element) => [...(host.shadowRoot?.querySelectorAll<HTMLElement>('[role="switch"]') ?? [])];
const tierSwitch = (host: Element, tier: string) => part(host, tier).querySelector<HTMLElement>('[role="switch"]')!;

/** A page button with `data-consentry-open`, as a site would put in its footer. */

describe('preferences dialog', () => {
  it('opens from "Customize" as a modal dialog with focus inside, switches off, essential on and disabled', async () => {
    await start();
    part(await banner(), 'customize').click();
    const prefs = await preferences();
    const dialog = part<HTMLDialogElement>(prefs, 'dialog');
    assert.equal(dialog.matches(':modal'), true);
    assert.ok(dialog.contains(focused()), 'focus moved into the dialog');
    const essential = tierSwitch(prefs, 'essential');
    assert.equal(essential.getAttribute('aria-checked'), 'true');
    assert.equal((essential as HTMLButtonElement).disabled, true);
    for (const tier of ['audience', 'advertising']) {
      assert.equal(tierSwitch(prefs, tier).getAttribute('aria-checked'), 'false', `${tier} starts off`);
    }
    for (const s of switches(prefs)) assert.ok(s.getAttribute('aria-labelledby'), 'each switch has a name');
  });

  it('lists services with their cookies (name, provider, duration, purpose) behind a disclosure', async () => {
    await start();
    pageControl().click();
    const prefs = await preferences();
    const details = part(prefs, 'advertising').querySelector('details')!;
    assert.equal(details.open, false);
    details.querySelector('summary')!.click();
    const text = details.textContent ?? '';
    for (const expected of ['Meta Pixel', '_fbp', 'Meta Platforms Ireland', '3 months', 'ad measurement']) {
      assert.ok(text.includes(expected), `shows ${expected}`);
    }
  });

  it('keeps focus inside with Tab and Shift+Tab, toggles with Space, saves with Enter', async () => {
    const { api } = await start();
    await banner();
    const opener = pageControl();
    opener.focus();
    await sendKeys({ press: 'Enter' });
    const prefs = await preferences();
    const dialog = part<HTMLDialogElement>(prefs, 'dialog');
    const seen = new Set<Element>();
    for (let i = 0; i < 15; i++) {
      await sendKeys({ press: 'Tab' });
      const now = focused();
      assert.ok(now && dialog.contains(now), `Tab ${i + 1} stays in the dialog`);
      seen.add(now!);
    }
    assert.ok(seen.has(part(prefs, 'close')) && seen.has(part(prefs, 'download')), 'Tab wraps around');
    part(prefs, 'close').focus();
    await shiftTab();
    assert.equal(focused(), part(prefs, 'download'), 'Shift+Tab from the first control goes to the last');
    tierSwitch(prefs, 'audience').focus();
    await sendKeys({ press: 'Space' });
    await prefs.updateComplete;
    assert.equal(tierSwitch(prefs, 'audience').getAttribute('aria-checked'), 'true');
    part(prefs, 'save').focus();
    await sendKeys({ press: 'Enter' });
    const proofs = await proofsStored(api);
    assert.equal(proofs.at(-1)?.proof.action, 'customize');
    assert.deepEqual(api.get(), { essential: true, audience: true, advertising: false, services: {} });
    assert.equal(dialog.open, false);
    assert.equal(focused(), opener, 'focus returns to the opener');
  });

  it('opens from the banner with the keyboard alone, and Escape there is a refusal', async () => {
    const { api } = await start();
    const el = await banner();
    part(el, 'reject-all').focus();
    await sendKeys({ press: 'Tab' });
    assert.equal(focused(), part(el, 'customize'));
    await sendKeys({ press: 'Enter' });
    const prefs = await preferences();
    assert.ok(part(prefs, 'dialog').contains(focused()), 'focus moved into the dialog');
    await sendKeys({ press: 'Escape' });
    const proofs = await proofsStored(api);
    assert.equal(proofs.at(-1)?.proof.action, 'dismiss');
    await el.updateComplete;
    assert.equal(el.shadowRoot?.querySelector('[part~="banner"]'), null, 'the banner is gone');
  });

  it('opened from the banner, which a decision removes, gives focus to the page\'s "Manage cookies" control', async () => {
    // The page's own control is added after start-up: no floating button, or focus would go there.
    await start({ manageButton: false });
    const el = await banner();
    const manage = pageControl();
    part(el, 'customize').focus();
    await sendKeys({ press: 'Enter' });
    const prefs = await preferences();
    part(prefs, 'save').focus();
    await sendKeys({ press: 'Enter' });
    await until(() => !part<HTMLDialogElement>(prefs, 'dialog').open, 'the dialog to close');
    // The dialog closes at once; the banner goes when the decision is in force (after start-up's read).
    await until(() => el.shadowRoot?.querySelector('[part~="banner"]') === null, 'the banner to go');
    await el.updateComplete;
    // RULES.md 17: focus comes back to the page, on the control that opens the choices again.
    assert.equal(focused(), manage);
  });

  it('Escape closes it, records a refusal when no choice existed, and gives focus back', async () => {
    const { api } = await start();
    const opener = pageControl();
    opener.focus();
    await sendKeys({ press: 'Space' });
    const prefs = await preferences();
    await sendKeys({ press: 'Escape' });
    const proofs = await proofsStored(api);
    assert.equal(proofs.at(-1)?.proof.action, 'dismiss');
    assert.equal(api.get()?.advertising, false);
    assert.equal(part<HTMLDialogElement>(prefs, 'dialog').open, false);
    assert.equal(focused(), opener);
  });

  it('Escape after a decision changes nothing; switches show what was granted', async () => {
    const { api } = await start();
    await api.acceptAll();
    await proofsStored(api);
    api.open();
    const prefs = await preferences();
    assert.equal(tierSwitch(prefs, 'audience').getAttribute('aria-checked'), 'true');
    assert.equal(tierSwitch(prefs, 'advertising').getAttribute('aria-checked'), 'true');
    await sendKeys({ press: 'Escape' });
    await tick(50);
    assert.equal((await api.proofs()).length, 1);
    assert.equal(api.get()?.audience, true);
  });

  it('"Save my choices" without changes refuses every optional tier', async () => {
    const { api } = await start();
    api.open();
    const prefs = await preferences();
    part(prefs, 'save').click();
    const proofs = await proofsStored(api);
    assert.equal(proofs.at(-1)?.proof.action, 'customize');
    assert.deepEqual(api.get(), { essential: true, audience: false, advertising: false, services: {} });
  });

  it('saves a per-service choice', async () => {
    const { api } = await start();
    api.open();
    const prefs = await preferences();
    part(prefs, 'audience').querySelector('summary')!.click();
    await prefs.updateComplete;
    const matomo = part(prefs, 'audience').querySelector<HTMLElement>('[part~="service"] [role="switch"]')!;
    matomo.click();
    await prefs.updateComplete;
    assert.equal(matomo.getAttribute('aria-checked'), 'true');
    part(prefs, 'save').click();
    await proofsStored(api);
    assert.deepEqual(api.get(), { essential: true, audience: false, advertising: false, services: { matomo: true } });
  });

  it('leaves advertising off under Global Privacy Control', async () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
    const { api } = await start();
    api.open();
    const prefs = await preferences();
    assert.equal(tierSwitch(prefs, 'advertising').getAttribute('aria-checked'), 'false');
    assert.ok(part(prefs, 'gpc-note').textContent?.includes('Global Privacy Control'));
    part(prefs, 'accept-all').click();
    const proofs = await proofsStored(api);
    assert.equal(api.get()?.advertising, false);
    assert.equal(proofs.at(-1)?.proof.gpc, true);
  });

  it('"Accept all" in the dialog grants everything and the banner goes away', async () => {
    const { api } = await start();
    const el = await banner();
    part(el, 'customize').click();
    const prefs = await preferences();
    part(prefs, 'accept-all').click();
    await proofsStored(api);
    assert.deepEqual(api.get(), { essential: true, audience: true, advertising: true, services: {} });
    await el.updateComplete;
    assert.equal(el.shadowRoot?.querySelector('[part~="banner"]'), null);
  });

  it('downloads this browser’s proofs as JSON', async () => {
    const { api } = await start();
    await api.rejectAll();
    await proofsStored(api);
    api.open();
    const prefs = await preferences();
    const clicked: HTMLAnchorElement[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this);
    };
    try {
      part(prefs, 'download').click();
      const link = await until(() => clicked[0], 'a download');
      assert.match(link.download, /^consentry-proofs-ui-[a-z0-9-]+\.json$/);
      const entries = await (await fetch(link.href)).json();
      assert.equal(entries.length, 1);
      assert.equal(entries[0].proof.action, 'reject-all');
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
  });

  it('"Reject all" after a consent records a withdrawal; with nothing granted, a refusal', async () => {
    const { api } = await start({ manageButton: false });
    await api.save({ audience: false, advertising: false, services: { matomo: true } });
    await proofsStored(api);
    for (const expected of ['withdraw', 'reject-all']) {
      api.open();
      const prefs = await preferences();
      part(prefs, 'reject-all').click();
      const entries = await proofsStored(api, expected === 'withdraw' ? 2 : 3);
      assert.equal(entries.at(-1)!.proof.action, expected);
      assert.deepEqual(api.get(), { essential: true, audience: false, advertising: false, services: {} });
      await until(() => !part(prefs, 'dialog').hasAttribute('open'), 'the dialog to close');
    }
  });

  it('opens from <consentry-manage> and fits a 320 px screen', async () => {
    await setViewport({ width: 320, height: 640 });
    const { api } = await start({ manageButton: true });
    await api.rejectAll();
    const manage = await until(() => document.querySelector('consentry-manage'), 'the manage button');
    await manage.updateComplete;
    const button = part(manage, 'manage');
    assert.equal(button.textContent?.trim(), 'Manage cookies');
    button.click();
    const prefs = await preferences();
    const dialog = part(prefs, 'dialog');
    assert.ok(dialog.getBoundingClientRect().width <= 320);
    assert.ok(dialog.scrollWidth <= dialog.clientWidth, 'no horizontal overflow');
    await setViewport({ width: 1280, height: 720 });
  });
});
