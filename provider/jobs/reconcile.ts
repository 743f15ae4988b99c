/**
 * Brings the deployment's job to the desired `jobState` after a deploy (or
 * without one, when only the job state differs), the way the Flink Kubernetes
 * operator reconciles a FlinkDeployment:
 *
 * - STOPPED: a live job is stopped by `stopStrategy`.
 * - RUNNING, no live job (none yet, or CANCELLED, FAILED, FINISHED): start by
 *   `restoreStrategy`, then the health gate.
 * - RUNNING, a live job the deploy changed (the service's
 *   `deploymentHasChanged`, or another engine version): `upgradeStrategy`
 *   "savepoint" stops with a savepoint and starts from it, "stateless" stops
 *   and starts without state, "none" leaves the old version running and says
 *   so. An engine-version change goes through a savepoint even with "none":
 *   only "stateless" opts out of state.
 */
import type { Job, RestoreStrategy } from "../client";
import { deploymentIdOf, type OperationContext } from "../context";
import { sqlHash } from "../sql";
import { observedOf } from "../deployment-settings";
import {
  awaitHealthy,
  currentJob,
  isLive,
  JobUnhealthyError,
  recordJob,
  startJob,
  statusOf,
  stopJob,
  waitUntilFinal,
} from "./operations";
import { jobRunsOwnedSettings, type SettingsOutcome } from "./settings";

/** A health-gate failure after an upgrade, with the savepoint taken before it (for rollback). */
export class UpgradeFailedError extends Error {
  constructor(
    readonly unhealthy: JobUnhealthyError,
    readonly savepointId: string | undefined,
  ) {
    super(unhealthy.message);
    this.name = "UpgradeFailedError";
  }
}

export interface DeployedContent {
  sql: string;
  engineVersion: string;
}

/** What the settings step did (jobs/settings.ts), and whether the draft was deployed in this operation. */
export interface SettingsContext extends SettingsOutcome {
  redeployed: boolean;
}

export async function reconcileJob(
  ctx: OperationContext,
  deployed: DeployedContent,
  settings: SettingsContext = { hotUpdated: false, redeployed: true },
): Promise<void> {
  let job = await currentJob(ctx);
  recordJob(ctx.facts, job);
  if (job?.jobId && statusOf(job) === "CANCELLING") job = await waitUntilFinal(ctx, job.jobId);
  /** The job this call started and saw healthy, if it started one: read at the end of its gate. */
  let started: Job | undefined;

  if (ctx.settings.jobState === "STOPPED") {
    if (job && isLive(job)) await stopJob(ctx, job, ctx.settings.stopStrategy);
    else ctx.log.info(`job state ${statusOf(job)}: nothing to stop`);
  } else if (!job || !isLive(job)) {
    if (statusOf(job) === "FINISHED" && ctx.settings.executionMode === "BATCH") {
      ctx.log.info(`batch job ${job?.jobId ?? ""} FINISHED: not started again`);
    } else {
      if (job)
        ctx.log.info(`job ${job.jobId ?? ""} is ${statusOf(job)}; starting a new one (jobState RUNNING)`);
      started = await startHealthy(ctx, ctx.settings.restoreStrategy);
    }
  } else {
    started = await upgradeIfChanged(ctx, job, deployed, settings);
  }
  await recordDeploymentFlag(ctx, started);
}

async function startHealthy(
  ctx: OperationContext,
  restore: RestoreStrategy & { kind: string },
): Promise<Job> {
  const started = await startJob(ctx, restore);
  return awaitHealthy(ctx, started.jobId ?? "");
}

async function upgradeIfChanged(
  ctx: OperationContext,
  job: Job,
  deployed: DeployedContent,
  settings: SettingsContext,
): Promise<Job | undefined> {
  const deployment = await ctx.client.getDeployment(ctx.scope, deploymentIdOf(ctx));
  const engineChanged = job.engineVersion !== undefined && job.engineVersion !== deployed.engineVersion;
  const jobSql = job.artifact?.sqlArtifact?.sqlScript;
  const settingsCurrent = jobRunsOwnedSettings(ctx, job, deployment);
  // The service's flag decides; a service that omits it is judged by the job's own SQL and engine.
  // Owned settings the job does not run yet count too (a service that does not flag settings).
  let changed =
    (deployment.deploymentHasChanged ??
      (engineChanged || (jobSql !== undefined && sqlHash(jobSql) !== sqlHash(deployed.sql)))) ||
    !settingsCurrent;
  if (changed && !settings.redeployed && !engineChanged && settingsCurrent && settings.hotUpdated) {
    // The draft was not deployed, and the hot update gave the job the deployment's settings.
    ctx.log.info(`job ${job.jobId ?? ""} runs the new settings after its hot update: no restart`);
    changed = false;
  }
  if (!changed && !engineChanged) {
    ctx.log.info(`job ${job.jobId ?? ""} is ${statusOf(job)} and runs what is deployed`);
    return undefined;
  }
  if (settings.restartReason && !settings.redeployed)
    ctx.log.info(`job ${job.jobId ?? ""}: ${settings.restartReason}`);
  let strategy = ctx.settings.upgradeStrategy;
  if (engineChanged && strategy === "none") {
    ctx.log.warn(
      `engine version ${job.engineVersion ?? "?"} → ${deployed.engineVersion}: upgrading through a savepoint ` +
        'although upgradeStrategy is "none" (only "stateless" upgrades an engine without state)',
    );
    strategy = "savepoint";
  }
  if (strategy === "none") {
    ctx.log.warn(
      `job ${job.jobId ?? ""} keeps running the previous version (upgradeStrategy "none"): ` +
        "the deployment has changed since it started; restart it (jobState, or the console) to apply the change",
    );
    return undefined;
  }
  ctx.log.info(`upgrading job ${job.jobId ?? ""} (upgradeStrategy "${strategy}")`);
  const savepointId = strategy === "savepoint" ? await stopJob(ctx, job, "STOP_WITH_SAVEPOINT") : undefined;
  if (strategy === "stateless") await stopJob(ctx, job, "NONE");
  const restore: RestoreStrategy & { kind: string } =
    strategy === "stateless"
      ? { kind: "NONE" }
      : savepointId
        ? {
            kind: "FROM_SAVEPOINT",
            savepointId,
            allowNonRestoredState: ctx.settings.restoreStrategy.allowNonRestoredState,
          }
        : ctx.settings.restoreStrategy;
  try {
    return await startHealthy(ctx, restore);
  } catch (err) {
    if (err instanceof JobUnhealthyError) throw new UpgradeFailedError(err, savepointId);
    throw err;
  }
}

/** `started`: the job just seen healthy at the end of its gate, which spares listing the jobs again. */
async function recordDeploymentFlag(ctx: OperationContext, started?: Job): Promise<void> {
  const deployment = await ctx.client.getDeployment(ctx.scope, deploymentIdOf(ctx));
  ctx.facts.deploymentHasChanged = deployment.deploymentHasChanged;
  const job = started ?? (await currentJob(ctx));
  const observed = observedOf(job && isLive(job) ? job : undefined, ctx.settings.executionMode);
  ctx.facts.observedParallelism = observed.observedParallelism;
  ctx.facts.observedResources = observed.observedResources;
}
