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

/** A duration in ms: fixed, or drawn uniformly from [min, max] (integers). */
export type DurationSpec = number | DurationRange;

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

/** Parses "300" or "200-800" (CLI flags); undefined when the text is neither. */
export function parseDurationText(text: string): DurationSpec | undefined {
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
    const base =
      typeof spec === "number" ? spec : spec.min + Math.floor(this.random() * (spec.max - spec.min + 1));
    return Math.round(base * this.settings.speed);
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
