/**
 * The emulator's notion of "now" for everything the service does over time: tickets, jobs, savepoints,
 * timestamps in responses. The gateway's signature freshness check keeps the wall clock (a client signs
 * with its real time), and so does throttling (its window protects the real process).
 *
 * A manual clock only moves when told to (`advance`), so a test can run a 5-minute deploy-and-start
 * without waiting: tickets and jobs settle lazily against `now()` at the start of every request.
 */
export type ClockKind = "wall" | "manual";

export interface Clock {
  readonly kind: ClockKind;
  /** ms since the epoch */
  now(): number;
}

export class WallClock implements Clock {
  readonly kind = "wall";
  now(): number {
    return Date.now();
  }
}

export class ManualClock implements Clock {
  readonly kind = "manual";
  private current: number;

  /** Starts at `startMs` (default: the wall clock at creation, so timestamps look current). */
  constructor(startMs: number = Date.now()) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward by `ms` (>= 0); returns the new now. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new Error(`The emulator clock only moves forward: advance(ms) needs ms >= 0, got ${ms}.`);
    }
    this.current += Math.round(ms);
    return this.current;
  }
}

export function createClock(kind: ClockKind): Clock {
  return kind === "manual" ? new ManualClock() : new WallClock();
}
