/**
 * Job states as the service reports them (`Job.status.currentJobStatus`) and
 * how they compare with the desired `jobState`.
 *
 * The `jobState` output is the *observed* state in these terms (RUNNING or
 * STOPPED), so that a job that died or was stopped outside Pulumi shows as
 * drift after a refresh and as a change on the next `up`.
 */
import type { JobState } from "../resources/deployed-draft/schema";

/** Reported for a deployment that has never had a job. */
export const NOT_STARTED = "NOT_STARTED";

/** The job runs, or is about to. */
export const LIVE_JOB_STATUSES: ReadonlySet<string> = new Set(["STARTING", "RUNNING"]);
/** The job no longer changes. */
export const FINAL_JOB_STATUSES: ReadonlySet<string> = new Set(["CANCELLED", "FAILED", "FINISHED"]);

/**
 * RUNNING when the job runs or starts; STOPPED otherwise. A BATCH job that
 * FINISHED did what it was deployed for: it counts as the state wanted, so a
 * finished batch run is not started again on every `up`.
 */
export function observedJobState(
  jobStatus: string,
  executionMode: string | undefined,
  desired: JobState,
): JobState {
  if (LIVE_JOB_STATUSES.has(jobStatus)) return "RUNNING";
  if (executionMode === "BATCH" && jobStatus === "FINISHED") return desired;
  return "STOPPED";
}
