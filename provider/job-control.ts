/**
 * The job operations the provider performs, each waiting for its outcome:
 * find the deployment's current job, stop it (and find the savepoint the stop
 * took), start it with a restore strategy, and the health gate after a start.
 *
 * Every step records what it saw in `facts` (jobId, jobStatus, jobFailure,
 * lastSavepointId), so that a failure reports the job as it was left.
 */
import {
  FlinkApiError,
  type FlinkClient,
  type Job,
  type RestoreStrategy,
  type Savepoint,
  type Scope,
  type StopStrategy,
} from "./client";
import { formatDuration } from "./durations";
import type { EffectiveSettings } from "./inputs";
import { FINAL_JOB_STATUSES, LIVE_JOB_STATUSES, NOT_STARTED } from "./job-state";
import type { Logger } from "./log";
import type { ServiceFacts } from "./outputs";
import { pollUntil, type Deadline } from "./wait";

export interface JobContext {
  client: FlinkClient;
  scope: Scope;
  deploymentId: string;
  /** The draft/deployment name, for messages. */
  name: string;
  settings: EffectiveSettings;
  log: Logger;
  deadline: Deadline;
  facts: ServiceFacts;
}

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
export function recordJob(facts: ServiceFacts, job: Job | undefined): void {
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
export async function currentJob(ctx: JobContext): Promise<Job | undefined> {
  return currentJobOf(ctx.client, ctx.scope, ctx.deploymentId);
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

/** Waits until the job no longer changes (CANCELLED, FAILED or FINISHED). */
export async function waitUntilFinal(ctx: JobContext, jobId: string): Promise<Job> {
  const job = await pollUntil({
    what: `job ${jobId}`,
    fetch: () => ctx.client.getJob(ctx.scope, jobId),
    stateOf: statusOf,
    isDone: (j) => FINAL_JOB_STATUSES.has(statusOf(j)),
    deadline: ctx.deadline,
    log: ctx.log,
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
  ctx: JobContext,
  job: Job,
  strategy: StopStrategy,
): Promise<string | undefined> {
  const jobId = jobIdOf(job, "ListJobs");
  const wasRunning = statusOf(job) === "RUNNING";
  ctx.log.info(`stopping job ${jobId} (${statusOf(job)}) with ${strategy}`);
  await sendChecked(
    ctx.log,
    "StopJob",
    () => ctx.client.stopJob(ctx.scope, jobId, strategy),
    async () => {
      const now = await ctx.client.getJob(ctx.scope, jobId);
      return LIVE_JOB_STATUSES.has(statusOf(now)) ? undefined : now;
    },
  );
  const stopped = await waitUntilFinal(ctx, jobId);
  if (strategy === "NONE" || !wasRunning) return undefined;
  const savepoint = await stopSavepoint(ctx, jobId);
  if (savepoint?.status?.state !== "COMPLETED" || !savepoint.savepointId) {
    throw new Error(
      `Job ${jobId} of ${ctx.name} was stopped with ${strategy} (now ${statusOf(stopped)}) but no savepoint ` +
        `completed (${savepoint ? `savepoint ${savepoint.savepointId ?? "?"} is ${savepoint.status?.state ?? "in an unknown state"}` : "none was listed"}). ` +
        "The job is stopped; the next start restores by restoreStrategy (by default the latest earlier " +
        'savepoint). To upgrade without state, set upgradeStrategy: "stateless".',
    );
  }
  ctx.facts.lastSavepointId = savepoint.savepointId;
  ctx.log.info(`job ${jobId} stopped; savepoint ${savepoint.savepointId} completed`);
  return savepoint.savepointId;
}

const isStopSavepoint = (s: Savepoint): boolean => s.savepointOrigin !== "RETAINED_CHECKPOINT";
const SAVEPOINT_FINAL_STATES = new Set(["COMPLETED", "FAILED"]);

/** The savepoint a stop of this job took, once it is COMPLETED or FAILED. */
async function stopSavepoint(ctx: JobContext, jobId: string): Promise<Savepoint | undefined> {
  const newest = async (): Promise<Savepoint | undefined> => {
    const all = await ctx.client.listSavepoints(ctx.scope, { deploymentId: ctx.deploymentId, jobId });
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
  });
}

/** Attempts of a job call whose failures leave it unknown whether it landed. */
const AMBIGUOUS_ATTEMPTS = 4;

/**
 * StartJobWithParams and StopJob are not resent blindly (operations.ts): a
 * repeat after one that landed would start a second job, or be refused. After
 * an ambiguous failure (a 5xx, a dropped connection) the job itself tells
 * whether the call landed; only if it did not is the call sent again.
 */
export async function sendChecked(
  log: Logger,
  operation: string,
  send: () => Promise<Job>,
  landed: () => Promise<Job | undefined>,
): Promise<Job> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof FlinkApiError) || !err.retryable || attempt >= AMBIGUOUS_ATTEMPTS) throw err;
      const job = await landed();
      if (job) {
        log.info(`${operation} reported "${err.message}" but had landed (job ${job.jobId ?? ""})`);
        return job;
      }
      log.warn(`${operation} did not land (${err.message}); sending it again`);
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}

