/** Advances everything time-driven (tickets, jobs) to `now`; true when the state changed. */
import type { Backend } from "./backend";
import { settleJobs } from "./jobs";
import { settleTickets } from "./tickets";

export function settle(backend: Backend, now: number): boolean {
  const tickets = settleTickets(backend, now);
  const jobs = settleJobs(backend, now);
  return tickets || jobs;
}
