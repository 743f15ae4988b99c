/**
 * How long tickets and job transitions take: per kind a fixed duration or a `{min, max}` range (drawn
 * from a seeded PRNG, so a run is reproducible), all multiplied by a global `speed` factor
 * (0.5 = twice as fast, 2 = twice as slow).
 */
import { mulberry32 } from "./random";

export interface DurationRange {
  min: number;
  max: number;
}

/**
 * A right-skewed duration: log-normal with this median and 95th percentile (ms), like real service
 * latencies (most close to the median, a long tail). sigma = ln(p95 / median) / 1.6449.
 */
export interface DurationLogNormal {
  median: number;
  p95: number;
}

/** A duration in ms: fixed, drawn uniformly from [min, max] (integers), or log-normal {median, p95}. */
export type DurationSpec = number | DurationRange | DurationLogNormal;

/** z of the standard normal's 95th percentile */
const Z95 = 1.6448536269514722;

export type DurationKind = "validate" | "deploy" | "jobStart" | "jobStop" | "hotUpdate";

export const DURATION_KINDS: DurationKind[] = ["validate", "deploy", "jobStart", "jobStop", "hotUpdate"];

export interface DurationSettings {
  /** INIT → FINISHED of a validate ticket */
  validate: DurationSpec;
  /** INIT → FINISHED of a deploy ticket */
  deploy: DurationSpec;
  /** STARTING → RUNNING of a job */
  jobStart: DurationSpec;
  /** CANCELLING → CANCELLED of a job (the stop, savepoint included) */
  jobStop: DurationSpec;
  /** INIT → HOT_UPDATED (or FAILED) of a HotUpdateJob */
  hotUpdate: DurationSpec;
  /** Multiplies every drawn duration; > 0. */
  speed: number;
  /** Seed of the PRNG that draws from ranges. */
  seed: number;
}

/** Checks one duration spec; the error names the option so that the caller can fix it. */
export function checkDurationSpec(name: string, spec: DurationSpec): DurationSpec {
  if (typeof spec === "number") {
    if (!Number.isFinite(spec) || spec < 0) {
      throw new Error(`Emulator option ${name} must be a non-negative number of ms, got ${String(spec)}.`);
    }
    return spec;
  }
  if ("median" in spec) {
    const { median, p95 } = spec;
    if (!Number.isFinite(median) || !Number.isFinite(p95) || median <= 0 || p95 < median) {
      throw new Error(
        `Emulator option ${name} must be a log-normal {median, p95} with 0 < median <= p95 (ms), got ${JSON.stringify(spec)}.`,
      );
    }
    return { median, p95 };
  }
  const { min, max } = spec;
  if (!Number.isFinite(min) || !Number.isFinite(max) || min < 0 || max < min) {
    throw new Error(
      `Emulator option ${name} must be a range {min, max} with 0 <= min <= max (ms), got ${JSON.stringify(spec)}.`,
    );
  }
  return { min, max };
}

export function checkSpeed(name: string, speed: number): number {
  if (!Number.isFinite(speed) || speed <= 0) {
    throw new Error(
      `Emulator option ${name} must be a positive number (0.5 = twice as fast), got ${String(speed)}.`,
    );
  }
  return speed;
}

/** Parses "300", "200-800" or "300~900" (log-normal median~p95) (CLI flags); undefined otherwise. */
export function parseDurationText(text: string): DurationSpec | undefined {
  const skewed = /^(\d+)~(\d+)$/.exec(text.trim());
  if (skewed) return { median: Number(skewed[1]), p95: Number(skewed[2]) };
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const min = Number(match[1]);
  return match[2] === undefined ? min : { min, max: Number(match[2]) };
}

/** The run-time durations: what the configuration set, changed by the admin API, and the PRNG. */
export class Durations {
  private settings: DurationSettings;
  private random: () => number;

  constructor(initial: DurationSettings) {
    this.settings = { ...initial };
    this.random = mulberry32(initial.seed);
  }

  /** The duration (ms) of the next transition of this kind: drawn, scaled by speed, rounded. */
  draw(kind: DurationKind): number {
    const spec = this.settings[kind];
    let base: number;
    if (typeof spec === "number") base = spec;
    else if ("median" in spec) base = this.logNormal(spec);
    else base = spec.min + Math.floor(this.random() * (spec.max - spec.min + 1));
    return Math.round(base * this.settings.speed);
  }

  /** One log-normal draw (Box-Muller on two PRNG draws), so a seed replays the same durations. */
  private logNormal(spec: DurationLogNormal): number {
    const u1 = Math.max(this.random(), Number.MIN_VALUE);
    const u2 = this.random();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    const sigma = Math.log(spec.p95 / spec.median) / Z95;
    return Math.round(spec.median * Math.exp(sigma * z));
  }

  /** Changes some settings; a new seed restarts the PRNG. */
  update(change: Partial<DurationSettings>): void {
    for (const kind of DURATION_KINDS) {
      const spec = change[kind];
      if (spec !== undefined) this.settings[kind] = checkDurationSpec(kind, spec);
    }
    if (change.speed !== undefined) this.settings.speed = checkSpeed("speed", change.speed);
    if (change.seed !== undefined) {
      this.settings.seed = change.seed;
      this.random = mulberry32(change.seed);
    }
  }

  /** Restarts the PRNG from the current seed (admin reset), so a reset run replays the same draws. */
  reseed(): void {
    this.random = mulberry32(this.settings.seed);
  }

  view(): DurationSettings {
    return { ...this.settings };
  }
}
