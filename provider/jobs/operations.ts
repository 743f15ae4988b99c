/**
 * The job operations the provider performs, each waiting for its outcome:
 * find the deployment's current job, stop it (and find the savepoint the stop
 * took), start it with a restore strategy, and the health gate after a start.
 *
 * Every step records what it saw in `facts` (jobId, jobStatus, jobFailure,
 * lastSavepointId), so that a failure reports the job as it was left.
 */
import type { FlinkClient, Job, RestoreStrategy, Savepoint, Scope, StopStrategy } from "../client";
import { deploymentIdOf, type Facts, type OperationContext } from "../context";
import { formatDuration } from "../durations";
import { expectationOf } from "../pacing";
import type { Expectation } from "../pacing/learned-durations";
import { resendIfNotLanded } from "../resend";
import { diagnoseJob } from "./diagnosis";
import { pollUntil } from "../wait";
import { FINAL_JOB_STATUSES, LIVE_JOB_STATUSES, NOT_STARTED } from "./status";

/** A job that failed, was cancelled or restarted during the health gate. */
export class JobUnhealthyError extends Error {
  constructor(
    message: string,
    readonly jobId: string,
  ) {
    super(message);
    this.name = "JobUnhealthyError";
  }
}

export function statusOf(job: Job | undefined): string {
  return job?.status?.currentJobStatus || (job ? "UNKNOWN" : NOT_STARTED);
}

export function isLive(job: Job | undefined): boolean {
  return job !== undefined && LIVE_JOB_STATUSES.has(statusOf(job));
}

function restartsOf(job: Job): number {
  return job.status?.running?.observedFlinkJobRestarts ?? 0;
}

function failureOf(job: Job): string | undefined {
  const failure = job.status?.failure;
  if (statusOf(job) !== "FAILED") return undefined;
  const text = [failure?.reason, failure?.message].filter(Boolean).join(": ");
  return text || "the service gave no failure reason";
}

/** Records the job as seen now. */
export function recordJob(facts: Facts, job: Job | undefined): void {
  facts.jobId = job?.jobId;
  facts.jobStatus = statusOf(job);
  facts.jobFailure = job ? failureOf(job) : undefined;
}

function jobIdOf(job: Job, operation: string): string {
  if (!job.jobId) throw new Error(`${operation} returned a job without a jobId`);
  return job.jobId;
}

/**
 * The job that speaks for the deployment: the live one if any (the service
 * runs one at a time), else the newest.
 */
export async function currentJob(ctx: OperationContext): Promise<Job | undefined> {
  return currentJobOf(ctx.client, ctx.scope, deploymentIdOf(ctx));
}

export async function currentJobOf(
  client: FlinkClient,
  scope: Scope,
  deploymentId: string,
): Promise<Job | undefined> {
  const jobs = await client.listJobs(scope, deploymentId);
  const live = jobs.find((j) => LIVE_JOB_STATUSES.has(statusOf(j)) || statusOf(j) === "CANCELLING");
  if (live) return live;
  const created = (j: Job): number => Number(j.createdAt ?? j.startTime ?? 0) || 0;
  return [...jobs].sort((a, b) => created(b) - created(a))[0];
}

/**
 * Waits until the job no longer changes (CANCELLED, FAILED or FINISHED);
 * `expect` when the wait is the stop this provider just sent.
 */
export async function waitUntilFinal(
  ctx: OperationContext,
  jobId: string,
  expect?: Expectation,
): Promise<Job> {
  const job = await pollUntil({
    what: `job ${jobId}`,
    fetch: () => ctx.client.getJob(ctx.scope, jobId),
    stateOf: statusOf,
    isDone: (j) => FINAL_JOB_STATUSES.has(statusOf(j)),
    deadline: ctx.deadline,
    log: ctx.log,
    clock: ctx.clock,
    expect,
  });
  recordJob(ctx.facts, job);
  return job;
}

/**
 * StopJob and wait until the job is final. With a savepoint strategy, returns
 * the ID of the completed savepoint the stop took; undefined when the job
 * never ran (no state to save) or the strategy is NONE.
 */