/** StartJobWithParams; records the new job and the savepoint it restores from. */
export async function startJob(ctx: JobContext, restore: RestoreStrategy & { kind: string }): Promise<Job> {
  const params = {
    deploymentId: ctx.deploymentId,
    resourceQueueName: ctx.settings.resourceQueueName,
    restoreStrategy: {
      kind: restore.kind,
      savepointId: restore.savepointId,
      allowNonRestoredState: restore.allowNonRestoredState,
    },
  };
  // Called only when the deployment has no live job: a live one now is the one this start made.
  const job = await sendChecked(
    ctx.log,
    "StartJobWithParams",
    () => ctx.client.startJob(ctx.scope, params),
    async () => {
      const now = await currentJob(ctx);
      return now && isLive(now) ? now : undefined;
    },
  );
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
export async function awaitHealthy(ctx: JobContext, jobId: string): Promise<Job> {
  const unhealthy = (job: Job, why: string): JobUnhealthyError => {
    recordJob(ctx.facts, job);
    return new JobUnhealthyError(`Job ${jobId} of ${ctx.name} ${why}`, jobId);
  };
  const started = await pollUntil({
    what: `job ${jobId}`,
    fetch: () => ctx.client.getJob(ctx.scope, jobId),
    stateOf: statusOf,
    isDone: (j) =>
      statusOf(j) === "RUNNING" || FINAL_JOB_STATUSES.has(statusOf(j)) || statusOf(j) === "CANCELLING",
    deadline: ctx.deadline,
    log: ctx.log,
  });
  // observedFlinkJobRestarts counts from the job's start, and this job was just started: any restart counts.
  const check = (job: Job): void => {
    const status = statusOf(job);
    if (status === "FAILED") throw unhealthy(job, `FAILED: ${failureOf(job) ?? ""}`);
    if (status === "CANCELLED" || status === "CANCELLING") {
      throw unhealthy(job, `was stopped (${status}) while Pulumi waited for it to become healthy`);
    }
    if (restartsOf(job) > 0) {
      throw unhealthy(
        job,
        `restarted ${restartsOf(job)} time(s) within healthySeconds ` +
          `(${formatDuration(ctx.settings.healthyMs)}) of running: it is not healthy`,
      );
    }
  };
  check(started);
  recordJob(ctx.facts, started);
  if (statusOf(started) === "FINISHED") {
    ctx.log.info(`job ${jobId} FINISHED`);
    return started;
  }
  const healthyAt = Date.now() + ctx.settings.healthyMs;
  const step = Math.min(2_000, Math.max(50, ctx.settings.healthyMs / 5));
  let job = started;
  while (Date.now() < healthyAt) {
    if (Date.now() >= ctx.deadline.at) {
      throw new Error(
        `Gave up waiting for job ${jobId} to stay healthy after ${ctx.deadline.label}; raise it or lower healthySeconds.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(step, Math.max(0, healthyAt - Date.now()))));
    job = await ctx.client.getJob(ctx.scope, jobId);
    check(job);
    recordJob(ctx.facts, job);
    if (statusOf(job) === "FINISHED") break;
  }
  ctx.log.info(`job ${jobId} is ${statusOf(job)} and healthy`);
  return job;
}
