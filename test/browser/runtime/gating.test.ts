import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { cleanUp, loadPage, requested, sleep, start, waitFor } from './helpers.js';

describe('gating', () => {
  afterEach(cleanUp);

  it('runs and loads nothing gated before a choice, only essential', async () => {
    const { win, doc } = await loadPage();
    const api = start(doc);
    const state = await api.ready();
    assert.equal(state.ask, true);
    await sleep(300);
    assert.deepEqual([...win.log], ['essential']);
    assert.equal(requested(win, 'tracker.js'), 0, 'no request to a gated script');
    assert.equal(requested(win, 'frame.html'), 0, 'no request for a gated iframe');
    assert.equal(doc.querySelector('iframe')?.getAttribute('src'), null);
  });

  it('runs each gated script exactly once after consent, in document order', async () => {
    const { win, doc } = await loadPage();
    let frameLoads = 0;
    doc.querySelector('iframe')?.addEventListener('load', () => frameLoads++);
    const api = start(doc);
    await api.ready();
    await api.acceptAll();
    await waitFor(() => win.log.length >= 5, 5000, 'the gated scripts');
    await api.acceptAll();
    await api.save({ audience: true, advertising: true });
    await sleep(300);
    assert.deepEqual([...win.log], ['essential', 'audience-inline', 'matomo', 'pixel', 'advertising-inline']);
    assert.equal(requested(win, 'tracker.js?name=matomo'), 1);
    assert.equal(requested(win, 'frame.html'), 1);
    assert.match(doc.querySelector('iframe')?.src ?? '', /frame\.html$/);
    assert.equal(frameLoads, 1, 'the iframe loaded once');
  });

  it('waits for an external script before the next one, and stops the queue on withdrawal', async () => {
    const { win, doc } = await loadPage();
    const slow = doc.createElement('script');
    slow.type = 'text/plain';
    slow.dataset.consentry = 'audience';
    slow.dataset.src = '/__test/slow.js?ms=600&name=slow';
    doc.body.prepend(slow);
    const api = start(doc);
    await api.acceptAll();
    assert.deepEqual([...win.log], ['essential'], 'later scripts wait for the slow one');
    await api.withdraw();
    await waitFor(() => win.log.includes('slow'), 5000, 'the slow script');
    await sleep(300);
    assert.deepEqual([...win.log], ['essential', 'slow']);
  });

  it('runs only the granted tier and honours a service refused alone', async () => {
    const { win, doc } = await loadPage();
    const api = start(doc);
    await api.save({ audience: true, advertising: true, services: { 'meta-pixel': false } });
    await waitFor(() => win.log.includes('advertising-inline'), 5000, 'the advertising script');
    await sleep(200);
    assert.deepEqual([...win.log], ['essential', 'audience-inline', 'matomo', 'advertising-inline']);
    assert.equal(requested(win, 'name=pixel'), 0);
  });

  it('activates gated elements added later, once granted', async () => {
    const { win, doc } = await loadPage();
    const api = start(doc);
    await api.save({ audience: true });
    const late = doc.createElement('script');
    late.type = 'text/plain';
    late.dataset.consentry = 'audience';
    late.text = "log.push('late-audience')";
    const refused = doc.createElement('script');
    refused.type = 'text/plain';
    refused.dataset.consentry = 'advertising';
    refused.text = "log.push('late-advertising')";
    doc.body.append(late, refused);
    await waitFor(() => win.log.includes('late-audience'), 5000, 'the late script');
    await sleep(100);
    assert.ok(!win.log.includes('late-advertising'));
  });

  it('never runs a revoked tier again on that page, and unloads its iframes', async () => {
    const { win, doc } = await loadPage();
    const api = start(doc);
    await api.acceptAll();
    await waitFor(() => doc.querySelector('iframe')?.src.endsWith('frame.html'), 5000, 'the embed');
    await api.withdraw();
    assert.equal(doc.querySelector('iframe')?.src, 'about:blank');
    const again = doc.createElement('script');
    again.type = 'text/plain';
    again.dataset.consentry = 'audience';
    again.text = "log.push('after-withdrawal')";
    doc.body.append(again);
    await api.acceptAll();
    await sleep(200);
    assert.ok(!win.log.includes('after-withdrawal'), 'a revoked tier ran again');
    assert.equal(win.log.filter((x) => x === 'audience-inline').length, 1);
  });

  it('keeps a service granted alone running when its tier is refused on the same page', async () => {
    const { win, doc } = await loadPage();
    const api = start(doc);
    await api.acceptAll();
    await waitFor(() => win.log.includes('matomo'), 5000, 'matomo');
    // The visitor keeps Matomo and refuses the rest of audience measurement.
    await api.save({ audience: false, advertising: true, services: { matomo: true } });
    const frame = (key: string) => {
      const el = doc.createElement('iframe');
      el.dataset.consentry = key;
      el.dataset.src = `frame.html?${key}`;
      doc.body.append(el);
      return el;
    };
    const kept = frame('audience:matomo');
    const refused = frame('audience');
    await waitFor(() => kept.src.includes('frame.html'), 5000, 'the Matomo iframe');
    await sleep(200);
    assert.equal(refused.getAttribute('src'), null, 'the refused tier stays off');
  });
});
