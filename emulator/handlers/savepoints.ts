/**
 * Savepoints: ListSavepoints (`GET /savepoints?deploymentId=&jobId=`), GetSavepoint, CreateSavepoint
 * (`POST /savepoints`) and DeleteSavepoint (`DELETE /savepoints/{savepointId}`), with the paths and
 * models of the SDK (flink-api.md, api-audit.md §1 row 21). Savepoints also come from StopJob with a
 * savepoint, and retained checkpoints from jobs that ended without one (savepoints.ts).
 */
import { createSavepoint, deleteSavepoint, findSavepoint, listSavepoints } from "../savepoints";
import { savepointView } from "../views";
import { paginate, parseBody, type RouteSpec } from "./context";
import { findDeployment } from "./deployments";
import { CreateSavepointSchema } from "./schemas";

const BASE = "/api/v2/namespaces/:namespace/savepoints";

export const savepointRoutes: RouteSpec[] = [
  {
    method: "GET",
    url: BASE,
    action: "ListSavepoints",
    handle(ctx) {
      const filter = {
        deploymentId: ctx.query.get("deploymentId") || undefined,
        jobId: ctx.query.get("jobId") || undefined,
      };
      const page = paginate(ctx, "ListSavepoints", listSavepoints(ctx.backend, ctx, filter));
      return { data: page.items.map(savepointView), extra: page.extra };
    },
  },
  {
    method: "POST",
    url: BASE,
    action: "CreateSavepoint",
    handle(ctx) {
      const body = parseBody("CreateSavepoint", CreateSavepointSchema, ctx.body);
      const deployment = findDeployment(ctx, body.deploymentId);
      return { data: savepointView(createSavepoint(ctx.backend, deployment, body, ctx.now)) };
    },
  },
  {
    method: "GET",
    url: `${BASE}/:savepointId`,
    action: "GetSavepoint",
    handle(ctx) {
      return { data: savepointView(findSavepoint(ctx.backend, ctx, ctx.params.savepointId)) };
    },
  },
  {
    method: "DELETE",
    url: `${BASE}/:savepointId`,
    action: "DeleteSavepoint",
    handle(ctx) {
      deleteSavepoint(ctx.backend, findSavepoint(ctx.backend, ctx, ctx.params.savepointId));
      return {};
    },
  },
];
