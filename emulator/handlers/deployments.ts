/** Deployments: Get, List, Update, Delete (deployments are created by deploying a draft). */
import {
  deleteDeployment,
  findDeployment as findDeploymentIn,
  listDeployments,
  updateDeployment,
} from "../deployments";
import type { DeploymentRecord } from "../store";
import { deploymentView } from "../views";
import { paginate, parseBody, type CallContext, type RouteSpec } from "./context";
import { DeploymentBodySchema } from "./schemas";

const BASE = "/api/v2/namespaces/:namespace/deployments";

export function findDeployment(ctx: CallContext, deploymentId: string): DeploymentRecord {
  return findDeploymentIn(ctx.backend, ctx, deploymentId);
}

const FILTERS = [
  "name",
  "executionMode",
  "creator",
  "modifier",
  "labelKey",
  "labelValueArray",
  "status",
  "sortName",
] as const;

export const deploymentRoutes: RouteSpec[] = [
  {
    method: "GET",
    url: BASE,
    action: "ListDeployments",
    handle(ctx) {
      const filter = Object.fromEntries(
        FILTERS.map((key) => [key, ctx.query.get(key) || undefined] as const),
      );
      const page = paginate(ctx, "ListDeployments", listDeployments(ctx.backend, ctx, filter));
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
    method: "PUT",
    url: `${BASE}/:deploymentId`,
    action: "UpdateDeployment",
    handle(ctx) {
      const deployment = findDeployment(ctx, ctx.params.deploymentId);
      const body = parseBody("UpdateDeployment", DeploymentBodySchema, ctx.body);
      const mode = ctx.backend.config.updateDeploymentMode;
      updateDeployment(ctx.backend, deployment, body, mode, ctx.caller, ctx.now);
      return { data: deploymentView(ctx.backend, deployment) };
    },
  },
  {
    method: "DELETE",
    url: `${BASE}/:deploymentId`,
    action: "DeleteDeployment",
    handle(ctx) {
      deleteDeployment(ctx.backend, findDeployment(ctx, ctx.params.deploymentId), ctx.caller, ctx.now);
      return {};
    },
  },
];
