/** Deployment drafts: Create, Get, List, Update (PATCH = merge), Delete, GetDeploymentDraftLock. */
import { ApiError, notFound } from "../envelope";
import { acquireLock, requireLockHolder } from "../locks";
import { newId, unixSeconds, type Actor, type DraftRecord } from "../store";
import { draftView } from "../views";
import { paginate, parseBody, requiredQuery, type CallContext, type RouteSpec } from "./context";
import { DraftCreateSchema, DraftPatchSchema } from "./schemas";

const BASE = "/api/v2/namespaces/:namespace/deployment-drafts";

export const NAME_TAKEN_CODE = "DraftNameAlreadyExists";
export const DRAFT_HAS_DEPLOYMENT_CODE = "DraftHasDeployment";

export function findDraft(ctx: CallContext, draftId: string): DraftRecord {
  const draft = ctx.backend.store.state.drafts[draftId];
  if (!draft || draft.namespace !== ctx.namespace || draft.workspace !== ctx.workspace) {
    throw notFound(`Deployment draft ${draftId} in namespace ${ctx.namespace}`);
  }
  return draft;
}

function assertNameFree(ctx: CallContext, name: string, exceptId?: string): void {
  const clash = Object.values(ctx.backend.store.state.drafts).find(
    (d) =>
      d.namespace === ctx.namespace &&
      d.workspace === ctx.workspace &&
      d.name === name &&
      d.deploymentDraftId !== exceptId,
  );
  if (clash) {
    throw new ApiError(
      409,
      NAME_TAKEN_CODE,
      `A deployment draft named ${name} already exists in namespace ${ctx.namespace} (${clash.deploymentDraftId}); draft names are unique per namespace.`,
    );
  }
}

/** The draft fields a user can change. */
export type DraftChanges = Partial<
  Pick<
    DraftRecord,
    "name" | "artifact" | "engineVersion" | "executionMode" | "labels" | "localVariables" | "parentId"
  >
>;

/** PATCH semantics: top-level fields present in the patch replace the draft's; the rest stay. */
export function applyDraftPatch(draft: DraftRecord, patch: DraftChanges, actor: Actor, now: number): void {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  Object.assign(draft, defined, {
    modifier: actor.userId,
    modifierName: actor.userName,
    modifiedAt: unixSeconds(now),
  });
}

export const draftRoutes: RouteSpec[] = [
  {
    method: "POST",
    url: BASE,
    action: "CreateDeploymentDraft",
    handle(ctx) {
      const body = parseBody("CreateDeploymentDraft", DraftCreateSchema, ctx.body);
      assertNameFree(ctx, body.name);
      const at = unixSeconds(ctx.now);
      const draft: DraftRecord = {
        deploymentDraftId: newId(),
        workspace: ctx.workspace,
        namespace: ctx.namespace,
        name: body.name,
        artifact: body.artifact,
        engineVersion: body.engineVersion,
        executionMode: body.executionMode ?? "STREAMING",
        labels: body.labels,
        localVariables: body.localVariables,
        parentId: body.parentId,
        creator: ctx.caller.userId,
        creatorName: ctx.caller.userName,
        modifier: ctx.caller.userId,
        modifierName: ctx.caller.userName,
        createdAt: at,
        modifiedAt: at,
      };
      ctx.backend.store.state.drafts[draft.deploymentDraftId] = draft;
      return { data: draftView(ctx.backend, draft) };
    },
  },
  {
    method: "GET",
    url: BASE,
    action: "ListDeploymentDrafts",
    handle(ctx) {
      const all = Object.values(ctx.backend.store.state.drafts)
        .filter((d) => d.namespace === ctx.namespace && d.workspace === ctx.workspace)
        .sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
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
      requireLockHolder(ctx.backend, draft, ctx.caller, "UpdateDeploymentDraft");
      if (patch.name !== undefined && patch.name !== draft.name)
        assertNameFree(ctx, patch.name, draft.deploymentDraftId);
      if (patch.artifact && patch.artifact.kind !== draft.artifact.kind) {
        throw new ApiError(
          400,
          "InvalidParameter",
          `UpdateDeploymentDraft: body.artifact.kind cannot change after creation (draft is ${draft.artifact.kind}, request says ${patch.artifact.kind}); create a new draft instead.`,
        );
      }
      applyDraftPatch(draft, patch, ctx.caller, ctx.now);
      return { data: draftView(ctx.backend, draft) };
    },
  },
  {
    method: "DELETE",
    url: `${BASE}/:deploymentDraftId`,
    action: "DeleteDeploymentDraft",
    handle(ctx) {
      const draft = findDraft(ctx, ctx.params.deploymentDraftId);
      const state = ctx.backend.store.state;
      if (draft.referencedDeploymentId && state.deployments[draft.referencedDeploymentId]) {
        throw new ApiError(
          400,
          DRAFT_HAS_DEPLOYMENT_CODE,
          `Deployment draft ${draft.name} cannot be deleted while it has a deployment (${draft.referencedDeploymentId}); delete the deployment first.`,
        );
      }
      delete state.drafts[draft.deploymentDraftId];
      delete state.locks[draft.deploymentDraftId];
      return {};
    },
  },
];
