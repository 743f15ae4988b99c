/**
 * Retries of single API calls: jittered exponential backoff for throttling,
 * 5xx and network failures, gated by the operation's retry rule (see
 * operations.ts). openapi-client's own `autoretry` is left off: it retries
 * only network-level errors and knows nothing about which operations are safe
 * to repeat.
 */
import { FlinkApiError } from "./errors";
import type { RetryRule } from "./operations";

export interface RetryPolicy {
  /** Total attempts, the first one included. */
  maxAttempts: number;
  /**
   * Total attempts while the failures are throttling (default: maxAttempts).
   * Throttling is the gateway pacing us, not a fault: a fleet of drafts in one
   * `up` can exceed a rate limit for a minute, and giving up then would fail
   * the update for no reason, so the operations' budget is larger.
   */
  maxThrottledAttempts?: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  // Eight attempts: with five, a service failing 15 % of requests (the chaos
  // lane) fails one call in about 13,000 (0.15^5), i.e. about one `up` in ten of
  // a 20-draft stack (CI run of 2026-12-01: ListJobs lost to 5 faults in a row);
  // with eight, one call in about 40 million. The backoff stays under 30 s.
  maxAttempts: 8,
  // About 90 s of backoff at most (delays of 4–8 s once the cap is reached).
  maxThrottledAttempts: 16,
  baseDelayMs: 400,
  maxDelayMs: 8_000,
};

/** The longest `x-acs-retry-after` honoured as given; longer hints are cut to this. */
export const MAX_RETRY_AFTER_MS = 30_000;

/** Whether a failed call may be sent again under the operation's retry rule. */
export function shouldRetry(err: FlinkApiError, rule: RetryRule): boolean {
  // Throttling is the gateway turning the request away before the product saw
  // it; a refused connection never delivered it. Both are safe for any operation.
  if (err.isThrottling || err.notSent) return true;
  return rule === "always" && err.retryable;
}

/** "Full jitter" backoff: a uniform delay below an exponentially growing cap. */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * Admission of each attempt (provider/pacing/pacer.ts: one per connection,
 * shared by every resource of the process). With a gate, a throttled attempt
 * is reported to it and the gate, not this call, waits out the retry-after,
 * for every caller at once.
 */
export interface RequestGate {
  acquire(options?: { retry?: boolean }): Promise<GatePermit>;
  throttledAnswer(permit: GatePermit, retryAfterMs: number | undefined): void;
}

export interface GatePermit {
  readonly admittedAt: number;
  readonly epoch: number;
}

export interface RetryHooks {
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (err: FlinkApiError, attempt: number, delayMs: number) => void;
  gate?: RequestGate;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function withRetries<T>(
  call: () => Promise<T>,
  rule: RetryRule,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<T> {
  const wait = hooks.sleep ?? sleep;
  const throttleLimit = Math.max(policy.maxAttempts, policy.maxThrottledAttempts ?? policy.maxAttempts);
  // Counted apart: a call that waited out throttling still has its whole budget for faults,
  // so that a rate-limited fleet does not turn one 5xx into a failure.
  let faults = 0;
  let throttles = 0;
  let throttledBefore = false;
  for (let attempt = 0; ; attempt++) {
    const permit = await hooks.gate?.acquire({ retry: throttledBefore });
    try {
      return await call();
    } catch (err) {
      if (permit && err instanceof FlinkApiError && err.isThrottling) {
        hooks.gate?.throttledAnswer(permit, err.retryAfterMs);
      }
      if (!(err instanceof FlinkApiError) || !shouldRetry(err, rule)) throw err;
      const exhausted = err.isThrottling ? ++throttles >= throttleLimit : ++faults >= policy.maxAttempts;
      if (exhausted) throw err;
      // The gateway's own hint wins over our guess (bounded, in case it is absurd).
      const delay =
        err.retryAfterMs !== undefined
          ? Math.min(err.retryAfterMs, MAX_RETRY_AFTER_MS)
          : backoffDelayMs(attempt, policy);
      hooks.onRetry?.(err, attempt + 1, delay);
      throttledBefore = err.isThrottling;
      // The gate holds every caller until the retry-after has passed; the next acquire waits for it.
      if (!(hooks.gate && err.isThrottling)) await wait(delay);
    }
  }
}
