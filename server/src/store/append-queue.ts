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

/** Writes one group of a site (all with the same seal) in one transaction; one outcome per queued append, in order. */
export type GroupWriter = (site: string, group: QueuedAppend[]) => Promise<AppendOutcome[]>;

/** Proofs per transaction: bounds the statement size and how long the chain head stays locked. */
const GROUP_LIMIT = 1000;

export class AppendQueue {
  #queues = new Map<string, QueuedAppend[]>();
  #wake = new Map<string, () => void>();
  #write: GroupWriter;
  #depth: number;

  /**
   * `depth`: groups of a site in flight at once. Above 1 the writer must chain
   * a group on the one before it (sqlite-store.ts does: it plans the next
   * group while the previous one's receipts are being signed).
   */
  constructor(write: GroupWriter, depth = 1) {
    this.#write = write;
    this.#depth = depth;
  }

  push(request: AppendRequest, seal: Seal): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      const queued = { request, seal, resolve, reject };
      const queue = this.#queues.get(request.site);
      if (queue) {
        queue.push(queued);
        this.#wake.get(request.site)?.();
        return;
      }
      this.#queues.set(request.site, [queued]);
      // Wait for the rest of this event-loop turn: requests parsed together commit together.
      setImmediate(() => void this.#drain(request.site));
    });
  }

  #take(queue: QueuedAppend[]): QueuedAppend[] {
    const group: QueuedAppend[] = [];
    let size = 0;
    while (
      queue.length > 0 &&
      (group.length === 0 ||
        (size + queue[0]!.request.items.length <= GROUP_LIMIT && queue[0]!.seal === group[0]!.seal))
    ) {
      const next = queue.shift()!;
      size += next.request.items.length;
      group.push(next);
    }
    return group;
  }

  async #drain(site: string): Promise<void> {
    const queue = this.#queues.get(site)!;
    const inFlight = new Set<Promise<void>>();
    while (queue.length > 0 || inFlight.size > 0) {
      if (queue.length > 0 && inFlight.size < this.#depth) {
        const group = this.#take(queue);
        const done: Promise<void> = this.#write(site, group).then(
          (outcomes) => {
            for (const [i, queued] of group.entries()) queued.resolve(outcomes[i]!);
          },
          (error: unknown) => {
            for (const queued of group) queued.reject(error);
          },
        );
        inFlight.add(done);
        void done.finally(() => inFlight.delete(done));
        if (this.#depth > 1) await new Promise((resolve) => setImmediate(resolve));
        else await done;
        continue;
      }
      // Full pipeline (or nothing queued): wait for a group to finish or a request to arrive.
      const arrival = new Promise<void>((resolve) => this.#wake.set(site, resolve));
      await Promise.race([...inFlight, arrival]);
      this.#wake.delete(site);
    }
    this.#queues.delete(site);
  }
}
