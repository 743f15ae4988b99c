/**
 * HotUpdateJob / GetHotUpdateJobResult: a running job's parallelism and checkpoint settings change
 * without a restart. A hot update is INIT for the first fifth of its `hotUpdate` duration, HOT_UPDATING
 * until it finishes, then HOT_UPDATED or FAILED (HotUpdateJobStatus.status, the metadata's enum).
 *
 * Documented (help page "Dynamically update the parameter configuration for dynamic scaling"): only
 * the parallelism, execution.checkpointing.interval, .timeout and .min-pause can be updated; only on
 * VVR 8.0.1 or later; not the parallelism in expert mode; only while the job is running.
 * ASSUMPTIONS: the body shape (the generated SDKs send none; the emulator reads HotUpdateJobParams
 * {rescaleJobParam{jobParallelism}, updateJobConfigParam{newFlinkConf}}); a rule violation is a FAILED
 * hot update (not a refused request) with HotUpdateJobFailureInfo {failureSeverity, reason, message};
 * a rescale over the target's quota fails; a successful one also changes the deployment (setting
 * hotUpdateUpdatesDeployment), so that a later restart keeps it and deploymentHasChanged stays false.
 */
import type { Backend } from "./backend";
import { deploymentSpecOf } from "./deployment-spec";
import type { Scope } from "./drafts";
import { notFound } from "./errors";
import { recordEvent } from "./events";
import { footprintOf, quotaShortfall } from "./quotas";
import {
  newId,
  type HotUpdateFailure,
  type HotUpdateParams,
  type HotUpdateRecord,
  type JobRecord,
} from "./store";
import { resourceFieldsOf } from "./deployment-defaults";

/** Flink configuration keys a hot update may change (the help page's list). */
export const HOT_UPDATABLE_KEYS = [
  "execution.checkpointing.interval",
  "execution.checkpointing.timeout",
  "execution.checkpointing.min-pause",
];

export type HotUpdateStatus = "INIT" | "HOT_UPDATING" | "HOT_UPDATED" | "FAILED";

