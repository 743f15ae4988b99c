/** Records → the JSON the SDK models expect (DeploymentDraft, Deployment, Job). */
import type { Backend } from "./backend";
import type { DeploymentRecord, DraftRecord, JobRecord, JobStatusName } from "./store";

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
  for (const job of Object.values(backend.store.state.jobs)) {
    if (job.deploymentId === deployment.deploymentId) counts[job.status.toLowerCase()] += 1;
  }
  return { ...deployment, jobSummary: counts, deploymentHasChanged: false };
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
    status: jobStatusView(job.status, job),
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

function jobStatusView(status: JobStatusName, job: JobRecord): Record<string, unknown> {
  const view: Record<string, unknown> = { currentJobStatus: status, healthScore: 100, riskLevel: "LOW" };
  if (status === "RUNNING") view.running = { observedFlinkJobRestarts: 0, observedFlinkJobStatus: "RUNNING" };
  if (status === "FAILED")
    view.failure = {
      failedAt: job.endTime ?? job.startTime,
      message: "Job failed",
      reason: "EmulatedFailure",
    };
  return view;
}
