/**
 * Injected with page.addInitScript(): runs in the main frame before any page
 * script. Records in `window.__bench` (all times are performance.now(), ms
 * since navigation start):
 *   tDom      first time the banner element exists
 *   tVisible  first time it is rendered: connected, non-zero box, checkVisibility()
 *             with opacity and visibility (a fade-in counts from its first frame with opacity > 0)
 *   longTasks [startTime, duration] from PerformanceObserver('longtask')
 *   shifts    [startTime, value, hadRecentInput] from PerformanceObserver('layout-shift')
 *   tClick    capture-phase 'click' on window (registered before any page listener)
 *   tStored   first storage write after tClick after which window.__consentStored() is
 *             true: hooks on the document.cookie setter and Storage.prototype.setItem, and
 *             `__bench.written(kind, key)` for writes a page reports itself (IndexedDB
 *             commits); a 1 ms interval poll is the fallback for writes nothing reports.
 */
(() => {
  if (window.top !== window) return;
  const now = () => performance.now();
  const B = {
    tDom: null,
    tVisible: null,
    visibleVia: null,
    longTasks: [],
    shifts: [],
    tClick: null,
    tStored: null,
    storedVia: null,
    storedBeforeClick: null,
    writes: [],
    errors: [],
  };
  window.__bench = B;
  let resolveVisible;
  let resolveStored;
  B.visible = new Promise((r) => {
    resolveVisible = r;
  });
  B.stored = new Promise((r) => {
    resolveStored = r;
  });
  window.addEventListener('error', (e) => B.errors.push(String(e.message)));

  const observe = (type, push) => {
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) push(e);
      }).observe({ type, buffered: true });
    } catch (error) {
      B.errors.push(`${type} observer: ${error}`);
    }
  };
  observe('longtask', (e) => B.longTasks.push([e.startTime, e.duration]));
  observe('layout-shift', (e) => B.shifts.push([e.startTime, e.value, e.hadRecentInput]));

  // ---- banner visibility ----
  const getBanner = () => {
    if (typeof window.__getBanner === 'function') return window.__getBanner();
    return window.__bannerSelector ? document.querySelector(window.__bannerSelector) : null;
  };
  const isVisible = (el) => {
    if (!el?.isConnected) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  };
  const MO_OPTS = { childList: true, subtree: true, attributes: true };
  let done = false;
  const check = (via) => {
    if (done) return;
    const el = getBanner();
    if (!el) return;
    const t = now();
    if (B.tDom === null) B.tDom = t;
    if (isVisible(el)) {
      done = true;
      B.tVisible = t;
      B.visibleVia = via;
      mo.disconnect();
      resolveVisible(t);
    }
  };
  const mo = new MutationObserver(() => check('mutation'));
  mo.observe(document, MO_OPTS);
  // MutationObserver does not see inside shadow roots: follow each one as it is made.
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    if (!done && init.mode === 'open') mo.observe(root, MO_OPTS);
    return root;
  };
  const frame = () => {
    check('raf');
    if (!done) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  document.addEventListener('DOMContentLoaded', () => check('dcl'));
  window.addEventListener('load', () => check('load'));

  // ---- consent write ----
  const stored = () => {
    try {
      return Boolean(window.__consentStored?.());
    } catch {
      // A half-written value the page cannot parse yet: not stored.
      return false;
    }
  };
  const markStored = (t, via) => {
    if (B.tStored !== null || B.tClick === null) return;
    B.tStored = t;
    B.storedVia = via;
    resolveStored(t);
  };
  const onWrite = (kind, key) => {
    const t = now();
    B.writes.push([t, kind, key]);
    if (B.tClick !== null && B.tStored === null && stored()) markStored(t, kind);
  };
  B.written = onWrite;
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    enumerable: cookie.enumerable,
    get() {
      return cookie.get.call(this);
    },
    set(v) {
      cookie.set.call(this, v);
      onWrite('cookie', String(v).split('=')[0].trim());
    },
  });
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const result = setItem.call(this, key, value);
    onWrite(this === window.localStorage ? 'localStorage' : 'sessionStorage', String(key));
    return result;
  };
  window.addEventListener(
    'click',
    () => {
      if (B.tClick !== null) return;
      B.tClick = now();
      B.storedBeforeClick = stored();
      const poll = setInterval(() => {
        if (B.tStored === null && stored()) markStored(now(), 'poll');
        if (B.tStored !== null) clearInterval(poll);
      }, 1);
    },
    true,
  );
})();
