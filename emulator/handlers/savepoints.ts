/**
 * Savepoints, read side: ListSavepoints (`GET /savepoints?deploymentId=&jobId=`) and GetSavepoint
 * (`GET /savepoints/{savepointId}`), as the product's API metadata documents them (CreateSavepoint and
 * DeleteSavepoint are not emulated). Savepoints come from StopJob with a savepoint, and retained
 * checkpoints from jobs that ended without one (savepoints.ts).
 */
import { notFound } from "../envelope";
import type { SavepointRecord } from "../store";
import { savepointView } from "../views";
import { paginate, type CallContext, type RouteSpec } from "./context";

const BASE = "/api/v2/namespaces/:namespace/savepoints";

function inScope(ctx: CallContext, savepoint: SavepointRecord): boolean {
  return savepoint.namespace === ctx.namespace && savepoint.workspace === ctx.workspace;
}

export const savepointRoutes: RouteSpec[] = [
  {
    method: "GET",
    url: BASE,
    action: "ListSavepoints",
    handle(ctx) {
      const deploymentId = ctx.query.get("deploymentId");
      const jobId = ctx.query.get("jobId");
      // ASSUMPTION: newest first (the order is undocumented).
      const all = Object.values(ctx.backend.store.state.savepoints)
        .filter((s) => inScope(ctx, s))
        .filter((s) => !deploymentId || s.deploymentId === deploymentId)
        .filter((s) => !jobId || s.jobId === jobId)
        .reverse()
        .sort((a, b) => b.createdAtMs - a.createdAtMs);
      const page = paginate(ctx, "ListSavepoints", all);
      return { data: page.items.map(savepointView), extra: page.extra };
    },
  },
  {
    method: "GET",
    url: `${BASE}/:savepointId`,
    action: "GetSavepoint",
    handle(ctx) {
      const savepoint = ctx.backend.store.state.savepoints[ctx.params.savepointId];
      if (!savepoint || !inScope(ctx, savepoint)) {
        throw notFound(`Savepoint ${ctx.params.savepointId} in namespace ${ctx.namespace}`);
      }
      return { data: savepointView(savepoint) };
    },
  },
];
