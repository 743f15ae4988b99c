/**
 * Job lifecycle. StartJobWithParams creates a STARTING job that becomes RUNNING after `jobStart` ms;
 * StopJob makes it CANCELLING, and CANCELLED after `jobStop` ms (completing its savepoint, if one is
 * being taken). Injected failures and restarts (admin API) happen on the same clock. Like tickets,
 * jobs advance lazily at the start of every request, each transition at the time it was due.
 */
import type { Backend } from "./backend";
import { recordEvent } from "./events";
import { beginStopSavepoint, completeSavepoint, retainCheckpoint } from "./savepoints";
import { unixSeconds, type Actor, type JobFailure, type JobRecord, type StopStrategy } from "./store";

/** States in which a job occupies its deployment (one at a time) and blocks deletes. */
export const ACTIVE_JOB_STATES = ["STARTING", "RUNNING", "CANCELLING"];
/** States in which a job can be stopped, failed, killed or restarted. */
export const LIVE_JOB_STATES = ["STARTING", "RUNNING"];

export function settleJobs(backend: Backend, now: number): boolean {
  let changed = false;
  for (const job of Object.values(backend.store.state.jobs)) {
    while (advanceOnce(backend, job, now)) changed = true;
  }
  return changed;
}

/** Applies the job's earliest due transition; false when nothing is due. */
function advanceOnce(backend: Backend, job: JobRecord, now: number): boolean {
  if (job.status === "STARTING" && job.runningAtMs !== undefined && job.runningAtMs <= now) {
    const failure = job.scheduledFailure;
    if (failure && failure.atMs === undefined) {
      endJob(backend, job, job.runningAtMs, "FAILED", failure);
      return true;
    }
    job.status = "RUNNING";
    job.runningSinceMs = job.runningAtMs;
    job.modifiedAt = String(unixSeconds(job.runningAtMs));
    recordEvent(backend, { ...jobEventScope(job), atMs: job.runningAtMs, kind: "JOB_RUNNING" });
    return true;
  }
  if (job.status === "RUNNING") {
    const restartAt = job.restartsAtMs?.[0];
    const failAt = job.scheduledFailure?.atMs;
    if (restartAt !== undefined && restartAt <= now && (failAt === undefined || restartAt < failAt)) {
      job.restartsAtMs?.shift();
      job.restarts = (job.restarts ?? 0) + 1;
      job.modifiedAt = String(unixSeconds(restartAt));
      recordEvent(backend, {
        ...jobEventScope(job),
        atMs: restartAt,
        kind: "JOB_RESTARTED",
        restarts: job.restarts,
      });
      return true;
    }
    if (job.scheduledFailure && failAt !== undefined && failAt <= now) {
      endJob(backend, job, failAt, "FAILED", job.scheduledFailure);
      return true;
    }
  }
  if (job.status === "CANCELLING" && job.cancelledAtMs !== undefined && job.cancelledAtMs <= now) {
    endJob(backend, job, job.cancelledAtMs, "CANCELLED");
    return true;
  }
  return false;
}

/** StopJob: CANCELLING now, CANCELLED after `jobStop` ms; a running job starts its savepoint. */
export function stopJob(
  backend: Backend,
  job: JobRecord,
  strategy: StopStrategy,
  actor: Actor,
  now: number,
): void {
  job.status = "CANCELLING";
  job.stopStrategy = strategy;
  job.cancelledAtMs = now + backend.durations.draw("jobStop");
  delete job.scheduledFailure;
  delete job.restartsAtMs;
  if (strategy !== "NONE" && job.runningSinceMs !== undefined) {
    job.stopSavepointId = beginStopSavepoint(backend, job, strategy, now).savepointId;
  }
  job.modifier = actor.userId;
  job.modifierName = actor.userName;
  job.modifiedAt = String(unixSeconds(now));
  recordEvent(backend, {
    ...jobEventScope(job),
    atMs: now,
    kind: "JOB_STOPPING",
    by: actor.userName,
    stopStrategy: strategy,
    savepointId: job.stopSavepointId,
  });
}

/**
 * Ends a job for good: CANCELLED (stopped, or killed from outside) or FAILED with a JobFailure.
 * Its state survives as the completed stop savepoint, or else as a retained checkpoint.
 */
export function endJob(
  backend: Backend,
  job: JobRecord,
  atMs: number,
  status: "CANCELLED" | "FAILED",
  failure?: { reason: string; message: string },
  by?: Actor,
): void {
  const savepoint = job.stopSavepointId ? backend.store.state.savepoints[job.stopSavepointId] : undefined;
  if (savepoint && savepoint.state === "STARTED") completeSavepoint(backend, savepoint, atMs);
  else retainCheckpoint(backend, job, atMs);
  job.status = status;
  job.endTime = unixSeconds(atMs);
  job.modifiedAt = String(job.endTime);
  if (by) {
    job.modifier = by.userId;
    job.modifierName = by.userName;
  }
  delete job.scheduledFailure;
  delete job.restartsAtMs;
  delete job.runningAtMs;
  delete job.cancelledAtMs;
  const jobFailure: JobFailure | undefined =
    status === "FAILED"
      ? {
          failedAt: job.endTime,
          reason: failure?.reason ?? "JobFailed",
          message: failure?.message ?? "The job failed.",
        }
      : undefined;
  if (jobFailure) job.failure = jobFailure;
  recordEvent(backend, {
    ...jobEventScope(job),
    atMs,
    kind: status === "FAILED" ? "JOB_FAILED" : "JOB_CANCELLED",
    by: by?.userName,
    reason: jobFailure?.reason,
  });
}

export function jobEventScope(job: JobRecord): { namespace: string; deploymentId: string; jobId: string } {
  return { namespace: job.namespace, deploymentId: job.deploymentId, jobId: job.jobId };
}
