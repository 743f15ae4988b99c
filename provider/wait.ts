/**
 * Polling with a deadline. Pulumi does not pass `customTimeouts` to dynamic
 * providers and Ctrl-C does not reach them (docs/design.md §4.8),
 * so every wait here has its own deadline. A wait whose duration the provider
 * has seen before (pacing/learned-durations.ts) sleeps until shortly before
 * the predicted finish and then polls close together; without history, or
 * once past the prediction, it starts fast and backs off in proportion to the
 * time waited, up to a cap, so that long deploys do not hammer the API.
 */
import type { Clock } from "./clock";
import { formatDuration } from "./durations";
import type { Logger } from "./log";
import type { Expectation } from "./pacing/learned-durations";
import { endUrgency } from "./pacing/pacer";

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
  /** What the provider learned about this kind of wait: when to poll, and where to report how long it took. */
  expect?: Expectation;
}

/**
 * Calls `fetch` until `isDone`.
 *
 * With a prediction (`expect`), the first poll is at the window's start
 * (shortly before the shortest recent duration) and the next ones a step
 * apart until its end, so a step of consistent duration takes two polls and is
 * noticed within a step of finishing. A prior (learned in another namespace)
 * only sets the first poll; the proportional schedule follows. The wait's own
 * duration is reported back as the interval the polls saw: after the last poll
 * that found it running was sent, by the time the answer that found it done
 * arrived.
 *
 * Otherwise (no history, or past the window) the pause before the next poll is
 * 5 % of the time waited so far, at least 150 ms and at most 60 s, so:
 * - a step is noticed at most max(150 ms, 5 %) after it finished, where a
 *   doubling backoff can be late by half the time waited;
 * - the number of polls grows with the logarithm of the wait (about 20 for a
 *   3 s ticket, 90 for a minute, 160 for half an hour) until the 60 s cap, not
 *   linearly as a fixed interval does.
 */
export async function pollUntil<T>(options: PollOptions<T>): Promise<T> {
  // The method now has slack: its polls, and its calls after them, queue behind others' starts.
  endUrgency();
  const sleep = (ms: number): Promise<void> => options.clock.sleep(ms);
  const now = (): number => options.clock.now();
  const minDelay = options.minDelayMs ?? 150;
  const maxDelay = options.maxDelayMs ?? 60_000;
  const proportion = options.proportion ?? 0.05;
  const started = now();
  let lastState = "not yet polled";
  /** When the last poll that saw the step unfinished was sent, ms after the start. */
  let runningAt: number | undefined;
  const predictedPause = (elapsed: number): number | undefined => {
    const window = options.expect?.window();
    if (!window || elapsed >= window.endMs) return undefined;
    if (elapsed < window.startMs) return window.startMs - elapsed;
    // A prior (another namespace's durations) says when to start, not where to step.
    if (window.prior) return undefined;
    return Math.min(window.stepMs, window.endMs - elapsed);
  };
  const firstPause = predictedPause(0);
  if (firstPause !== undefined && firstPause > 0) {
    await sleep(Math.min(firstPause, Math.max(0, options.deadline.at - now())));
  }
  for (;;) {
    const sentAt = now() - started;
    const value = await options.fetch();
    const state = options.stateOf(value);
    if (state !== lastState) {
      options.log.info(`${options.what}: ${state} (${formatDuration(now() - started)})`);
      lastState = state;
    }
    if (options.isDone(value)) {
      const answeredAt = now() - started;
      options.expect?.record(runningAt ?? 0, answeredAt);
      return value;
    }
    runningAt = sentAt;
    const remaining = options.deadline.at - now();
    if (remaining <= 0) throw new WaitTimeoutError(options.what, options.deadline, lastState);
    const elapsed = now() - started;
    const delay = predictedPause(elapsed) ?? Math.min(maxDelay, Math.max(minDelay, proportion * elapsed));
    await sleep(Math.min(delay, remaining));
  }
}
