/**
 * Poll schedules: the provider's own (pollUntil's defaults) and the anchors'
 * published settings, applied to the provider's real create/update.
 *
 * Anchors, as Terraform's StateChangeConf runs them (wait before the first
 * refresh = Delay; then a wait that starts at MinTimeout, doubles, and is
 * capped at 10 s; or a fixed PollInterval):
 * - alicloud Terraform job resource: Delay 15 s, MinTimeout 3 s → 3 s, 6 s, 10 s, 10 s…
 * - Confluent Flink statement resource: Delay 5 s, PollInterval 10 s → 10 s, 10 s…
 *
 * `withSchedule` runs a function with every pollUntil call inside it (across
 * awaits, via AsyncLocalStorage) using the given schedule; calls outside keep
 * the provider's defaults, so anchors and our own polling can run at once.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { PollOptions } from "../../provider/wait";
import type { Expectation } from "../../provider/pacing";
import { providerPacing, providerWait } from "./dist-modules";

export interface AnchorSchedule {
  label: string;
  /** Wait before the first poll of each ticket. */
  firstPollDelayMs: number;
  /** Then sleeps of initialDelayMs × factorⁿ, capped at maxDelayMs. */
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
  source: string;
}

export const TERRAFORM_ALICLOUD: AnchorSchedule = {
  label: "terraform",
  firstPollDelayMs: 15_000,
  initialDelayMs: 3_000,
  factor: 2,
  maxDelayMs: 10_000,
  source:
    "alicloud Terraform job resource: StateChangeConf Delay 15 s, MinTimeout 3 s (doubling, capped at 10 s)",
};

export const CONFLUENT: AnchorSchedule = {
  label: "confluent",
  firstPollDelayMs: 5_000,
  initialDelayMs: 10_000,
  factor: 1,
  maxDelayMs: 10_000,
  source: "Confluent Flink statement resource: StateChangeConf Delay 5 s, PollInterval 10 s",
};

const active = new AsyncLocalStorage<AnchorSchedule>();
let installed = false;

/** Replaces the provider's pollUntil export by one that honours `withSchedule`. Idempotent. */
function install(): void {
  if (installed) return;
  const wait = providerWait();
  const original = wait.pollUntil;
  wait.pollUntil = <T>(options: PollOptions<T>): Promise<T> => {
    const schedule = active.getStore();
    return schedule ? original(anchored(options, schedule)) : original(options);
  };
  installed = true;
}

/**
 * The options that make pollUntil follow an anchor's schedule: its delay before
 * the first poll, then its own pauses (initialDelayMs × factorⁿ, capped), which
 * replace the pauses pollUntil asks for.
 */
export function anchored<T>(options: PollOptions<T>, schedule: AnchorSchedule): PollOptions<T> {
  const sleep = (ms: number): Promise<void> => options.clock.sleep(ms);
  let first = true;
  let pause = schedule.initialDelayMs;
  return {
    ...options,
    // The anchors know nothing of earlier waits (and teach ours nothing).
    expect: undefined,
    clock: {
      now: () => options.clock.now(),
      sleep: async () => {
        const ms = pause;
        pause = Math.min(schedule.maxDelayMs, pause * schedule.factor);
        await sleep(ms);
      },
    },
    fetch: async () => {
      if (first) {
        first = false;
        await sleep(schedule.firstPollDelayMs);
      }
      return options.fetch();
    },
  };
}

export function withSchedule<T>(schedule: AnchorSchedule, run: () => Promise<T>): Promise<T> {
  install();
  return active.run(schedule, run);
}

/**
 * How many polls a wait of `ticketMs` takes under a schedule, on a simulated
 * clock (requests take no time): the provider's real pollUntil, with its
 * defaults when `schedule` is undefined. `seen`: the provider has seen waits of
 * these lengths before (its duration learner), so the wait is predicted.
 */
export async function simulatedPolls(
  ticketMs: number,
  schedule: AnchorSchedule | undefined,
  seen: number[] = [],
): Promise<{ polls: number; lateMs: number }> {
  const learner = new (providerPacing().DurationLearner)();
  const key = { endpoint: "simulated", namespace: "ws/ns", kind: "deploy" as const };
  for (const length of seen) await simulatedWait(length, schedule, learner.expectation(key));
  return simulatedWait(ticketMs, schedule, seen.length > 0 ? learner.expectation(key) : undefined);
}

async function simulatedWait(
  ticketMs: number,
  schedule: AnchorSchedule | undefined,
  expect: Expectation | undefined,
): Promise<{ polls: number; lateMs: number }> {
  const { pollUntil, deadlineIn } = providerWait();
  let clock = 0;
  let polls = 0;
  const options: PollOptions<boolean> = {
    expect,
    what: "simulated ticket",
    fetch: async () => {
      polls += 1;
      return clock >= ticketMs;
    },
    stateOf: (done) => (done ? "FINISHED" : "EXECUTING"),
    isDone: (done) => done,
    deadline: deadlineIn(24 * 3_600_000, "simulation", 0),
    log: { info: () => undefined, warn: () => undefined },
    clock: {
      sleep: async (ms: number) => {
        clock += ms;
      },
      now: () => clock,
    },
  };
  await pollUntil(schedule ? anchored(options, schedule) : options);
  return { polls, lateMs: clock - ticketMs };
}
