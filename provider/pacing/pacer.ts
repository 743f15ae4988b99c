/**
 * One request pacer per AccessKey and endpoint for the whole provider process
 * (docs/design.md §4.1: every resource of an `up` shares the process), so that
 * a stack of a hundred drafts approaches the service's rate limit instead of
 * bouncing off it.
 *
 * A token bucket, first come first served, whose rate is steered by the
 * gateway's answers:
 * - until the first `Throttling.*` answer it starts at `initialRate` and
 *   doubles every second that callers queue for it (slow start), so a small
 *   stack never waits and a large one finds the limit within seconds; a limit
 *   found in the last day for the same endpoint and AccessKey (the per-user
 *   cache, duration-cache.ts) skips slow start: the pacer starts at
 *   `decrease` × that limit, as after a throttle;
 * - on a throttled answer the limit is taken to be the number of requests
 *   admitted in the second before it (the gateway counts per second), the rate
 *   drops to `decrease` × that (multiplicative decrease), and every request
 *   waits out the gateway's `x-acs-retry-after`: the window it refers to is
 *   shared by all of them. Answers to requests admitted before that decrease
 *   do not decrease it again (they belong to the same overload);
 * - while callers queue, the rate grows again (additive increase): quickly up
 *   to just under the limit found, then slowly past it, so that a limit that
 *   was raised (or another client of the same AccessKey that went quiet) is
 *   found again, at the cost of about one throttled request per probe.
 *
 * First come first served, with two exceptions that jump the queue: a retry of
 * a throttled request (it has waited once already), then an *urgent* request:
 * one made by `check`, or by `create`/`update` before their first wait
 * (`runUrgently`, `endUrgency`). Why:
 * - Pulumi's step generator calls `check` for each registered resource in turn
 *   and only then hands it to the parallel step executor, so a check queued
 *   behind a hundred other drafts' polls delays every resource registered
 *   after it: the fleet bench traced the last of 100 drafts' checks at 17 s
 *   into a 30 s `up` (bench/RESULTS.md, "Before → after").
 * - Until a draft's first ticket is submitted, every delay pushes its whole
 *   chain (validate, deploy, job start, health gate) back; a draft already
 *   waiting on a ticket or a job has slack, and its polls overlap the
 *   newcomers' starts. Serving the starts first spreads the drafts' tickets
 *   out instead of moving the fleet through each step in one wave.
 * An urgent request never bypasses the rate or a retry-after, and urgent
 * requests take at most `urgentShare` of it while others wait: serving only
 * starts for seconds puts the drafts that started first back in step (the
 * bench traced 50 drafts at 50 req/s polling none of their finished
 * validations for 5 s, then moving through every later step in one wave).
 *
 * All time goes through the Clock; the pacer keeps no module-level state.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Clock } from "../clock";

/** Whether the running provider method's calls are urgent; carried through its awaits, not shared state. */
const urgency = new AsyncLocalStorage<{ urgent: boolean }>();

/** Runs a provider method whose calls are urgent until `endUrgency` (check: to its end). */
export function runUrgently<T>(work: () => Promise<T>): Promise<T> {
  return urgency.run({ urgent: true }, work);
}

/** The running method starts waiting on the service (wait.ts): from here its calls queue like everyone's. */
export function endUrgency(): void {
  const store = urgency.getStore();
  if (store) store.urgent = false;
}

export interface PacerSettings {
  /** Requests per second before anything is known (default 20). */
  initialRate: number;
  /** Bucket size before the first throttle: calls that may go at once (default 20). */
  initialBurst: number;
  /** Bucket size once a limit was found: small, so that a second never sees more than the rate (default 1). */
  pacedBurst: number;
  /** Never below this many requests per second (default 1). */
  minRate: number;
  /** Rate after a throttle, as a share of the limit found (default 0.85). */
  decrease: number;
  /** Growth per second of queueing below `nearLimit` × limit, as a share of the limit (default 0.2). */
  fastIncrease: number;
  /** Growth per second of queueing above that, as a share of the limit (default 0.01). */
  slowIncrease: number;
  /** Most of the last second's rate urgent requests take while others wait (default 0.8). */
  urgentShare: number;
  /** Where fast growth stops, as a share of the limit found (default 0.96). */
  nearLimit: number;
  /** The longest pause a retry-after may impose (default 30 s). */
  maxPauseMs: number;
  /** Told of every decrease (a log line, the per-user cache). */
  onDecrease?: (view: PacerView) => void;
  /** A limit found earlier (requests per second): start paced below it instead of slow start. */
  knownLimit?: number;
}

