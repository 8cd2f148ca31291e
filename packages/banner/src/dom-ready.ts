/** Resolves once `doc` is parsed (at once when it already is): the script tag runs in `<head>`. */
export const domReady = (doc: Document): Promise<unknown> =>
  doc.readyState === 'loading'
    ? new Promise((resolve) => doc.addEventListener('DOMContentLoaded', resolve, { once: true }))
    : Promise.resolve();

/**
 * Resolves once `doc` has a `<body>` (at once when it has one): the banner goes
 * in then, into the page's first frame, while the rest of the body parses after
 * it, rather than a frame or more later at `DOMContentLoaded`.
 */
export const bodyReady = (doc: Document): Promise<unknown> =>
  doc.body
    ? Promise.resolve()
    : new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (!doc.body) return;
          observer.disconnect();
          resolve(undefined);
        });
        observer.observe(doc.documentElement, { childList: true });
      });

/** Runs `fn` when the page is idle (within 2 s), so that it never competes with the banner. */
export function idle(win: Window, fn: () => void): void {
  if (win.requestIdleCallback) win.requestIdleCallback(fn, { timeout: 2000 });
  else setTimeout(fn, 1);
}
