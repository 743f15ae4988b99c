/** Jobs: StartJobWithParams (`/jobs:start`), StopJob (`/jobs/{id}:stop`), GetJob, ListJobs, DeleteJob. */
import { DEFAULT_DEPLOYMENT_TARGET, deploymentTargetsOf } from "../config";
import { ApiError, notFound } from "../envelope";
import { deploymentSpecOf } from "../deployment-spec";
import { recordEvent } from "../events";
import { takeArmedFailure } from "../job-faults";
import { ACTIVE_JOB_STATES, jobEventScope, LIVE_JOB_STATES, stopJob } from "../jobs";
import { resolveRestore } from "../savepoints";
import { newId, unixSeconds, type JobRecord } from "../store";
import { jobView } from "../views";
import { paginate, parseBody, requiredQuery, type CallContext, type RouteSpec } from "./context";
import { findDeployment } from "./deployments";
import { JobStartParametersSchema, StopJobSchema } from "./schemas";

const BASE = "/api/v2/namespaces/:namespace/jobs";

export const JOB_STATE_CODE = "InvalidJobState";

function findJob(ctx: CallContext, jobId: string): JobRecord {
  const job = ctx.backend.store.state.jobs[jobId];
  if (!job || job.namespace !== ctx.namespace || job.workspace !== ctx.workspace) {
    throw notFound(`Job ${jobId} in namespace ${ctx.namespace}`);
  }
  return job;
}

const SORTERS: Record<string, (a: JobRecord, b: JobRecord) => number> = {
  gmt_create: (a, b) => Number(a.createdAt) - Number(b.createdAt) || a.jobId.localeCompare(b.jobId),
  job_id: (a, b) => a.jobId.localeCompare(b.jobId),
  status: (a, b) => a.status.localeCompare(b.status),
};

export const jobRoutes: RouteSpec[] = [
  {
    method: "POST",
    url: `${BASE}:start`,
    action: "StartJobWithParams",
    handle(ctx) {
      const body = parseBody("StartJobWithParams", JobStartParametersSchema, ctx.body);
      const deployment = findDeployment(ctx, body.deploymentId);
      const { backend } = ctx;
      const active = Object.values(backend.store.state.jobs).find(
        (j) => j.deploymentId === deployment.deploymentId && ACTIVE_JOB_STATES.includes(j.status),
      );
      if (active) {
        throw new ApiError(
          400,
          JOB_STATE_CODE,
          `StartJobWithParams: deployment ${deployment.name} already has job ${active.jobId} in state ${active.status}; stop it first (StopJob).`,
        );
      }
      const queue = body.resourceQueueName ?? deployment.deploymentTarget.name ?? DEFAULT_DEPLOYMENT_TARGET;
      const targets = deploymentTargetsOf(backend.config, ctx.workspace, ctx.namespace);
      if (!targets.includes(queue)) {
        throw new ApiError(
          400,
          "InvalidParameter",
          `StartJobWithParams: body.resourceQueueName ${queue} is not a deployment target of namespace ${ctx.namespace} (existing: ${targets.join(", ")}).`,
        );
      }
      // ASSUMPTION: without a restoreStrategy the service starts without state (the SDK has no default).
      const restoreStrategy = resolveRestore(
        backend,
        { workspace: ctx.workspace, namespace: ctx.namespace, deploymentId: deployment.deploymentId },
        body.restoreStrategy ?? { kind: "NONE" },
      );
      const at = String(unixSeconds(ctx.now));
      const job: JobRecord = {
        jobId: newId(),
        workspace: ctx.workspace,
        namespace: ctx.namespace,
        deploymentId: deployment.deploymentId,
        deploymentName: deployment.name,
        engineVersion: deployment.engineVersion,
        executionMode: deployment.executionMode,
        // A copy: the job keeps running what it started with, whatever is deployed later.
        artifact: structuredClone(deployment.artifact),
        localVariables: structuredClone(body.localVariables ?? deployment.localVariables),
        restoreStrategy,
        resourceQueueName: queue,
        status: "STARTING",
        runningAtMs: ctx.now + backend.durations.draw("jobStart"),
        restarts: 0,
        deploymentSpec: deploymentSpecOf(deployment),
        creator: ctx.caller.userId,
        creatorName: ctx.caller.userName,
        modifier: ctx.caller.userId,
        modifierName: ctx.caller.userName,
        startTime: unixSeconds(ctx.now),
        createdAt: at,
        modifiedAt: at,
      };
      backend.store.state.jobs[job.jobId] = job;
      takeArmedFailure(backend, job, ctx.now);
      recordEvent(backend, {
        ...jobEventScope(job),
        atMs: ctx.now,
        kind: "JOB_STARTING",
        by: ctx.caller.userName,
        restoreKind: restoreStrategy.kind,
        savepointId: restoreStrategy.savepointId,
      });
      return { data: jobView(job) };
    },
  },
  {
    method: "POST",
    url: `${BASE}/:jobId:stop`,
    action: "StopJob",
    handle(ctx) {
      const job = findJob(ctx, ctx.params.jobId);
      const body = parseBody("StopJob", StopJobSchema, ctx.body);
      if (!LIVE_JOB_STATES.includes(job.status)) {
        throw new ApiError(
          400,
          JOB_STATE_CODE,
          `StopJob: job ${job.jobId} is ${job.status}; only a STARTING or RUNNING job can be stopped.`,
        );
      }
      stopJob(ctx.backend, job, body.stopStrategy, ctx.caller, ctx.now);
      return { data: jobView(job) };
    },
  },
  {
    method: "GET",
    url: BASE,
    action: "ListJobs",
    handle(ctx) {
      const deploymentId = requiredQuery(ctx, "ListJobs", "deploymentId");
      const sortName = ctx.query.get("sortName") ?? "gmt_create";
      const sorter = SORTERS[sortName];
      if (!sorter) {
        throw new ApiError(
          400,
          "InvalidParameter",
          `ListJobs: sortName must be one of ${Object.keys(SORTERS).join(", ")}, got ${sortName}.`,
        );
      }
      const descending = (ctx.query.get("sortOrder") ?? "desc").toLowerCase() !== "asc";
      const all = Object.values(ctx.backend.store.state.jobs)
        .filter(
          (j) =>
            j.namespace === ctx.namespace && j.workspace === ctx.workspace && j.deploymentId === deploymentId,
        )
        .sort((a, b) => (descending ? sorter(b, a) : sorter(a, b)));
      const page = paginate(ctx, "ListJobs", all);
      return { data: page.items.map(jobView), extra: page.extra };
    },
  },
  {
    method: "GET",
    url: `${BASE}/:jobId`,
    action: "GetJob",
    handle(ctx) {
      return { data: jobView(findJob(ctx, ctx.params.jobId)) };
    },
  },
  {
    method: "DELETE",
    url: `${BASE}/:jobId`,
    action: "DeleteJob",
    handle(ctx) {
      const job = findJob(ctx, ctx.params.jobId);
      if (ACTIVE_JOB_STATES.includes(job.status)) {
        throw new ApiError(
          400,
          JOB_STATE_CODE,
          `DeleteJob: job ${job.jobId} is ${job.status}; stop it first (StopJob) and wait for CANCELLED.`,
        );
      }
      delete ctx.backend.store.state.jobs[job.jobId];
      recordEvent(ctx.backend, {
        ...jobEventScope(job),
        atMs: ctx.now,
        kind: "JOB_DELETED",
        by: ctx.caller.userName,
      });
      return {};
    },
  },
];
