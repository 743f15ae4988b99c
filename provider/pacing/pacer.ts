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
 *   stack never waits and a large one finds the limit within seconds;
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
 * All time goes through the Clock; the pacer keeps no module-level state.
 */
import type { Clock } from "../clock";

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
  /** Where fast growth stops, as a share of the limit found (default 0.96). */
  nearLimit: number;
  /** The longest pause a retry-after may impose (default 30 s). */
  maxPauseMs: number;
  /** Told of every decrease (a log line). */
  onDecrease?: (view: PacerView) => void;
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

interface Waiter {
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
  /** Admission times of the last second, oldest first. */
  private readonly recent: number[] = [];
  private admitted = 0;
  private throttled = 0;
  private decreases = 0;

  constructor(
    private readonly clock: Clock,
    settings: Partial<PacerSettings> = {},
  ) {
    this.settings = { ...DEFAULT_PACER_SETTINGS, ...settings };
    this.rate = this.settings.initialRate;
    this.tokens = this.settings.initialBurst;
    this.refilledAt = clock.now();
    this.grownAt = clock.now();
  }

  /**
   * Waits for this request's turn. A retry of a throttled request goes to the
   * head of the queue: it has waited once already.
   */
  acquire(options: { retry?: boolean } = {}): Promise<Permit> {
    if (this.queue.length === 0 && !this.pumping && this.delayBeforeNext() === 0) {
      return Promise.resolve(this.admit());
    }
    return new Promise<Permit>((resolve) => {
      if (options.retry) this.queue.unshift({ resolve });
      else this.queue.push({ resolve });
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

  private admit(): Permit {
    const now = this.clock.now();
    this.tokens -= 1;
    this.admitted += 1;
    this.recent.push(now);
    this.trimRecent(now);
    return { admittedAt: now, epoch: this.epoch };
  }

  private trimRecent(now: number): void {
    while (this.recent.length > 0 && this.recent[0] <= now - 1_000) this.recent.shift();
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
        this.queue.shift()?.resolve(this.admit());
      }
    } finally {
      this.pumping = false;
    }
  }
}

/** The pacers of one provider instance, one per connection (AccessKey and endpoint). */
export class Pacers {
  private readonly byConnection = new Map<string, RequestPacer>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: Partial<PacerSettings> = {},
  ) {}

  /** `key` identifies the connection; it is kept in memory only. */
  for(key: string): RequestPacer {
    let pacer = this.byConnection.get(key);
    if (!pacer) {
      pacer = new RequestPacer(this.clock, this.settings);
      this.byConnection.set(key, pacer);
    }
    return pacer;
  }

  /** A snapshot of every connection's pacer (benchmarks, tests). */
  views(): PacerView[] {
    return [...this.byConnection.values()].map((p) => p.view());
  }
}
