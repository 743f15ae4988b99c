/** Advances everything time-driven (tickets, jobs) to `now`; true when the state changed. */
import type { Backend } from "./backend";
import { nextEventSeq, orderEventsSince } from "./events";
import { settleHotUpdates } from "./hot-updates";
import { settleJobs } from "./jobs";
import { settleSavepoints } from "./savepoints";
import { settleTickets } from "./tickets";

export function settle(backend: Backend, now: number): boolean {
  const firstSeq = nextEventSeq(backend);
  const tickets = settleTickets(backend, now);
  const jobs = settleJobs(backend, now);
  const savepoints = settleSavepoints(backend, now);
  const hotUpdates = settleHotUpdates(backend, now);
  orderEventsSince(backend, firstSeq);
  return tickets || jobs || savepoints || hotUpdates;
}
