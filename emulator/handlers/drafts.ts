/** Deployment drafts: Create, Get, List, Update (PATCH = merge), Delete, GetDeploymentDraftLock. */
import { createDraft, deleteDraft, findDraft as findDraftIn, listDrafts, updateDraft } from "../drafts";
import { acquireLock } from "../locks";
import type { DraftRecord } from "../store";
import { draftView } from "../views";
import { paginate, parseBody, requiredQuery, type CallContext, type RouteSpec } from "./context";
import { DraftCreateSchema, DraftPatchSchema } from "./schemas";

const BASE = "/api/v2/namespaces/:namespace/deployment-drafts";

export function findDraft(ctx: CallContext, draftId: string): DraftRecord {
  return findDraftIn(ctx.backend, ctx, draftId);
}

export const draftRoutes: RouteSpec[] = [
  {
    method: "POST",
    url: BASE,
    action: "CreateDeploymentDraft",
    handle(ctx) {
      const body = parseBody("CreateDeploymentDraft", DraftCreateSchema, ctx.body);
      const draft = createDraft(ctx.backend, ctx, body, ctx.caller, ctx.now);
      return { data: draftView(ctx.backend, draft) };
    },
  },
  {
    method: "GET",
    url: BASE,
    action: "ListDeploymentDrafts",
    handle(ctx) {
      const all = listDrafts(ctx.backend, ctx);
      const page = paginate(ctx, "ListDeploymentDrafts", all);
      return { data: page.items.map((d) => draftView(ctx.backend, d)), extra: page.extra };
    },
  },
  {
    method: "POST",
    url: `${BASE}/getLock`,
    action: "GetDeploymentDraftLock",
    handle(ctx) {
      const draft = findDraft(ctx, requiredQuery(ctx, "GetDeploymentDraftLock", "deploymentDraftId"));
      return { data: acquireLock(ctx.backend, draft, ctx.caller) };
    },
  },
  {
    method: "GET",
    url: `${BASE}/:deploymentDraftId`,
    action: "GetDeploymentDraft",
    handle(ctx) {
      return { data: draftView(ctx.backend, findDraft(ctx, ctx.params.deploymentDraftId)) };
    },
  },
  {
    method: "PATCH",
    url: `${BASE}/:deploymentDraftId`,
    action: "UpdateDeploymentDraft",
    handle(ctx) {
      const draft = findDraft(ctx, ctx.params.deploymentDraftId);
      const patch = parseBody("UpdateDeploymentDraft", DraftPatchSchema, ctx.body);
      updateDraft(ctx.backend, draft, patch, ctx.caller, ctx.now);
      return { data: draftView(ctx.backend, draft) };
    },
  },
  {
    method: "DELETE",
    url: `${BASE}/:deploymentDraftId`,
    action: "DeleteDeploymentDraft",
    handle(ctx) {
      const draft = findDraft(ctx, ctx.params.deploymentDraftId);
      deleteDraft(ctx.backend, draft);
      return {};
    },
  },
];
