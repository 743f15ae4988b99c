/** Everything a request handler can reach: configuration, state, and the runtime knobs tests turn. */
import { createClock, type Clock } from "./clock";
import type { EmulatorConfig } from "./config";
import { Durations } from "./durations";
import type { Store, TicketKind } from "./store";
import { GrammarSqlValidator } from "./validation/grammar-validator";
import type { SqlValidator } from "./validation/sql-validator";

/** A failure the admin API armed for jobs not started yet (see job-faults.ts). */
export interface ArmedJobFailure {
  /** Which starts it applies to; neither = the next job started anywhere. */
  deploymentId?: string;
  deploymentName?: string;
  namespace?: string;
  /** ms the job runs before failing; undefined = it fails while starting. */
  afterMs?: number;
  reason: string;
  message: string;
  /** How many more starts fail. */
  remaining: number;
}

export interface Backend {
  config: EmulatorConfig;
  store: Store;
  /** "now" of the service's state; the gateway's signature check keeps the wall clock. */
  clock: Clock;
  sqlValidator: SqlValidator;
  /** Ticket and job durations (fixed or ranges, scaled by speed); the admin API changes them. */
  durations: Durations;
  /** Set by the admin API: the next ticket of this kind ends FAILED with this message. */
  failNextTicket: Partial<Record<TicketKind, string>>;
  /** Set by the admin API: failures waiting for the next matching StartJobWithParams. */
  armedJobFailures: ArmedJobFailure[];
}

export function createBackend(
  config: EmulatorConfig,
  store: Store,
  parts: { clock?: Clock; sqlValidator?: SqlValidator } = {},
): Backend {
  return {
    config,
    store,
    clock: parts.clock ?? createClock(config.clock),
    sqlValidator: parts.sqlValidator ?? new GrammarSqlValidator(),
    durations: new Durations(config.durations),
    failNextTicket: {},
    armedJobFailures: [],
  };
}
