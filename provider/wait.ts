/**
 * Polling with a deadline. Pulumi does not pass `customTimeouts` to dynamic
 * providers and Ctrl-C does not reach them (reference/pulumi-dynamic.md §4),
 * so every wait here has its own deadline, starts fast (tickets in the
 * emulator and small drafts finish in well under a second) and backs off to a
 * cap so that long deploys do not hammer the API.
 */
import { formatDuration } from "./durations";
import type { Logger } from "./log";

export interface Deadline {
  /** Epoch ms after which waiting stops. */
  at: number;
  /** What the deadline is, for messages, e.g. 'timeouts.create "30m"'. */
  label: string;
}

export function deadlineIn(ms: number, label: string, now: number = Date.now()): Deadline {
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
  initialDelayMs?: number;
  maxDelayMs?: number;
  factor?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Calls `fetch` until `isDone`, sleeping 100 ms × 1.6ⁿ (capped at 5 s) in between. */
export async function pollUntil<T>(options: PollOptions<T>): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const maxDelay = options.maxDelayMs ?? 5_000;
  const factor = options.factor ?? 1.6;
  const started = now();
  let delay = options.initialDelayMs ?? 100;
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
    await sleep(Math.min(delay, remaining));
    delay = Math.min(maxDelay, delay * factor);
  }
}