export const DEFAULT_PACER_SETTINGS: PacerSettings = {
  initialRate: 20,
  initialBurst: 20,
  pacedBurst: 1,
  minRate: 1,
  decrease: 0.85,
  fastIncrease: 0.2,
  slowIncrease: 0.01,
  nearLimit: 0.96,
  urgentShare: 0.8,
  maxPauseMs: 30_000,
};

/** What `acquire` hands out; given back with the answer so that one overload decreases the rate once. */
export interface Permit {
  readonly admittedAt: number;
  readonly epoch: number;
}

/** A snapshot, for logs, benchmarks and tests. */
export interface PacerView {
  /** Requests per second now; Infinity never happens (slow start has a rate too). */
  rate: number;
  /** The limit found by the last throttle, if any. */
  limit?: number;
  /** Epoch ms until which no request is sent (a retry-after). */
  pausedUntil: number;
  queued: number;
  admitted: number;
  throttled: number;
  decreases: number;
}

export interface AcquireOptions {
  /** A retry of a throttled request: it has waited once already. */
  retry?: boolean;
  /** Ahead of everything but retries (default: as `runUrgently` / `endUrgency` say). */
  urgent?: boolean;
}

/** Queue order: retries, then urgent requests, then the rest; first come first served within each. */
type Rank = 0 | 1 | 2;

interface Waiter {
  rank: Rank;
  resolve: (permit: Permit) => void;
}

export class RequestPacer {
  private readonly settings: PacerSettings;
  private rate: number;
  private limit: number | undefined;
  private tokens: number;
  private refilledAt: number;
  private grownAt: number;
  private pausedUntil = 0;
  private epoch = 0;
  private readonly queue: Waiter[] = [];
  private pumping = false;
  /** Admissions of the last second, oldest first. */
  private readonly recent: { at: number; urgent: boolean }[] = [];
  private admitted = 0;
  private throttled = 0;
  private decreases = 0;

  constructor(
    private readonly clock: Clock,
    settings: Partial<PacerSettings> = {},
  ) {
    this.settings = { ...DEFAULT_PACER_SETTINGS, ...settings };
    const known = this.settings.knownLimit;
    if (known !== undefined && Number.isFinite(known) && known >= this.settings.minRate) {
      this.limit = known;
      this.rate = Math.max(this.settings.minRate, this.settings.decrease * known);
      this.tokens = this.settings.pacedBurst;
    } else {
      this.rate = this.settings.initialRate;
      this.tokens = this.settings.initialBurst;
    }
    this.refilledAt = clock.now();
    this.grownAt = clock.now();
  }

  /** Waits for this request's turn: retries first, then urgent requests, then the rest in arrival order. */
  acquire(options: AcquireOptions = {}): Promise<Permit> {
    const rank: Rank = options.retry ? 0 : (options.urgent ?? urgency.getStore()?.urgent) ? 1 : 2;
    if (this.queue.length === 0 && !this.pumping && this.delayBeforeNext() === 0) {
      return Promise.resolve(this.admit(rank));
    }
    return new Promise<Permit>((resolve) => {
      const behind = this.queue.findIndex((w) => w.rank > rank);
      this.queue.splice(behind === -1 ? this.queue.length : behind, 0, { rank, resolve });
      void this.pump();
    });
  }

  /** The gateway throttled a request admitted with `permit`. */
  throttledAnswer(permit: Permit, retryAfterMs: number | undefined): void {
    this.throttled += 1;
    const now = this.clock.now();
    if (retryAfterMs !== undefined) {
      this.pausedUntil = Math.max(this.pausedUntil, now + Math.min(retryAfterMs, this.settings.maxPauseMs));
    }
    // Requests admitted before the last decrease belong to the overload it answered.
    if (permit.epoch < this.epoch) return;
    this.trimRecent(now);
    const found = Math.max(this.settings.minRate, this.recent.length);
    this.limit = found;
    this.rate = Math.max(this.settings.minRate, this.settings.decrease * found);
    this.tokens = Math.min(this.tokens, this.settings.pacedBurst);
    this.epoch += 1;
    this.decreases += 1;
    this.grownAt = now;
    this.settings.onDecrease?.(this.view());
    if (retryAfterMs === undefined) {
      // No hint: sit out the rest of the gateway's window (a second) before the next request.
      this.pausedUntil = Math.max(this.pausedUntil, now + 1_000 / this.rate);
    }
  }

