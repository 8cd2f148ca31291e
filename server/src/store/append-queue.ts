/**
 * Group commit: appends of one site that arrive while another is being
 * written (or in the same event-loop turn) are queued and written together,
 * in one transaction under one chain-head lock. Each request keeps its own
 * outcome (a conflict in one never affects another). This is what keeps
 * single-proof ingest fast: one commit serves many requests.
 */
import type { AppendOutcome, AppendRequest, Seal } from './proof-store.js';

export interface QueuedAppend {
  request: AppendRequest;
  seal: Seal;
  resolve: (outcome: AppendOutcome) => void;
  reject: (error: unknown) => void;
}

/** Writes one group of a site in one transaction; one outcome per queued append, in order. */
export type GroupWriter = (site: string, group: QueuedAppend[]) => Promise<AppendOutcome[]>;

/** Proofs per transaction: bounds the statement size and how long the chain head stays locked. */
const GROUP_LIMIT = 1000;

export class AppendQueue {
  #queues = new Map<string, QueuedAppend[]>();
  #write: GroupWriter;

  constructor(write: GroupWriter) {
    this.#write = write;
  }

  push(request: AppendRequest, seal: Seal): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      const queued = { request, seal, resolve, reject };
      const queue = this.#queues.get(request.site);
      if (queue) {
        queue.push(queued);
        return;
      }
      this.#queues.set(request.site, [queued]);
      // Wait for the rest of this event-loop turn: requests parsed together commit together.
      setImmediate(() => void this.#drain(request.site));
    });
  }

  async #drain(site: string): Promise<void> {
    const queue = this.#queues.get(site)!;
    while (queue.length > 0) {
      const group: QueuedAppend[] = [];
      let size = 0;
      while (queue.length > 0 && (group.length === 0 || size + queue[0]!.request.items.length <= GROUP_LIMIT)) {
        const next = queue.shift()!;
        size += next.request.items.length;
        group.push(next);
      }
      try {
        const outcomes = await this.#write(site, group);
        for (const [i, queued] of group.entries()) queued.resolve(outcomes[i]!);
      } catch (error) {
        for (const queued of group) queued.reject(error);
      }
    }
    this.#queues.delete(site);
  }
}
