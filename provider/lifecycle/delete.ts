/**
 * delete: stop the deployment's running jobs (by `stopStrategy`, default
 * STOP_WITH_SAVEPOINT), delete the deployment, delete
 * the draft (the service refuses to delete a draft with a published or running
 * deployment). "Not found" at any step counts as done, so a delete that was
 * interrupted can simply run again. With Pulumi's `retainOnDelete` the
 * engine never calls delete: the job keeps running.
 */
import type { FlinkClient, Job, Scope, StopStrategy } from "../client";
import { FlinkApiError } from "../client";
import { formatDuration, parseDurationMs } from "../durations";
import { DEFAULT_TIMEOUTS_MS } from "../inputs";
import { sendChecked } from "../job-control";
import { FINAL_JOB_STATUSES, LIVE_JOB_STATUSES } from "../job-state";
import { resourceLogger, type Logger } from "../log";
import { getClient } from "../session";
import { deadlineIn, pollUntil, type Deadline } from "../wait";
import { readStoredState } from "./stored-state";

async function ignoreNotFound(action: () => Promise<void>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (err) {
    if (err instanceof FlinkApiError && err.isNotFound) return false;
    throw err;
  }
}

export async function deleteDraft(id: string, props: unknown): Promise<void> {
  const stored = readStoredState(id, props);
  const log = resourceLogger(stored.displayName);
  const client = getClient();
  const scope = { workspace: stored.workspace, namespace: stored.namespace };
  const timeoutMs = stored.deleteTimeout ? parseDurationMs(stored.deleteTimeout) : DEFAULT_TIMEOUTS_MS.delete;
  const deadline = deadlineIn(timeoutMs, `timeouts.delete (${formatDuration(timeoutMs)})`);

  let deploymentId = stored.deploymentId;
  if (!deploymentId) {
    // A partial create may have deployed without recording it; the draft knows.
    try {
      const draft = await client.getDeploymentDraft(scope, stored.deploymentDraftId);
      deploymentId = draft.referencedDeploymentId || undefined;
    } catch (err) {
      if (!(err instanceof FlinkApiError && err.isNotFound)) throw err;
    }
  }
  if (deploymentId) {
    const knownDeploymentId = deploymentId;
    await stopActiveJobs(client, scope, knownDeploymentId, stored.stopStrategy, deadline, log);
    const deleted = await ignoreNotFound(() => client.deleteDeployment(scope, knownDeploymentId));
    if (deleted) log.info(`deleted deployment ${knownDeploymentId}`);
  }
  const deleted = await ignoreNotFound(() => client.deleteDeploymentDraft(scope, stored.deploymentDraftId));
  log.info(
    deleted
      ? `deleted draft ${stored.deploymentDraftId}`
      : `draft ${stored.deploymentDraftId} was already gone`,
  );
}

async function stopActiveJobs(
  client: FlinkClient,
  scope: Scope,
  deploymentId: string,
  stopStrategy: StopStrategy,
  deadline: Deadline,
  log: Logger,
): Promise<void> {
  let jobs: Job[];
  try {
    jobs = await client.listJobs(scope, deploymentId);
  } catch (err) {
    if (err instanceof FlinkApiError && err.isNotFound) return;
    throw err;
  }
  const stateOf = (job: Job): string => job.status?.currentJobStatus ?? "UNKNOWN";
  for (const job of jobs) {
    const jobId = job.jobId;
    if (!jobId || FINAL_JOB_STATUSES.has(stateOf(job))) continue;
    if (LIVE_JOB_STATUSES.has(stateOf(job))) {
      log.info(`stopping job ${jobId} (${stateOf(job)}) of deployment ${deploymentId} with ${stopStrategy}`);
      // Not resent blindly: after an ambiguous failure the job tells whether the stop landed.
      await sendChecked(
        log,
        "StopJob",
        () => client.stopJob(scope, jobId, stopStrategy),
        async () => {
          const now = await client.getJob(scope, jobId);
          return LIVE_JOB_STATUSES.has(stateOf(now)) ? undefined : now;
        },
      );
    }
    await pollUntil({
      what: `job ${jobId}`,
      fetch: () => client.getJob(scope, jobId),
      stateOf,
      isDone: (j) => FINAL_JOB_STATUSES.has(stateOf(j)),
      deadline,
      log,
    });
  }
}
