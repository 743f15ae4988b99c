/**
 * Savepoints and retained checkpoints, and how StartJobWithParams' restoreStrategy picks one.
 *
 * - StopJob with STOP_WITH_SAVEPOINT or STOP_WITH_DRAIN on a job that reached RUNNING starts a savepoint
 *   (origin STOP_WITH_SAVEPOINT, state STARTED); it is COMPLETED when the job is CANCELLED. A job that
 *   never ran has no state to save, so no savepoint is taken.
 * - A job that reached RUNNING and then ends without a savepoint (stop with NONE, failure, killed)
 *   leaves a retained checkpoint: a COMPLETED entry with origin RETAINED_CHECKPOINT, the way the
 *   service lists retained checkpoints among savepoints.
 * - LATEST_SAVEPOINT restores from the deployment's newest completed savepoint (not a checkpoint);
 *   LATEST_STATE from its newest completed savepoint or retained checkpoint; either starts without
 *   state when there is none. FROM_SAVEPOINT needs a completed savepoint of the namespace. NONE never
 *   restores.
 */
import type { Backend } from "./backend";
import { operatorId, statefulOperators } from "./sql";
import type { Scope } from "./drafts";
import { invalidParameter, notFound, productError } from "./errors";
import { recordEvent } from "./events";
import {
  newId,
  type DeploymentRecord,
  type JobRecord,
  type RestoreStrategy,
  type SavepointRecord,
  type StopStrategy,
} from "./store";

export function beginStopSavepoint(
  backend: Backend,
  job: JobRecord,
  strategy: StopStrategy,
  now: number,
): SavepointRecord {
  const savepointId = newId();
  const savepoint: SavepointRecord = {
    savepointId,
    workspace: job.workspace,
    namespace: job.namespace,
    deploymentId: job.deploymentId,
    jobId: job.jobId,
    savepointOrigin: "STOP_WITH_SAVEPOINT",
    stopWithDrainEnabled: strategy === "STOP_WITH_DRAIN",
    savepointLocation: `oss://emulator/savepoints/${savepointId}`,
    state: "STARTED",
    createdAtMs: now,
    modifiedAtMs: now,
    operators: operatorsOfJob(job),
  };
  backend.store.state.savepoints[savepointId] = savepoint;
  return savepoint;
}

/** The stateful operators of what a job runs (SQL jobs only; others: none known). */
export function operatorsOfJob(job: { artifact: JobRecord["artifact"] }): string[] {
  return job.artifact.kind === "SQLSCRIPT"
    ? statefulOperators(job.artifact.sqlArtifact?.sqlScript ?? "")
    : [];
}

/**
 * Flink's refusal when the savepoint holds state of an operator the new program lacks (unless
 * allowNonRestoredState); undefined when every operator's state maps. Setting restoreCompatibilityCheck.
 */
export function restoreIncompatibility(
  backend: Backend,
  savepointId: string | undefined,
  restore: RestoreStrategy,
  newProgram: { artifact: JobRecord["artifact"] },
): { message: string; fingerprint: string } | undefined {
  if (
    !backend.config.restoreCompatibilityCheck ||
    savepointId === undefined ||
    restore.allowNonRestoredState
  ) {
    return undefined;
  }
  const savepoint = backend.store.state.savepoints[savepointId];
  if (!savepoint?.operators) return undefined;
  const current = operatorsOfJob(newProgram);
  const lost = savepoint.operators.find((op) => !current.includes(op));
  if (lost === undefined) return undefined;
  return {
    fingerprint: lost,
    message: `Failed to rollback to checkpoint/savepoint ${savepoint.savepointLocation}. Cannot map checkpoint/savepoint state for operator ${operatorId(lost)} to the new program, because the operator is not available in the new program. If you want to allow to skip this, you can set the --allowNonRestoredState option on the CLI.`,
  };
}

export function completeSavepoint(backend: Backend, savepoint: SavepointRecord, atMs: number): void {
  savepoint.state = "COMPLETED";
  savepoint.modifiedAtMs = atMs;
  recordEvent(backend, {
    atMs,
    kind: "SAVEPOINT_COMPLETED",
    namespace: savepoint.namespace,
    deploymentId: savepoint.deploymentId,
    jobId: savepoint.jobId,
    savepointId: savepoint.savepointId,
    savepointOrigin: savepoint.savepointOrigin,
  });
}

/** The last checkpoint of a job that ran and ended without a savepoint. */
export function retainCheckpoint(backend: Backend, job: JobRecord, atMs: number): void {
  if (job.runningSinceMs === undefined) return;
  const savepointId = newId();
  const checkpoint: SavepointRecord = {
    savepointId,
    workspace: job.workspace,
    namespace: job.namespace,
    deploymentId: job.deploymentId,
    jobId: job.jobId,
    savepointOrigin: "RETAINED_CHECKPOINT",
    stopWithDrainEnabled: false,
    savepointLocation: `oss://emulator/checkpoints/${savepointId}`,
    state: "STARTED",
    createdAtMs: atMs,
    modifiedAtMs: atMs,
    operators: operatorsOfJob(job),
  };
  backend.store.state.savepoints[savepointId] = checkpoint;
  completeSavepoint(backend, checkpoint, atMs);
}