export async function stopJob(
  ctx: OperationContext,
  job: Job,
  strategy: StopStrategy,
): Promise<string | undefined> {
  const jobId = jobIdOf(job, "ListJobs");
  const wasRunning = statusOf(job) === "RUNNING";
  await sendStop(ctx, job, strategy);
  const stopped = await waitUntilFinal(ctx, jobId, expectationOf(ctx, "jobStop"));
  if (strategy === "NONE" || !wasRunning) return undefined;
  const savepoint = await stopSavepoint(ctx, jobId);
  if (savepoint?.status?.state !== "COMPLETED" || !savepoint.savepointId) {
    throw new Error(
      `Job ${jobId} of ${ctx.inputs.name} was stopped with ${strategy} (now ${statusOf(stopped)}) but no savepoint ` +
        `completed (${savepoint ? `savepoint ${savepoint.savepointId ?? "?"} is ${savepoint.status?.state ?? "in an unknown state"}` : "none was listed"}). ` +
        "The job is stopped; the next start restores by restoreStrategy (by default the latest earlier " +
        'savepoint). To upgrade without state, set upgradeStrategy: "stateless".',
    );
  }
  ctx.facts.lastSavepointId = savepoint.savepointId;
  ctx.log.info(`job ${jobId} stopped; savepoint ${savepoint.savepointId} completed`);
  return savepoint.savepointId;
}

/** StopJob, not resent blindly: after an ambiguous failure the job tells whether the stop landed. */
async function sendStop(ctx: OperationContext, job: Job, strategy: StopStrategy): Promise<void> {
  const jobId = jobIdOf(job, "ListJobs");
  ctx.log.info(
    `stopping job ${jobId} (${statusOf(job)}) of deployment ${deploymentIdOf(ctx)} with ${strategy}`,
  );
  await resendIfNotLanded({
    operation: "StopJob",
    send: () => ctx.client.stopJob(ctx.scope, jobId, strategy),
    landed: async () => {
      const now = await ctx.client.getJob(ctx.scope, jobId);
      return LIVE_JOB_STATUSES.has(statusOf(now)) ? undefined : now;
    },
    describe: (j) => `job ${j.jobId ?? jobId}`,
    log: ctx.log,
    clock: ctx.clock,
  });
}

/**
 * Before a delete: stop every live job of the deployment by `strategy` and
 * wait until each job is final. No savepoint is required (the deployment is
 * going away); a deployment or job that is already gone counts as stopped.
 */
export async function stopAllJobs(ctx: OperationContext, strategy: StopStrategy): Promise<void> {
  const jobs = await ctx.client.listJobs(ctx.scope, deploymentIdOf(ctx));
  for (const job of jobs) {
    if (!job.jobId || FINAL_JOB_STATUSES.has(statusOf(job))) continue;
    if (isLive(job)) {
      await sendStop(ctx, job, strategy);
      await waitUntilFinal(ctx, job.jobId, expectationOf(ctx, "jobStop"));
    } else {
      await waitUntilFinal(ctx, job.jobId);
    }
  }
}

const isStopSavepoint = (s: Savepoint): boolean => s.savepointOrigin !== "RETAINED_CHECKPOINT";
const SAVEPOINT_FINAL_STATES = new Set(["COMPLETED", "FAILED"]);

/** The savepoint a stop of this job took, once it is COMPLETED or FAILED. */
async function stopSavepoint(ctx: OperationContext, jobId: string): Promise<Savepoint | undefined> {
  const newest = async (): Promise<Savepoint | undefined> => {
    const all = await ctx.client.listSavepoints(ctx.scope, { deploymentId: deploymentIdOf(ctx), jobId });
    return all
      .filter((s) => s.jobId === undefined || s.jobId === jobId)
      .filter(isStopSavepoint)
      .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))[0];
  };
  const first = await newest();
  if (!first || SAVEPOINT_FINAL_STATES.has(first.status?.state ?? "")) return first;
  return pollUntil({
    what: `savepoint ${first.savepointId ?? ""}`,
    fetch: newest,
    stateOf: (s) => s?.status?.state ?? "gone",
    isDone: (s) => !s || SAVEPOINT_FINAL_STATES.has(s.status?.state ?? ""),
    deadline: ctx.deadline,
    log: ctx.log,
    clock: ctx.clock,
  });
}

