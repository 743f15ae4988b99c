/**
 * Calls that must not be resent blindly (client/operations.ts): a repeat of
 * CreateDeploymentDraft, StartJobWithParams or StopJob after one that landed
 * would meet the taken name, start a second job, or be refused. After an
 * ambiguous failure (a 5xx, a dropped connection) the service is asked
 * whether the call landed; only if it did not is the call sent again, a
 * bounded number of times with backoff.
 */
import { DEFAULT_RETRY_POLICY, FlinkApiError } from "./client";
import type { Clock } from "./clock";
import type { Logger } from "./log";

/**
 * Attempts of a call whose failures leave it unknown whether it landed: the
 * fault budget of every other call, and the same longest pause. With four, a
 * service failing 15 % of requests (the chaos lane) lost one call in about
 * 2,000 (0.15^4): StartJobWithParams met four faults in a row in the CI run
 * of a clean clone on 2026-12-02.
 */
export const AMBIGUOUS_ATTEMPTS = DEFAULT_RETRY_POLICY.maxAttempts;
/** The pause before a resend doubles from 500 ms up to this (about 30 s in all). */
const MAX_RESEND_PAUSE_MS = DEFAULT_RETRY_POLICY.maxDelayMs;

export interface ResendOptions<T> {
  /** The API operation, for log lines. */
  operation: string;
  send: () => Promise<T>;
  /**
   * After an ambiguous failure: the result of the call if it landed, else
   * undefined. May throw when what it finds forbids going on (e.g. someone
   * else's draft took the name meanwhile).
   */
  landed: (failure: FlinkApiError) => Promise<T | undefined>;
  /** How the landed result is named in the log line, e.g. "draft 123". */
  describe: (result: T) => string;
  log: Logger;
  clock: Clock;
}

export async function resendIfNotLanded<T>(options: ResendOptions<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await options.send();
    } catch (err) {
      if (!(err instanceof FlinkApiError) || !err.retryable || attempt >= AMBIGUOUS_ATTEMPTS) throw err;
      const result = await options.landed(err);
      if (result !== undefined) {
        options.log.info(
          `${options.operation} reported "${err.message}" but had landed (${options.describe(result)})`,
        );
        return result;
      }
      options.log.warn(`${options.operation} did not land (${err.message}); sending it again`);
      await options.clock.sleep(Math.min(MAX_RESEND_PAUSE_MS, 250 * 2 ** attempt));
    }
  }
}
