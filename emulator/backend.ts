/** Everything a request handler can reach: configuration, state, and the runtime knobs tests turn. */
import type { EmulatorConfig } from "./config";
import type { Store, TicketKind } from "./store";
import { flinkGrammarChecker, type SqlChecker } from "./validation/sql-check";

export interface Durations {
  /** INIT → FINISHED of a validate ticket, ms */
  validate: number;
  /** INIT → FINISHED of a deploy ticket, ms */
  deploy: number;
  /** STARTING → RUNNING of a job, ms */
  jobStart: number;
  /** CANCELLING → CANCELLED of a job (the stop, savepoint included), ms */
  jobStop: number;
}

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
  sqlChecker: SqlChecker;
  durations: Durations;
  /** Set by the admin API: the next ticket of this kind ends FAILED with this message. */
  failNextTicket: Partial<Record<TicketKind, string>>;
  /** Set by the admin API: failures waiting for the next matching StartJobWithParams. */
  armedJobFailures: ArmedJobFailure[];
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
    durations: {
      validate: config.ticketMs,
      deploy: config.ticketMs,
      jobStart: config.jobStartMs,
      jobStop: config.jobStopMs,
    },
    failNextTicket: {},
    armedJobFailures: [],
  };
}
