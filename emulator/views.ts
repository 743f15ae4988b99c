/** Records → the JSON the SDK models expect (DeploymentDraft, Deployment, Job, Savepoint). */
import type { Backend } from "./backend";
import { defaultResources, resourceFieldsOf } from "./deployment-defaults";
import { deploymentSpecOf } from "./deployment-spec";
import { LIVE_JOB_STATES } from "./jobs";
import {
  unixSeconds,
  type DeploymentRecord,
  type DraftRecord,
  type JobRecord,
  type SavepointRecord,
} from "./store";

export function draftView(backend: Backend, draft: DraftRecord): Record<string, unknown> {
  const lock = backend.store.state.locks[draft.deploymentDraftId];
  return lock ? { ...draft, lock } : { ...draft };
}

export function deploymentView(backend: Backend, deployment: DeploymentRecord): Record<string, unknown> {
  const counts: Record<string, number> = {
    starting: 0,
    running: 0,
    cancelling: 0,
    cancelled: 0,
    finished: 0,
    failed: 0,
  };
  const jobs = Object.values(backend.store.state.jobs).filter(
    (job) => job.deploymentId === deployment.deploymentId,
  );
  for (const job of jobs) counts[job.status.toLowerCase()] += 1;
  return {
    ...deployment,
    // State files written before the resource fields existed get the defaults.
    ...resourceFieldsOf(deployment),
    jobSummary: counts,
    deploymentHasChanged: hasChangedSinceStart(deployment, jobs),
  };
}

/**
 * True when what is deployed differs from what the deployment's live job was started with (a redeploy
 * after the start); false when no job is live, and again once the job is restarted.
 */
function hasChangedSinceStart(deployment: DeploymentRecord, jobs: JobRecord[]): boolean {
  const live = jobs.find((job) => LIVE_JOB_STATES.includes(job.status));
  if (!live || live.deploymentSpec === undefined) return false;
  return live.deploymentSpec !== deploymentSpecOf(deployment);
}

export function jobView(job: JobRecord): Record<string, unknown> {
  return {
    jobId: job.jobId,
    deploymentId: job.deploymentId,
    deploymentName: job.deploymentName,
    namespace: job.namespace,
    workspace: job.workspace,
    engineVersion: job.engineVersion,
    executionMode: job.executionMode,
    artifact: job.artifact,
    localVariables: job.localVariables,
    restoreStrategy: job.restoreStrategy,
    // What the job started with (SDK Job: flinkConf, userFlinkConf, logging, resource settings).
    ...jobResources(job),
    status: jobStatusView(job),
    metric: { totalCpu: 2, totalMemoryByte: 4 * 1024 * 1024 * 1024 },
    startTime: job.startTime,
    endTime: job.endTime,
    creator: job.creator,
    creatorName: job.creatorName,
    modifier: job.modifier,
    modifierName: job.modifierName,
    createdAt: job.createdAt,
    modifiedAt: job.modifiedAt,
  };
}

function jobResources(job: JobRecord): Record<string, unknown> {
  const resources = job.resources ?? defaultResources();
  return {
    flinkConf: resources.flinkConf,
    // ASSUMPTION: userFlinkConf is what the user set, i.e. the deployment's flinkConf; the effective
    // flinkConf of a real job also carries the service's own keys.
    userFlinkConf: resources.flinkConf,
    logging: resources.logging,
    streamingResourceSetting: resources.streamingResourceSetting,
    batchResourceSetting: resources.batchResourceSetting,
    sessionClusterName: "",
  };
}

function jobStatusView(job: JobRecord): Record<string, unknown> {
  const view: Record<string, unknown> = { currentJobStatus: job.status, healthScore: 100, riskLevel: "LOW" };
  if (job.status === "RUNNING") {
    view.running = { observedFlinkJobRestarts: job.restarts ?? 0, observedFlinkJobStatus: "RUNNING" };
  }
  if (job.status === "FAILED") {
    view.failure = job.failure ?? {
      failedAt: job.endTime ?? job.startTime,
      message: "The job failed.",
      reason: "JobFailed",
    };
  }
  return view;
}

export function savepointView(savepoint: SavepointRecord): Record<string, unknown> {
  return {
    savepointId: savepoint.savepointId,
    deploymentId: savepoint.deploymentId,
    jobId: savepoint.jobId,
    namespace: savepoint.namespace,
    savepointOrigin: savepoint.savepointOrigin,
    nativeFormat: savepoint.nativeFormat ?? false,
    description: savepoint.description ?? "",
    stopWithDrainEnabled: savepoint.stopWithDrainEnabled,
    savepointLocation: savepoint.savepointLocation,
    status: { state: savepoint.state },
    createdAt: unixSeconds(savepoint.createdAtMs),
    modifiedAt: unixSeconds(savepoint.modifiedAtMs),
  };
}
