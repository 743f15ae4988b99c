/**
 * How long the service's asynchronous steps took: validate and deploy
 * tickets, job starts and stops, per endpoint, namespace, kind and engine
 * version. One learner per provider instance (every resource of an `up`
 * shares it, docs/design.md §4.1), seeded from and written back to a small
 * per-user cache file (duration-cache.ts), so a wait is predicted from the
 * second ticket of a kind on, and across runs from the first.
 *
 * A wait knows its duration only to within its polls: after the last poll that
 * saw the step running and before the answer that saw it done. Each
 * observation is that interval. The prediction is a window: where the recent
 * intervals overlap (consistent durations: each one narrows it), else their
 * span (variable durations), widened a little. wait.ts sleeps until shortly
 * before the window and crosses it in a few steps; past it, and without
 * history, waits fall back to the proportional schedule. What other namespaces
 * and engine versions of the endpoint taught is only a prior: where to start.
 */
import { cacheKey, type DurationCacheFile } from "./duration-cache";

export type DurationKind = "validate" | "deploy" | "jobStart" | "jobStop";

export interface DurationKey {
  /** host[:port] of the API. */
  endpoint: string;
  /** "workspace/namespace". */
  namespace: string;
  kind: DurationKind;
  engineVersion?: string;
}

/** When to poll, in ms after the wait started. */
export interface PredictedWindow {
  /** Sleep until here before the first poll. */
  startMs: number;
  /** Poll every stepMs until here; later, the proportional schedule. */
  endMs: number;
  stepMs: number;
  /**
   * Learned from other namespaces or engine versions of the same endpoint and kind: a hint of
   * when to start polling, not of where this step will finish. The wait polls on the proportional
   * schedule from `startMs`, so that its observation is precise enough for the next wait to cross
   * its window in a few close polls; crossing a prior's (often wide) window in three long steps
   * would teach a window as wide as those steps.
   */
  prior?: boolean;
}

/** What a wait is told and tells back (wait.ts). */
export interface Expectation {
  /** Asked before each pause: another resource may have taught the learner meanwhile. */
  window(): PredictedWindow | undefined;
  /** The step finished after `afterMs` and by `byMs` (ms after the wait started), as the polls saw. */
  record(afterMs: number, byMs: number): void;
}

/** An observed duration: between these two, in ms. */
export type Observation = readonly [afterMs: number, byMs: number];

/** Durations kept per key; the window spans the most recent `WINDOW_OF` of them. */
const KEPT = 8;
const WINDOW_OF = 5;
/** The shortest pause between polls in a window. */
const MIN_STEP_MS = 20;
/** Polls across the window (about): a wide window is crossed in this many steps. */
const STEPS_ACROSS = 3;

export class DurationLearner {
  private readonly observations = new Map<string, Observation[]>();

  constructor(private readonly store?: DurationCacheFile) {
    for (const [key, values] of Object.entries(store?.load() ?? {})) this.observations.set(key, values);
  }

  expectation(key: DurationKey): Expectation {
    const exact = storageKey(key);
    // Another namespace or engine version of the same endpoint and kind: a prior, when nothing closer is known.
    const coarse = storageKey({ endpoint: key.endpoint, namespace: "*", kind: key.kind });
    return {
      window: () => {
        const own = this.window(exact);
        if (own) return own;
        const prior = this.window(coarse);
        return prior && { ...prior, prior: true };
      },
      record: (afterMs, byMs) => {
        this.record(exact, afterMs, byMs);
        this.record(coarse, afterMs, byMs);
        this.store?.save(exact, this.observations.get(exact) ?? []);
        this.store?.save(coarse, this.observations.get(coarse) ?? []);
      },
    };
  }

  private record(key: string, afterMs: number, byMs: number): void {
    if (!Number.isFinite(afterMs) || !Number.isFinite(byMs) || afterMs < 0 || byMs < afterMs) return;
    const observation: Observation = [Math.floor(afterMs), Math.ceil(byMs)];
    const values = [...(this.observations.get(key) ?? []), observation].slice(-KEPT);
    this.observations.set(key, values);
  }

  private window(key: string): PredictedWindow | undefined {
    const recent = (this.observations.get(key) ?? []).slice(-WINDOW_OF);
    if (recent.length === 0) return undefined;
    return predictWindow(recent);
  }
}

/** The window of recent observations (exported for tests). */
export function predictWindow(recent: readonly Observation[]): PredictedWindow {
  const overlapFrom = Math.max(...recent.map(([after]) => after));
  const overlapTo = Math.min(...recent.map(([, by]) => by));
  // Consistent durations: the true one lies in every interval. Otherwise: anywhere in their span.
  const [from, to] =
    overlapFrom <= overlapTo
      ? [overlapFrom, overlapTo]
      : [Math.min(...recent.map(([after]) => after)), Math.max(...recent.map(([, by]) => by))];
  // "Shortly": half a percent of the duration, at least the timer's and the network's jitter.
  const lead = Math.max(15, 0.005 * from);
  const startMs = Math.max(0, from - lead);
  const endMs = to + lead;
  return { startMs, endMs, stepMs: Math.max(MIN_STEP_MS, (endMs - startMs) / STEPS_ACROSS) };
}

function storageKey(key: DurationKey): string {
  return cacheKey([key.endpoint, key.namespace, key.kind, key.engineVersion ?? ""]);
}
