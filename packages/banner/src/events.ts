/**
 * The runtime's event hub: `consentry.on(name, fn)` listeners, and the DOM
 * events of the public contract (DESIGN.md: `consentry-change`,
 * `consentry-error` on `document`).
 */
import type { ConsentryEventName, ConsentryEvents } from './types.js';

type Listener<E extends ConsentryEventName> = (detail: ConsentryEvents[E]) => void;

/** Listeners by event name, plus the DOM mirror on `doc`. */
export interface EventHub {
  on<E extends ConsentryEventName>(event: E, fn: Listener<E>): () => void;
  emit<E extends ConsentryEventName>(event: E, detail: ConsentryEvents[E]): void;
}

/** Creates the hub; every event also fires on `doc` as `consentry-<name>`. */
export function createEvents(doc: Document): EventHub {
  const listeners = new Map<string, Set<(detail: never) => void>>();
  return {
    on(event, fn) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(fn as (detail: never) => void);
      return () => set.delete(fn as (detail: never) => void);
    },
    emit(event, detail) {
      for (const fn of listeners.get(event) ?? []) {
        // A broken listener must not stop the others nor the runtime (nothing blocks the page).
        try {
          fn(detail as never);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
      const View = doc.defaultView;
      if (View) doc.dispatchEvent(new View.CustomEvent(`consentry-${event}`, { detail }));
    },
  };
}
