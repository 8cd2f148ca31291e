/**
 * Cross-tab sync: a decision made in one tab reaches the site's other open
 * tabs, which update their gating and signals without a reload (GDPR 7(3): a
 * withdrawal takes effect everywhere at once). Same origin only, by nature of
 * BroadcastChannel.
 */
import type { StoredChoice } from '@consentry/core';

/** One tab's end of the channel. */
export interface TabChannel {
  post(choice: StoredChoice): void;
  close(): void;
}

/** Joins the channel of `site`; `receive` gets the decisions of the other tabs. */
export function joinTabs(win: Window, site: string, receive: (choice: StoredChoice) => void): TabChannel {
  const Channel = (win as Window & typeof globalThis).BroadcastChannel;
  if (!Channel) return { post() {}, close() {} };
  const channel = new Channel(`consentry:${site}`);
  channel.onmessage = (event: MessageEvent<{ choice?: StoredChoice }>) => {
    if (event.data?.choice) receive(event.data.choice);
  };
  return {
    post: (choice) => channel.postMessage({ choice }),
    close: () => channel.close(),
  };
}
