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
import { ApiError } from "./envelope";
import { recordEvent } from "./events";
import {
  newId,
  type JobRecord,
  type RestoreStrategy,
  type SavepointRecord,
  type StopStrategy,
} from "./store";

export const SAVEPOINT_NOT_FOUND_CODE = "SavepointNotFound";

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
  };
  backend.store.state.savepoints[savepointId] = savepoint;
  return savepoint;
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
      throw new ApiError(
        400,
        "InvalidParameter",
        "StartJobWithParams: body.restoreStrategy.savepointId is required when restoreStrategy.kind is FROM_SAVEPOINT.",
      );
    }
    if (!completed.some((s) => s.savepointId === id)) {
      throw new ApiError(
        400,
        SAVEPOINT_NOT_FOUND_CODE,
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
