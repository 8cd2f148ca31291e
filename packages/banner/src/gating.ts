/**
 * Script and iframe gating. A site marks what needs consent:
 *
 *   <script type="text/plain" data-consentry="audience">…</script>
 *   <script type="text/plain" data-consentry="advertising:meta-pixel" data-src="…"></script>
 *   <iframe data-consentry="advertising" data-src="…"></iframe>
 *
 * ePrivacy 5(3): nothing non-essential runs or loads before consent. Once its
 * tier (or service) is granted, each element is activated once, in document
 * order (an external script is awaited before the next one, as the parser
 * would). GDPR 7(3): a tier or service revoked on a page never runs again on
 * that page, and its iframes are unloaded; a service the visitor keeps by name
 * while refusing its tier keeps running.
 */
import type { Choices } from '@consentry/core';
import { isGranted, isTierId, OPTIONAL_TIERS } from '@consentry/core/start-up';

const SELECTOR = 'script[type="text/plain"][data-consentry],iframe[data-consentry][data-src]';

/** The gate of one document. */
export interface Gate {
  /** Activates what `choices` grant and remembers what they revoke. */
  apply(choices: Choices): void;
  /** Stops activating anything (malformed config, teardown). */
  stop(): void;
}

/**
 * Gates `doc`: nothing runs until the first `apply`, which also starts
 * watching for gated elements added later.
 */
export function createGate(doc: Document, onError: (message: string) => void): Gate {
  const seen = new WeakSet<Element>();
  const keys = new Set<string>(OPTIONAL_TIERS);
  const revoked = new Set<string>();
  const frames: HTMLIFrameElement[] = [];
  let current: Choices | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let observer: MutationObserver | undefined;
  let stopped = false;

  /**
   * Whether `key` ("tier" or "tier:service") may run under `choices`. A tier
   * revoked on this page stops its services too, except one the visitor keeps
   * by name (granted alone in a refused tier, core/tiers.ts).
   */
  const may = (key: string, choices = current) => {
    const [tier, service] = key.split(':');
    return (
      !!choices &&
      isTierId(tier) &&
      !revoked.has(key) &&
      (!revoked.has(tier) || (service !== undefined && choices.services[service] === true)) &&
      isGranted(choices, tier, service)
    );
  };

  const activate = (el: Element) => {
    const key = el.getAttribute('data-consentry') ?? '';
    const src = el.getAttribute('data-src');
    // Checked again here: the choice may have been revoked while earlier scripts loaded.
    if (!may(key)) return seen.delete(el);
    if (el.localName === 'iframe') return frames.push(Object.assign(el as HTMLIFrameElement, { src }));
    // A new element is needed: a script whose type changes after insertion never runs.
    const script = doc.createElement('script');
    for (const { name, value } of el.attributes) {
      if (!/^(type|data-src|data-type)$/.test(name)) script.setAttribute(name, value);
    }
    script.type = el.getAttribute('data-type') ?? '';
    const loaded =
      src &&
      new Promise((resolve) => {
        script.addEventListener('load', resolve);
        script.addEventListener('error', () => {
          onError(`gated script ${src} failed to load`);
          resolve(undefined);
        });
      });
    if (src) script.src = src;
    else script.text = el.textContent ?? '';
    el.replaceWith(script);
    return loaded;
  };

  const scan = (nodes: Iterable<Node>) => {
    for (const node of nodes) {
      if (node.nodeType !== 1) continue;
      const root = node as Element;
      for (const el of root.matches(SELECTOR) ? [root] : root.querySelectorAll(SELECTOR)) {
        const key = el.getAttribute('data-consentry') ?? '';
        keys.add(key);
        if (seen.has(el)) continue;
        if (!isTierId(key.split(':')[0])) {
          seen.add(el);
          onError(`data-consentry="${key}": unknown tier`);
        }
        if (!may(key)) continue;
        seen.add(el);
        queue = queue.then(() => activate(el));
      }
    }
  };

  return {
    apply(choices) {
      if (stopped) return;
      for (const key of keys) if (may(key) && !may(key, choices)) revoked.add(key);
      current = choices;
      // A revoked embed is unloaded: it must not keep tracking.
      for (const frame of frames) if (!may(frame.getAttribute('data-consentry') ?? '')) frame.src = 'about:blank';
      scan([doc.documentElement]);
      observer ??= new MutationObserver((records) => {
        for (const record of records) scan(record.addedNodes);
      });
      observer.observe(doc, { childList: true, subtree: true });
    },
    stop() {
      stopped = true;
      current = undefined;
      observer?.disconnect();
    },
  };
}
