/** Deployments: Get, List, Delete (deployments are created by deploying a draft). */
import { ApiError, notFound } from "../envelope";
import { recordEvent } from "../events";
import { ACTIVE_JOB_STATES } from "../jobs";
import type { DeploymentRecord } from "../store";
import { deploymentView } from "../views";
import { paginate, type CallContext, type RouteSpec } from "./context";

const BASE = "/api/v2/namespaces/:namespace/deployments";

export const DEPLOYMENT_HAS_ACTIVE_JOB_CODE = "DeploymentHasActiveJob";

export function findDeployment(ctx: CallContext, deploymentId: string): DeploymentRecord {
  const deployment = ctx.backend.store.state.deployments[deploymentId];
  if (!deployment || deployment.namespace !== ctx.namespace || deployment.workspace !== ctx.workspace) {
    throw notFound(`Deployment ${deploymentId} in namespace ${ctx.namespace}`);
  }
  return deployment;
}

export const deploymentRoutes: RouteSpec[] = [
  {
    method: "GET",
    url: BASE,
    action: "ListDeployments",
    handle(ctx) {
      const name = ctx.query.get("name");
      const all = Object.values(ctx.backend.store.state.deployments)
        .filter((d) => d.namespace === ctx.namespace && d.workspace === ctx.workspace)
        .filter((d) => !name || d.name === name)
        .sort((a, b) => Number(a.createdAt) - Number(b.createdAt) || a.name.localeCompare(b.name));
      const page = paginate(ctx, "ListDeployments", all);
      return { data: page.items.map((d) => deploymentView(ctx.backend, d)), extra: page.extra };
    },
  },
  {
    method: "GET",
    url: `${BASE}/:deploymentId`,
    action: "GetDeployment",
    handle(ctx) {
      return { data: deploymentView(ctx.backend, findDeployment(ctx, ctx.params.deploymentId)) };
    },
  },
  {
    method: "DELETE",
    url: `${BASE}/:deploymentId`,
    action: "DeleteDeployment",
    handle(ctx) {
      const deployment = findDeployment(ctx, ctx.params.deploymentId);
      const state = ctx.backend.store.state;
      const active = Object.values(state.jobs).find(
        (j) => j.deploymentId === deployment.deploymentId && ACTIVE_JOB_STATES.includes(j.status),
      );
      if (active) {
        throw new ApiError(
          400,
          DEPLOYMENT_HAS_ACTIVE_JOB_CODE,
          `Deployment ${deployment.name} cannot be deleted while job ${active.jobId} is ${active.status}; stop the job first (StopJob).`,
        );
      }
      // ASSUMPTION: a deployment's finished jobs and its savepoints go with it.
      for (const job of Object.values(state.jobs)) {
        if (job.deploymentId === deployment.deploymentId) delete state.jobs[job.jobId];
      }
      for (const savepoint of Object.values(state.savepoints)) {
        if (savepoint.deploymentId === deployment.deploymentId)
          delete state.savepoints[savepoint.savepointId];
      }
      for (const draft of Object.values(state.drafts)) {
        if (draft.referencedDeploymentId === deployment.deploymentId) delete draft.referencedDeploymentId;
      }
      delete state.deployments[deployment.deploymentId];
      recordEvent(ctx.backend, {
        atMs: ctx.now,
        kind: "DEPLOYMENT_DELETED",
        namespace: deployment.namespace,
        deploymentId: deployment.deploymentId,
        by: ctx.caller.userName,
      });
      return {};
    },
  },
];
