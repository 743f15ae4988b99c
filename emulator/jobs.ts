/**
 * Job lifecycle. StartJobWithParams creates a STARTING job that becomes RUNNING after `jobStart` ms;
 * StopJob makes it CANCELLING, and CANCELLED after `jobStop` ms (completing its savepoint, if one is
 * being taken). Injected failures and restarts (admin API) happen on the same clock. Like tickets,
 * jobs advance lazily at the start of every request, each transition at the time it was due.
 */
import type { Backend } from "./backend";
import { DEFAULT_DEPLOYMENT_TARGET, deploymentTargetsOf } from "./config";
import { resourceFieldsOf } from "./deployment-defaults";
import { deploymentSpecOf } from "./deployment-spec";
import type { Scope } from "./drafts";
import { invalidParameter, notFound, productError } from "./errors";
import { recordEvent } from "./events";
import { scheduleFailure, takeArmedFailure } from "./job-faults";
import { footprintOf, quotaShortfall } from "./quotas";
import { substitute } from "./sql";
import { missingSecretMessage } from "./validation/draft-validator";
import { namespaceValues } from "./variables";
import {
  beginStopSavepoint,
  completeSavepoint,
  resolveRestore,
  restoreIncompatibility,
  retainCheckpoint,
} from "./savepoints";
import {
  newId,
  unixSeconds,
  type Actor,
  type DeploymentRecord,
  type JobFailure,
  type JobRecord,
  type LocalVariable,
  type RestoreStrategy,
  type StopStrategy,
} from "./store";

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

export function findJob(backend: Backend, scope: Scope, jobId: string): JobRecord {
  const job = backend.store.state.jobs[jobId];
  if (!job || job.namespace !== scope.namespace || job.workspace !== scope.workspace) {
    throw notFound(`Job ${jobId} in namespace ${scope.namespace}`);
  }
  return job;
}

const SORTERS: Record<string, (a: JobRecord, b: JobRecord) => number> = {
  gmt_create: (a, b) => Number(a.createdAt) - Number(b.createdAt) || a.jobId.localeCompare(b.jobId),
  job_id: (a, b) => a.jobId.localeCompare(b.jobId),
  status: (a, b) => a.status.localeCompare(b.status),
};

/** ListJobs: newest first by default (a user script relies on it); sortName per the API metadata. */
export function listJobs(
  backend: Backend,
  scope: Scope,
  deploymentId: string,
  sortName: string,
  sortOrder: string,
): JobRecord[] {
  const sorter = SORTERS[sortName];
  if (!sorter) {
    throw invalidParameter(
      `ListJobs: sortName must be one of ${Object.keys(SORTERS).join(", ")}, got ${sortName}.`,
    );
  }
  const descending = sortOrder.toLowerCase() !== "asc";
  return Object.values(backend.store.state.jobs)
    .filter(
      (j) =>
        j.namespace === scope.namespace && j.workspace === scope.workspace && j.deploymentId === deploymentId,
    )
    .sort((a, b) => (descending ? sorter(b, a) : sorter(a, b)));
}

export interface StartRequest {
  resourceQueueName?: string;
  restoreStrategy?: RestoreStrategy;
  localVariables?: LocalVariable[];
}

/**
 * StartJobWithParams: one active job per deployment; the queue must be a target of the namespace;
 * the job copies what the deployment holds now (artifact, variables, resources, flinkConf, logging).
 */
