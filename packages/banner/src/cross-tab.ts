/**
 * Cross-tab sync: a decision made in one tab reaches the site's other open
 * tabs, which update their gating and signals without a reload (GDPR 7(3): a
 * withdrawal takes effect everywhere at once). Same origin only, by nature of
 * BroadcastChannel.
 */
import type { StoredChoice } from '@consentry/core';

/** One tab's end of the channel. */
export interface TabChannel {
  /** Tells the other tabs of a decision and of the browser's subject id (one id for all tabs). */
  post(choice: StoredChoice, subject: string): void;
  close(): void;
}

/** Joins the channel of `site`; `receive` gets the decisions of the other tabs. */
export function joinTabs(
  win: Window,
  site: string,
  receive: (choice: StoredChoice, subject: string | undefined) => void,
): TabChannel {
  const Channel = (win as Window & typeof globalThis).BroadcastChannel;
  if (!Channel) return { post() {}, close() {} };
  const channel = new Channel(`consentry:${site}`);
  channel.onmessage = (event: MessageEvent<{ choice?: StoredChoice; subject?: string }>) => {
    if (event.data?.choice) receive(event.data.choice, event.data.subject);
  };
  let open = true;
  return {
    // A decision still being recorded when the runtime is destroyed (an SPA unmounting) is not
    // failed by the closed channel: the other tabs simply are not told.
    post: (choice, subject) => open && channel.postMessage({ choice, subject }),
    close: () => {
      open = false;
      channel.close();
    },
  };
}
