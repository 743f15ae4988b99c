/** Jobs: StartJobWithParams (`/jobs:start`), StopJob (`/jobs/{id}:stop`), GetJob, ListJobs, DeleteJob. */
import { findHotUpdate, hotUpdateView, submitHotUpdate } from "../hot-updates";
import { deleteJob, findJob, listJobs, requestStop, startJob } from "../jobs";
import { jobView } from "../views";
import { paginate, parseBody, requiredQuery, type RouteSpec } from "./context";
import { findDeployment } from "./deployments";
import { HotUpdateJobParamsSchema, JobStartParametersSchema, StopJobSchema } from "./schemas";

const BASE = "/api/v2/namespaces/:namespace/jobs";

export const jobRoutes: RouteSpec[] = [
  {
    method: "POST",
    url: `${BASE}:start`,
    action: "StartJobWithParams",
    handle(ctx) {
      const body = parseBody("StartJobWithParams", JobStartParametersSchema, ctx.body);
      const deployment = findDeployment(ctx, body.deploymentId);
      return { data: jobView(startJob(ctx.backend, deployment, body, ctx.caller, ctx.now)) };
    },
  },
  {
    method: "POST",
    url: `${BASE}/:jobId:stop`,
    action: "StopJob",
    handle(ctx) {
      const job = findJob(ctx.backend, ctx, ctx.params.jobId);
      const body = parseBody("StopJob", StopJobSchema, ctx.body);
      requestStop(ctx.backend, job, body.stopStrategy, ctx.caller, ctx.now);
      return { data: jobView(job) };
    },
  },
  {
    method: "POST",
    url: `${BASE}/:jobId:hotUpdate`,
    action: "HotUpdateJob",
    handle(ctx) {
      const job = findJob(ctx.backend, ctx, ctx.params.jobId);
      const body = parseBody("HotUpdateJob", HotUpdateJobParamsSchema, ctx.body);
      const record = submitHotUpdate(ctx.backend, job, body, ctx.caller.userName, ctx.now);
      return { data: hotUpdateView(ctx.backend, record, ctx.now) };
    },
  },
  {
    method: "GET",
    url: `${BASE}/hot-updates/:jobHotUpdateId`,
    action: "GetHotUpdateJobResult",
    handle(ctx) {
      const record = findHotUpdate(ctx.backend, ctx, ctx.params.jobHotUpdateId);
      return { data: hotUpdateView(ctx.backend, record, ctx.now) };
    },
  },
  {
    method: "GET",
    url: BASE,
    action: "ListJobs",
    handle(ctx) {
      const deploymentId = requiredQuery(ctx, "ListJobs", "deploymentId");
      const sortName = ctx.query.get("sortName") || "gmt_create";
      const sortOrder = ctx.query.get("sortOrder") || "desc";
      const all = listJobs(ctx.backend, ctx, deploymentId, sortName, sortOrder);
      const page = paginate(ctx, "ListJobs", all);
      return { data: page.items.map(jobView), extra: page.extra };
    },
  },
  {
    method: "GET",
    url: `${BASE}/:jobId`,
    action: "GetJob",
    handle(ctx) {
      return { data: jobView(findJob(ctx.backend, ctx, ctx.params.jobId)) };
    },
  },
  {
    method: "DELETE",
    url: `${BASE}/:jobId`,
    action: "DeleteJob",
    handle(ctx) {
      deleteJob(ctx.backend, findJob(ctx.backend, ctx, ctx.params.jobId), ctx.caller, ctx.now);
      return {};
    },
  },
];