/** "vvr-8.0.11-flink-1.17" → [8, 0, 11]; "vvr-11.1-jdk11-flink-1.20" → [11, 1, 0]. */
export function vvrVersion(engineVersion: string | undefined): number[] | undefined {
  const match = /^vvr-(\d+)\.(\d+)(?:\.(\d+))?/.exec(engineVersion ?? "");
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

function atLeast(version: number[], minimum: number[]): boolean {
  for (let i = 0; i < minimum.length; i += 1) {
    if (version[i] !== minimum[i]) return version[i] > minimum[i];
  }
  return true;
}

function failure(reason: string, message: string): HotUpdateFailure {
  return { failureSeverity: "HIGH", reason, message };
}

/** The rule a hot update breaks, decided against the job as it is now; undefined when it may go ahead. */
export function hotUpdateProblem(
  backend: Backend,
  job: JobRecord,
  params: HotUpdateParams,
): HotUpdateFailure | undefined {
  const parallelism = params.rescaleJobParam?.jobParallelism;
  const conf = params.updateJobConfigParam?.newFlinkConf ?? {};
  if (parallelism === undefined && Object.keys(conf).length === 0) {
    return failure(
      "NothingToUpdate",
      "HotUpdateJobParams names nothing to update: set rescaleJobParam.jobParallelism or updateJobConfigParam.newFlinkConf.",
    );
  }
  if (job.status !== "RUNNING") {
    return failure(
      "JobNotRunning",
      `Job ${job.jobId} is ${job.status}; parameters can only be updated dynamically while the job is RUNNING.`,
    );
  }
  const version = vvrVersion(job.engineVersion);
  if (!version || !atLeast(version, [8, 0, 1])) {
    return failure(
      "EngineVersionNotSupported",
      `Engine version ${job.engineVersion ?? "(none)"} does not support dynamic parameter updates; VVR 8.0.1 or later is required.`,
    );
  }
  const others = Object.keys(conf).filter((key) => !HOT_UPDATABLE_KEYS.includes(key));
  if (others.length > 0) {
    return failure(
      "ParameterNotHotUpdatable",
      `${others.join(", ")} cannot be updated dynamically (only the parallelism, ${HOT_UPDATABLE_KEYS.join(", ")}); change it with UpdateDeployment and restart the job.`,
    );
  }
  if (parallelism !== undefined) {
    const resources = job.resources ?? resourceFieldsOf(undefined);
    if (
      job.executionMode !== "STREAMING" ||
      resources.streamingResourceSetting.resourceSettingMode !== "BASIC"
    ) {
      return failure(
        "ResourceModeNotSupported",
        "The parallelism can only be updated dynamically in BASIC resource mode (not in expert mode).",
      );
    }
    if (!Number.isInteger(parallelism) || parallelism < 1) {
      return failure(
        "InvalidParallelism",
        `rescaleJobParam.jobParallelism must be a positive integer, got ${parallelism}.`,
      );
    }
    const shortfall = quotaShortfall(
      backend,
      job,
      job.resourceQueueName,
      footprintOf(withParallelism(resources, parallelism), job.executionMode),
      job.jobId,
    );
    if (shortfall) return failure("InsufficientResources", shortfall);
  }
  return undefined;
}

function withParallelism(
  resources: NonNullable<JobRecord["resources"]>,
  parallelism: number,
): NonNullable<JobRecord["resources"]> {
  const copy = structuredClone(resources);
  if (copy.streamingResourceSetting.basicResourceSetting) {
    copy.streamingResourceSetting.basicResourceSetting.parallelism = parallelism;
  }
  return copy;
}

export function submitHotUpdate(
  backend: Backend,
  job: JobRecord,
  params: HotUpdateParams,
  by: string,
  now: number,
): HotUpdateRecord {
  const duration = backend.durations.draw("hotUpdate");
  const record: HotUpdateRecord = {
    jobHotUpdateId: newId(),
    workspace: job.workspace,
    namespace: job.namespace,
    jobId: job.jobId,
    deploymentId: job.deploymentId,
    params: structuredClone(params),
    submittedAtMs: now,
    updatingAtMs: now + Math.floor(duration / 5),
    finishAtMs: now + duration,
    failure: hotUpdateProblem(backend, job, params),
    settled: false,
    by,
  };
  backend.store.state.hotUpdates[record.jobHotUpdateId] = record;
  return record;
}

export function findHotUpdate(backend: Backend, scope: Scope, id: string): HotUpdateRecord {
  const record = backend.store.state.hotUpdates[id];
  if (!record || record.namespace !== scope.namespace || record.workspace !== scope.workspace) {
    throw notFound(`Hot update ${id} in namespace ${scope.namespace}`);
  }
  return record;
}

export function hotUpdateStatus(record: HotUpdateRecord, now: number): HotUpdateStatus {
  if (!record.settled && now < record.finishAtMs) return now < record.updatingAtMs ? "INIT" : "HOT_UPDATING";
  return record.failure ? "FAILED" : "HOT_UPDATED";
}

/** Finishes the hot updates whose time has come: applies them to the job (and deployment), or fails them. */
export function settleHotUpdates(backend: Backend, now: number): boolean {
  const due = Object.values(backend.store.state.hotUpdates)
    .filter((h) => !h.settled && h.finishAtMs <= now)
    .sort((a, b) => a.finishAtMs - b.finishAtMs);
  for (const record of due) {
    record.settled = true;
    const job = backend.store.state.jobs[record.jobId];
    if (!record.failure) {
      // The job may have stopped, failed or been rescaled beyond the quota meanwhile.
      record.failure = job
        ? hotUpdateProblem(backend, job, record.params)
        : failure("JobNotFound", `Job ${record.jobId} no longer exists.`);
    }
    if (record.failure || !job) {
      recordEvent(backend, {
        atMs: record.finishAtMs,
        kind: "JOB_HOT_UPDATE_FAILED",
        namespace: record.namespace,
        deploymentId: record.deploymentId,
        jobId: record.jobId,
        by: record.by,
        reason: record.failure?.reason,
      });
      continue;
    }
    applyToJob(backend, job, record);
  }
  return due.length > 0;
}

function applyToJob(backend: Backend, job: JobRecord, record: HotUpdateRecord): void {
  const parallelism = record.params.rescaleJobParam?.jobParallelism;
  const conf = record.params.updateJobConfigParam?.newFlinkConf ?? {};
  const before = changeRunningJob(
    backend,
    job,
    { parallelism, conf },
    record.finishAtMs,
    backend.config.hotUpdateUpdatesDeployment,
  );
  recordEvent(backend, {
    atMs: record.finishAtMs,
    kind: "JOB_HOT_UPDATED",
    namespace: job.namespace,
    deploymentId: job.deploymentId,
    jobId: job.jobId,
    by: record.by,
    fromParallelism: parallelism === undefined ? undefined : before,
    toParallelism: parallelism,
    flinkConfKeys: Object.keys(conf).length > 0 ? Object.keys(conf) : undefined,
  });
}

/**
 * Changes a running job's parallelism and Flink configuration in place (no restart), and with
 * `alsoDeployment` the deployment's too (keeping deploymentHasChanged as it was). Returns the
 * parallelism before.
 */
export function changeRunningJob(
  backend: Backend,
  job: JobRecord,
  change: { parallelism?: number; conf?: Record<string, unknown> },
  atMs: number,
  alsoDeployment: boolean,
): number | undefined {
  const resources = job.resources ?? resourceFieldsOf(undefined);
  const before = resources.streamingResourceSetting.basicResourceSetting?.parallelism;
  const apply = (target: NonNullable<JobRecord["resources"]>): void => {
    const basic = target.streamingResourceSetting.basicResourceSetting;
    if (change.parallelism !== undefined && basic) basic.parallelism = change.parallelism;
    target.flinkConf = { ...target.flinkConf, ...(change.conf ?? {}) };
  };
  apply(resources);
  job.resources = resources;
  job.modifiedAt = String(Math.floor(atMs / 1000));
  const deployment = backend.store.state.deployments[job.deploymentId];
  if (deployment && alsoDeployment) {
    const live = resourceFieldsOf(deployment);
    apply(live);
    // The job ran what was deployed; after the same change on both, it still does.
    const unchanged = job.deploymentSpec === deploymentSpecOf(deployment);
    Object.assign(deployment, live);
    deployment.modifiedAt = String(Math.floor(atMs / 1000));
    if (unchanged) job.deploymentSpec = deploymentSpecOf(deployment);
  }
  return before;
}

/** HotUpdateJobResult (SDK). */
export function hotUpdateView(
  backend: Backend,
  record: HotUpdateRecord,
  now: number,
): Record<string, unknown> {
  const status = hotUpdateStatus(record, now);
  const job = backend.store.state.jobs[record.jobId];
  const resources = structuredClone(job?.resources ?? resourceFieldsOf(undefined));
  const parallelism = record.params.rescaleJobParam?.jobParallelism;
  if (parallelism !== undefined && resources.streamingResourceSetting.basicResourceSetting) {
    resources.streamingResourceSetting.basicResourceSetting.parallelism = parallelism;
  }
  const conf = record.params.updateJobConfigParam?.newFlinkConf ?? {};
  return {
    jobHotUpdateId: record.jobHotUpdateId,
    jobId: record.jobId,
    hotUpdateParams: record.params,
    status: status === "FAILED" ? { status, failure: record.failure } : { status },
    targetResourceSetting: {
      streamingResourceSetting: resources.streamingResourceSetting,
      batchResourceSetting: resources.batchResourceSetting,
      flinkConf: { ...resources.flinkConf, ...conf },
    },
  };
}
