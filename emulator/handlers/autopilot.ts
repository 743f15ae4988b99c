/** Autopilot: GetAutopilotPolicy / UpdateAutopilotPolicy (under /autopilot/v2, not /api/v2). */
import { autopilotOf, autopilotView, updateAutopilot } from "../autopilot";
import { parseBody, type RouteSpec } from "./context";
import { findDeployment } from "./deployments";
import { UpdateAutopilotPolicySchema } from "./schemas";

const BASE = "/autopilot/v2/namespaces/:namespace/deployments/:deploymentId";

export const autopilotRoutes: RouteSpec[] = [
  {
    method: "GET",
    url: `${BASE}/autopilotpolicy-describe`,
    action: "GetAutopilotPolicy",
    handle(ctx) {
      const deployment = findDeployment(ctx, ctx.params.deploymentId);
      return { data: autopilotView(autopilotOf(ctx.backend, deployment.deploymentId)) };
    },
  },
  {
    method: "PUT",
    url: `${BASE}/autopilotpolicy-update`,
    action: "UpdateAutopilotPolicy",
    handle(ctx) {
      const deployment = findDeployment(ctx, ctx.params.deploymentId);
      const body = parseBody("UpdateAutopilotPolicy", UpdateAutopilotPolicySchema, ctx.body);
      return { data: autopilotView(updateAutopilot(ctx.backend, deployment, body)) };
    },
  },
];
