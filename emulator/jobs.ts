/**
 * Job lifecycle: StartJobWithParams creates a STARTING job that becomes RUNNING after `jobStart` ms;
 * StopJob makes it CANCELLING, and CANCELLED after the same time. Like tickets, jobs advance lazily
 * at the start of every request.
 */
import type { Backend } from "./backend";
import { unixSeconds } from "./store";

export const ACTIVE_JOB_STATES = ["STARTING", "RUNNING", "CANCELLING"];

export function settleJobs(backend: Backend, now: number): boolean {
  let changed = false;
  for (const job of Object.values(backend.store.state.jobs)) {
    if (job.status === "STARTING" && job.runningAtMs !== undefined && job.runningAtMs <= now) {
      job.status = "RUNNING";
      job.modifiedAt = String(unixSeconds(job.runningAtMs));
      changed = true;
    }
    if (job.status === "CANCELLING" && job.cancelledAtMs !== undefined && job.cancelledAtMs <= now) {
      job.status = "CANCELLED";
      job.endTime = unixSeconds(job.cancelledAtMs);
      job.modifiedAt = String(job.endTime);
      changed = true;
    }
  }
  return changed;
}