/** StartJobWithParams; records the new job and the savepoint it restores from. */
export async function startJob(
  ctx: OperationContext,
  restore: RestoreStrategy & { kind: string },
): Promise<Job> {
  const params = {
    deploymentId: deploymentIdOf(ctx),
    resourceQueueName: ctx.settings.resourceQueueName,
    restoreStrategy: {
      kind: restore.kind,
      savepointId: restore.savepointId,
      allowNonRestoredState: restore.allowNonRestoredState,
    },
  };
  // Called only when the deployment has no live job: a live one now is the one this start made.
  const job = await resendIfNotLanded({
    operation: "StartJobWithParams",
    send: () => ctx.client.startJob(ctx.scope, params),
    landed: async () => {
      const now = await currentJob(ctx);
      return now && isLive(now) ? now : undefined;
    },
    describe: (j) => `job ${j.jobId ?? ""}`,
    log: ctx.log,
    clock: ctx.clock,
  });
  const jobId = jobIdOf(job, "StartJobWithParams");
  recordJob(ctx.facts, job);
  // The service resolves LATEST_SAVEPOINT/LATEST_STATE to a concrete savepoint on the job.
  const restoredFrom = job.restoreStrategy?.savepointId ?? restore.savepointId;
  if (restoredFrom) ctx.facts.lastSavepointId = restoredFrom;
  ctx.log.info(
    `started job ${jobId} (restore ${restore.kind}${restoredFrom ? ` from savepoint ${restoredFrom}` : ", no state"})`,
  );
  return job;
}

/**
 * The health gate: the job must reach RUNNING and stay RUNNING, without
 * restarts, for healthySeconds. FAILED ends the wait at once with the
 * service's reason; a FINISHED job (a bounded or batch job) is done.
 */
export async function awaitHealthy(ctx: OperationContext, jobId: string): Promise<Job> {
  /** The job is not healthy: record it, and carry the service's diagnosis in the error and in jobFailure. */
  const unhealthy = async (job: Job, why: string): Promise<JobUnhealthyError> => {
    recordJob(ctx.facts, job);
    const details = await diagnoseJob(ctx.client, ctx.scope, deploymentIdOf(ctx), jobId, ctx.secrets);
    if (details) ctx.facts.jobFailure = `${ctx.facts.jobFailure ?? why}\n${details}`;
    return new JobUnhealthyError(
      `Job ${jobId} of ${ctx.inputs.name} ${why}${details ? `\n${details}` : ""}`,
      jobId,
    );
  };
  const started = await pollUntil({
    what: `job ${jobId}`,
    fetch: () => ctx.client.getJob(ctx.scope, jobId),
    stateOf: statusOf,
    isDone: (j) =>
      statusOf(j) === "RUNNING" || FINAL_JOB_STATUSES.has(statusOf(j)) || statusOf(j) === "CANCELLING",
    deadline: ctx.deadline,
    log: ctx.log,
    clock: ctx.clock,
    expect: expectationOf(ctx, "jobStart"),
  });
  // observedFlinkJobRestarts counts from the job's start, and this job was just started: any restart counts.
  const problemOf = (job: Job): string | undefined => {
    const status = statusOf(job);
    if (status === "FAILED") return `FAILED: ${failureOf(job) ?? ""}`;
    if (status === "CANCELLED" || status === "CANCELLING") {
      return `was stopped (${status}) while Pulumi waited for it to become healthy`;
    }
    if (restartsOf(job) > 0) {
      return (
        `restarted ${restartsOf(job)} time(s) within healthySeconds ` +
        `(${formatDuration(ctx.settings.healthyMs)}) of running: it is not healthy`
      );
    }
    return undefined;
  };
  const check = async (job: Job): Promise<void> => {
    const problem = problemOf(job);
    if (problem) throw await unhealthy(job, problem);
  };
  await check(started);
  recordJob(ctx.facts, started);
  if (statusOf(started) === "FINISHED") {
    ctx.log.info(`job ${jobId} FINISHED`);
    return started;
  }
  // A failure, a cancel and restarts are all still visible at the end of the gate (FAILED and
  // CANCELLED are final, observedFlinkJobRestarts only grows), so one read at the end decides;
  // a long gate reads in between too, to fail fast (at most every 30 s, at least every quarter).
  const healthyAt = ctx.clock.now() + ctx.settings.healthyMs;
  const step = Math.min(30_000, Math.max(5_000, ctx.settings.healthyMs / 4));
  let job = started;
  while (ctx.clock.now() < healthyAt) {
    if (ctx.clock.now() >= ctx.deadline.at) {
      throw new Error(
        `Gave up waiting for job ${jobId} to stay healthy after ${ctx.deadline.label}; raise it or lower healthySeconds.`,
      );
    }
    await ctx.clock.sleep(Math.min(step, Math.max(0, healthyAt - ctx.clock.now())));
    job = await ctx.client.getJob(ctx.scope, jobId);
    await check(job);
    recordJob(ctx.facts, job);
    if (statusOf(job) === "FINISHED") break;
  }
  ctx.log.info(`job ${jobId} is ${statusOf(job)} and healthy`);
  return job;
}
