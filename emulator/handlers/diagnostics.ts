/** Diagnostics: GetJobDiagnosis, GetEvents, GetLatestJobStartLog. */
import { eventView, jobDiagnosis, latestStartLog, listEvents } from "../diagnostics";
import { listDeployments } from "../deployments";
import { notFound } from "../errors";
import { findJob } from "../jobs";
import { paginate, type RouteSpec } from "./context";
import { findDeployment } from "./deployments";

const BASE = "/api/v2/namespaces/:namespace";

export const diagnosticsRoutes: RouteSpec[] = [
  {
    method: "GET",
    url: `${BASE}/deployments/:deploymentId/jobs/:jobId/job-diagnoses/lite`,
    action: "GetJobDiagnosis",
    handle(ctx) {
      const deployment = findDeployment(ctx, ctx.params.deploymentId);
      const job = findJob(ctx.backend, ctx, ctx.params.jobId);
      if (job.deploymentId !== deployment.deploymentId) {
        throw notFound(`Job ${job.jobId} of deployment ${deployment.deploymentId}`);
      }
      return { data: jobDiagnosis(job, ctx.now) };
    },
  },
  {
    method: "GET",
    url: `${BASE}/events`,
    action: "GetEvents",
    handle(ctx) {
      const deploymentId = ctx.query.get("deploymentId") || undefined;
      const deploymentName = ctx.query.get("deploymentName") || undefined;
      let ids: string[] | undefined;
      if (deploymentId !== undefined) ids = [findDeployment(ctx, deploymentId).deploymentId];
      else if (deploymentName !== undefined) {
        ids = listDeployments(ctx.backend, ctx, {})
          .filter((d) => d.name === deploymentName)
          .map((d) => d.deploymentId);
      }
      const page = paginate(ctx, "GetEvents", listEvents(ctx.backend, ctx, ids));
      return { data: page.items.map(eventView), extra: page.extra };
    },
  },
  {
    method: "GET",
    url: `${BASE}/deployments/:deploymentId/latest_jobmanager_start_log`,
    action: "GetLatestJobStartLog",
    handle(ctx) {
      const deployment = findDeployment(ctx, ctx.params.deploymentId);
      return { data: latestStartLog(ctx.backend, deployment.deploymentId) };
    },
  },
];