  view(): PacerView {
    return {
      rate: this.rate,
      limit: this.limit,
      pausedUntil: this.pausedUntil,
      queued: this.queue.length,
      admitted: this.admitted,
      throttled: this.throttled,
      decreases: this.decreases,
    };
  }

  private burst(): number {
    return this.limit === undefined ? this.settings.initialBurst : this.settings.pacedBurst;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.burst(), this.tokens + (elapsed * this.rate) / 1_000);
    this.refilledAt = now;
  }

  /** Grows the rate for the time callers have queued (the bucket, not the service, was the bottleneck). */
  private grow(now: number): void {
    const seconds = Math.max(0, now - this.grownAt) / 1_000;
    this.grownAt = now;
    if (seconds === 0 || this.queue.length === 0) return;
    if (this.limit === undefined) {
      this.rate *= 2 ** seconds;
      return;
    }
    const near = this.settings.nearLimit * this.limit;
    const share = this.rate < near ? this.settings.fastIncrease : this.settings.slowIncrease;
    this.rate += share * this.limit * seconds;
    if (share === this.settings.fastIncrease && this.rate > near) this.rate = near;
  }

  /** Milliseconds until the next request may go. */
  private delayBeforeNext(): number {
    const now = this.clock.now();
    this.refill(now);
    if (now < this.pausedUntil) return this.pausedUntil - now;
    if (this.tokens >= 1) return 0;
    return Math.max(1, Math.ceil(((1 - this.tokens) * 1_000) / this.rate));
  }

  private admit(rank: Rank): Permit {
    const now = this.clock.now();
    this.tokens -= 1;
    this.admitted += 1;
    this.recent.push({ at: now, urgent: rank === 1 });
    this.trimRecent(now);
    return { admittedAt: now, epoch: this.epoch };
  }

  private trimRecent(now: number): void {
    while (this.recent.length > 0 && this.recent[0].at <= now - 1_000) this.recent.shift();
  }

  /** The head of the queue, unless it is urgent and urgent requests had their share while others wait. */
  private takeNext(): Waiter | undefined {
    let index = 0;
    if (this.queue[0]?.rank === 1) {
      this.trimRecent(this.clock.now());
      const urgentAdmitted = this.recent.filter((r) => r.urgent).length;
      if (urgentAdmitted >= this.settings.urgentShare * this.rate) {
        const other = this.queue.findIndex((w) => w.rank === 2);
        if (other !== -1) index = other;
      }
    }
    return this.queue.splice(index, 1)[0];
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        this.grow(this.clock.now());
        const delay = this.delayBeforeNext();
        if (delay > 0) {
          await this.clock.sleep(delay);
          continue;
        }
        const next = this.takeNext();
        next?.resolve(this.admit(next.rank));
      }
    } finally {
      this.pumping = false;
    }
  }
}

/** Where the limits found outlive the process (duration-cache.ts), by a hashed key. */
export interface LimitStore {
  loadLimit(key: string): number | undefined;
  saveLimit(key: string, requestsPerSecond: number): void;
}

/** The pacers of one provider instance, one per connection (AccessKey and endpoint). */
export class Pacers {
  private readonly byConnection = new Map<string, RequestPacer>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: Partial<PacerSettings> = {},
    private readonly store?: LimitStore,
  ) {}

  /**
   * `key` identifies the connection and is kept in memory only; `storeKey`
   * (hashed, without secrets) is what the limit found is remembered by.
   */
  for(key: string, storeKey?: string): RequestPacer {
    let pacer = this.byConnection.get(key);
    if (!pacer) {
      const store = this.store;
      const remembered = store && storeKey !== undefined ? { store, key: storeKey } : undefined;
      pacer = new RequestPacer(this.clock, {
        ...this.settings,
        knownLimit: remembered?.store.loadLimit(remembered.key),
        onDecrease: (view) => {
          this.settings.onDecrease?.(view);
          if (remembered && view.limit !== undefined) remembered.store.saveLimit(remembered.key, view.limit);
        },
      });
      this.byConnection.set(key, pacer);
    }
    return pacer;
  }

  /** A snapshot of every connection's pacer (benchmarks, tests). */
  views(): PacerView[] {
    return [...this.byConnection.values()].map((p) => p.view());
  }
}
