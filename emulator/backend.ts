/** Everything a request handler can reach: configuration, state, and the runtime knobs tests turn. */
import type { EmulatorConfig } from "./config";
import type { Store, TicketKind } from "./store";
import { flinkGrammarChecker, type SqlChecker } from "./validation/sql-check";

export interface Durations {
  /** INIT → FINISHED of a validate ticket, ms */
  validate: number;
  /** INIT → FINISHED of a deploy ticket, ms */
  deploy: number;
  /** STARTING → RUNNING (and CANCELLING → CANCELLED) of a job, ms */
  jobStart: number;
}

export interface Backend {
  config: EmulatorConfig;
  store: Store;
  sqlChecker: SqlChecker;
  durations: Durations;
  /** Set by the admin API: the next ticket of this kind ends FAILED with this message. */
  failNextTicket: Partial<Record<TicketKind, string>>;
}

export function createBackend(
  config: EmulatorConfig,
  store: Store,
  sqlChecker: SqlChecker = flinkGrammarChecker,
): Backend {
  return {
    config,
    store,
    sqlChecker,
    durations: { validate: config.ticketMs, deploy: config.ticketMs, jobStart: config.jobStartMs },
    failNextTicket: {},
  };
}
