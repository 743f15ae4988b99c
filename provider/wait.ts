/**
 * Polling with a deadline. Pulumi does not pass `customTimeouts` to dynamic
 * providers and Ctrl-C does not reach them (docs/design.md §4.8),
 * so every wait here has its own deadline, starts fast (tickets in the
 * emulator and small drafts finish in well under a second) and backs off to a
 * cap so that long deploys do not hammer the API.
 */
import type { Clock } from "./clock";
import { formatDuration } from "./durations";
import type { Logger } from "./log";

export interface Deadline {
  /** Epoch ms after which waiting stops. */
  at: number;
  /** What the deadline is, for messages, e.g. 'timeouts.create "30m"'. */
  label: string;
}

export function deadlineIn(ms: number, label: string, now: number): Deadline {
  return { at: now + ms, label };
}

export class WaitTimeoutError extends Error {
  constructor(what: string, deadline: Deadline, lastState: string) {
    super(
      `Gave up waiting for ${what} (last state: ${lastState}) after ${deadline.label}; raise it or run \`pulumi up\` again to resume.`,
    );
    this.name = "WaitTimeoutError";
  }
}

export interface PollOptions<T> {
  /** What is being waited for, e.g. "deploy ticket 1234". */
  what: string;
  fetch: () => Promise<T>;
  /** A short state label; a line is logged each time it changes. */
  stateOf: (value: T) => string;
  isDone: (value: T) => boolean;
  deadline: Deadline;
  log: Logger;
  /** Shortest pause between polls (default 150 ms). */
  minDelayMs?: number;
  /** Longest pause between polls (default 60 s). */
  maxDelayMs?: number;
  /** Pause as a share of the time waited so far (default 0.05). */
  proportion?: number;
  clock: Clock;
}

/**
 * Calls `fetch` until `isDone`. The pause before the next poll is 5 % of the
 * time waited so far, at least 150 ms and at most 60 s, so:
 * - a ticket is noticed at most max(150 ms, 5 %) after it finished (the
 *   benchmark's overhead target), where a doubling backoff can be late by
 *   half the time waited;
 * - the number of polls grows with the logarithm of the wait (about 20 for a
 *   3 s ticket, 90 for a minute, 160 for half an hour) until the 60 s cap, not
 *   linearly as a fixed interval does.
 */
export async function pollUntil<T>(options: PollOptions<T>): Promise<T> {
  const sleep = (ms: number): Promise<void> => options.clock.sleep(ms);
  const now = (): number => options.clock.now();
  const minDelay = options.minDelayMs ?? 150;
  const maxDelay = options.maxDelayMs ?? 60_000;
  const proportion = options.proportion ?? 0.05;
  const started = now();
  let lastState = "not yet polled";
  for (;;) {
    const value = await options.fetch();
    const state = options.stateOf(value);
    if (state !== lastState) {
      options.log.info(`${options.what}: ${state} (${formatDuration(now() - started)})`);
      lastState = state;
    }
    if (options.isDone(value)) return value;
    const remaining = options.deadline.at - now();
    if (remaining <= 0) throw new WaitTimeoutError(options.what, options.deadline, lastState);
    const delay = Math.min(maxDelay, Math.max(minDelay, proportion * (now() - started)));
    await sleep(Math.min(delay, remaining));
  }
}