/** What a new job of the deployment restores from; throws a 400 naming a bad savepointId. */
export function resolveRestore(
  backend: Backend,
  scope: { workspace: string; namespace: string; deploymentId: string },
  requested: RestoreStrategy,
): RestoreStrategy {
  const resolved: RestoreStrategy = { kind: requested.kind };
  if (requested.allowNonRestoredState !== undefined)
    resolved.allowNonRestoredState = requested.allowNonRestoredState;
  if (requested.jobStartTimeInMs !== undefined) resolved.jobStartTimeInMs = requested.jobStartTimeInMs;
  const completed = Object.values(backend.store.state.savepoints).filter(
    (s) => s.workspace === scope.workspace && s.namespace === scope.namespace && s.state === "COMPLETED",
  );
  if (requested.kind === "FROM_SAVEPOINT") {
    const id = requested.savepointId;
    if (!id) {
      throw productError(
        "InvalidParameter",
        "StartJobWithParams: body.restoreStrategy.savepointId is required when restoreStrategy.kind is FROM_SAVEPOINT.",
      );
    }
    if (!completed.some((s) => s.savepointId === id)) {
      throw productError(
        "SavepointNotFound",
        `StartJobWithParams: body.restoreStrategy.savepointId ${id} is not a completed savepoint in namespace ${scope.namespace}; ListSavepoints shows the deployment's savepoints.`,
      );
    }
    resolved.savepointId = id;
    return resolved;
  }
  if (requested.kind === "NONE") return resolved;
  const eligible = completed
    .filter((s) => s.deploymentId === scope.deploymentId)
    .filter((s) => requested.kind === "LATEST_STATE" || s.savepointOrigin !== "RETAINED_CHECKPOINT");
  // Stable sort by completion time: among equal times the later-recorded one wins.
  const latest = eligible.sort((a, b) => a.modifiedAtMs - b.modifiedAtMs)[eligible.length - 1];
  if (latest) resolved.savepointId = latest.savepointId;
  return resolved;
}

export function findSavepoint(backend: Backend, scope: Scope, savepointId: string): SavepointRecord {
  const savepoint = backend.store.state.savepoints[savepointId];
  if (!savepoint || savepoint.namespace !== scope.namespace || savepoint.workspace !== scope.workspace) {
    throw notFound(`Savepoint ${savepointId} in namespace ${scope.namespace}`);
  }
  return savepoint;
}

/** ListSavepoints. ASSUMPTION: newest first (the order is undocumented). */
export function listSavepoints(
  backend: Backend,
  scope: Scope,
  filter: { deploymentId?: string; jobId?: string },
): SavepointRecord[] {
  return Object.values(backend.store.state.savepoints)
    .filter((s) => s.namespace === scope.namespace && s.workspace === scope.workspace)
    .filter((s) => !filter.deploymentId || s.deploymentId === filter.deploymentId)
    .filter((s) => !filter.jobId || s.jobId === filter.jobId)
    .reverse()
    .sort((a, b) => b.createdAtMs - a.createdAtMs);
}

/**
 * CreateSavepoint (POST /savepoints {deploymentId, description, nativeFormat}): a USER_REQUEST
 * savepoint of the deployment's RUNNING job, STARTED now and COMPLETED after a `jobStop` duration
 * (ASSUMPTION: the time a savepoint takes is the time a stop with savepoint takes). Without a
 * RUNNING job there is no state to save: InvalidParameter (ASSUMPTION).
 */
export function createSavepoint(
  backend: Backend,
  deployment: DeploymentRecord,
  options: { description?: string; nativeFormat?: boolean },
  now: number,
): SavepointRecord {
  const job = Object.values(backend.store.state.jobs).find(
    (j) => j.deploymentId === deployment.deploymentId && j.status === "RUNNING",
  );
  if (!job) {
    throw invalidParameter(
      `CreateSavepoint: deployment ${deployment.name} has no RUNNING job to take a savepoint of; start it first (StartJobWithParams).`,
    );
  }
  const savepointId = newId();
  const savepoint: SavepointRecord = {
    savepointId,
    workspace: job.workspace,
    namespace: job.namespace,
    deploymentId: job.deploymentId,
    jobId: job.jobId,
    savepointOrigin: "USER_REQUEST",
    stopWithDrainEnabled: false,
    savepointLocation: `oss://emulator/savepoints/${savepointId}`,
    state: "STARTED",
    description: options.description ?? "",
    nativeFormat: options.nativeFormat ?? false,
    createdAtMs: now,
    modifiedAtMs: now,
    completeAtMs: now + backend.durations.draw("jobStop"),
    operators: operatorsOfJob(job),
  };
  backend.store.state.savepoints[savepointId] = savepoint;
  return savepoint;
}

/** Completes user-requested savepoints whose time has come; true when anything changed. */
export function settleSavepoints(backend: Backend, now: number): boolean {
  let changed = false;
  for (const savepoint of Object.values(backend.store.state.savepoints)) {
    if (
      savepoint.state === "STARTED" &&
      savepoint.completeAtMs !== undefined &&
      savepoint.completeAtMs <= now
    ) {
      completeSavepoint(backend, savepoint, savepoint.completeAtMs);
      delete savepoint.completeAtMs;
      changed = true;
    }
  }
  return changed;
}

/** DeleteSavepoint. ASSUMPTION: a savepoint still being taken cannot be deleted. */
export function deleteSavepoint(backend: Backend, savepoint: SavepointRecord): void {
  if (savepoint.state === "STARTED") {
    throw invalidParameter(
      `DeleteSavepoint: savepoint ${savepoint.savepointId} is still being taken (STARTED); delete it once it is COMPLETED or FAILED.`,
    );
  }
  delete backend.store.state.savepoints[savepoint.savepointId];
}