export function startJob(
  backend: Backend,
  deployment: DeploymentRecord,
  request: StartRequest,
  actor: Actor,
  now: number,
): JobRecord {
  const active = Object.values(backend.store.state.jobs).find(
    (j) => j.deploymentId === deployment.deploymentId && ACTIVE_JOB_STATES.includes(j.status),
  );
  if (active) {
    throw productError(
      "InvalidJobState",
      `StartJobWithParams: deployment ${deployment.name} already has job ${active.jobId} in state ${active.status}; stop it first (StopJob).`,
    );
  }
  const queue = request.resourceQueueName ?? deployment.deploymentTarget.name ?? DEFAULT_DEPLOYMENT_TARGET;
  const targets = deploymentTargetsOf(backend.config, deployment.workspace, deployment.namespace);
  if (!targets.includes(queue)) {
    throw invalidParameter(
      `StartJobWithParams: body.resourceQueueName ${queue} is not a deployment target of namespace ${deployment.namespace} (existing: ${targets.join(", ")}).`,
    );
  }
  // ASSUMPTION (setting quotaExceeded): a start over the target's quota is refused, or the job fails starting.
  const resources = resourceFieldsOf(deployment);
  const shortfall = quotaShortfall(
    backend,
    deployment,
    queue,
    footprintOf(resources, deployment.executionMode),
  );
  if (shortfall && backend.config.quotaExceeded === "refuse") {
    throw productError("InsufficientResources", `StartJobWithParams: ${shortfall}`);
  }
  // ASSUMPTION: without a restoreStrategy the service starts without state (the SDK has no default).
  const restoreStrategy = resolveRestore(backend, deployment, request.restoreStrategy ?? { kind: "NONE" });
  const at = String(unixSeconds(now));
  const job: JobRecord = {
    jobId: newId(),
    workspace: deployment.workspace,
    namespace: deployment.namespace,
    deploymentId: deployment.deploymentId,
    deploymentName: deployment.name,
    engineVersion: deployment.engineVersion,
    executionMode: deployment.executionMode,
    // Copies: the job keeps running what it started with, whatever is deployed later.
    artifact: structuredClone(deployment.artifact),
    localVariables: structuredClone(request.localVariables ?? deployment.localVariables),
    resources,
    restoreStrategy,
    resourceQueueName: queue,
    status: "STARTING",
    runningAtMs: now + backend.durations.draw("jobStart"),
    restarts: 0,
    deploymentSpec: deploymentSpecOf(deployment),
    creator: actor.userId,
    creatorName: actor.userName,
    modifier: actor.userId,
    modifierName: actor.userName,
    startTime: unixSeconds(now),
    createdAt: at,
    modifiedAt: at,
  };
  backend.store.state.jobs[job.jobId] = job;
  const missingSecret = missingSecretAtStart(backend, job);
  const incompatible = restoreIncompatibility(backend, restoreStrategy.savepointId, restoreStrategy, job);
  if (shortfall) scheduleFailure(job, { reason: "InsufficientResources", message: shortfall }, now);
  else if (missingSecret) {
    scheduleFailure(job, { reason: "SecretValueNotFound", message: missingSecret }, now);
  } else if (incompatible) {
    scheduleFailure(job, { reason: "RestoreStateIncompatible", message: incompatible.message }, now);
  } else takeArmedFailure(backend, job, now);
  recordEvent(backend, {
    ...jobEventScope(job),
    atMs: now,
    kind: "JOB_STARTING",
    by: actor.userName,
    restoreKind: restoreStrategy.kind,
    savepointId: restoreStrategy.savepointId,
  });
  return job;
}

/**
 * The service substitutes `${secret_values.<name>}` again when a job starts; a variable deleted since the
 * deploy makes the job fail while starting (ASSUMPTION: how and with which reason).
 */
function missingSecretAtStart(backend: Backend, job: JobRecord): string | undefined {
  if (job.artifact.kind !== "SQLSCRIPT") return undefined;
  const locals = new Map((job.localVariables ?? []).map((v) => [v.name, v.value]));
  const sql = job.artifact.sqlArtifact?.sqlScript ?? "";
  const [missing] = substitute(sql, locals, namespaceValues(backend, job)).missingSecrets;
  return missing === undefined ? undefined : missingSecretMessage(missing, job.namespace);
}

/** StopJob as the API takes it: only a STARTING or RUNNING job can be stopped. */
export function requestStop(
  backend: Backend,
  job: JobRecord,
  strategy: StopStrategy,
  actor: Actor,
  now: number,
): void {
  if (!LIVE_JOB_STATES.includes(job.status)) {
    throw productError(
      "InvalidJobState",
      `StopJob: job ${job.jobId} is ${job.status}; only a STARTING or RUNNING job can be stopped.`,
    );
  }
  stopJob(backend, job, strategy, actor, now);
}

/** DeleteJob: only a job that is not active ("Deletes ... a job that is not in the running state"). */
export function deleteJob(backend: Backend, job: JobRecord, actor: Actor, now: number): void {
  if (ACTIVE_JOB_STATES.includes(job.status)) {
    throw productError(
      "InvalidJobState",
      `DeleteJob: job ${job.jobId} is ${job.status}; stop it first (StopJob) and wait for CANCELLED.`,
    );
  }
  delete backend.store.state.jobs[job.jobId];
  recordEvent(backend, { ...jobEventScope(job), atMs: now, kind: "JOB_DELETED", by: actor.userName });
}

/** StopJob's effect: CANCELLING now, CANCELLED after `jobStop` ms; a running job starts its savepoint. */
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
    message: jobFailure?.message,
  });
}

export function jobEventScope(job: JobRecord): { namespace: string; deploymentId: string; jobId: string } {
  return { namespace: job.namespace, deploymentId: job.deploymentId, jobId: job.jobId };
}
