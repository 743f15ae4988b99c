/**
 * Drafts, the domain service: the only code that creates, changes or deletes DraftRecords.
 * Draft names are unique per namespace (the console says so); deployment names are not.
 */
import type { Backend } from "./backend";
import { notFound, productError } from "./errors";
import { requireLockHolder } from "./locks";
import { newId, unixSeconds, type Actor, type DraftRecord } from "./store";

export interface Scope {
  workspace: string;
  namespace: string;
}

/** The draft fields a user can change. */
export type DraftChanges = Partial<
  Pick<
    DraftRecord,
    "name" | "artifact" | "engineVersion" | "executionMode" | "labels" | "localVariables" | "parentId"
  >
>;

export type NewDraft = DraftChanges & Pick<DraftRecord, "name" | "artifact">;

export function findDraft(backend: Backend, scope: Scope, draftId: string): DraftRecord {
  const draft = backend.store.state.drafts[draftId];
  if (!draft || draft.namespace !== scope.namespace || draft.workspace !== scope.workspace) {
    throw notFound(`Deployment draft ${draftId} in namespace ${scope.namespace}`);
  }
  return draft;
}

/** Oldest first (ASSUMPTION: the order of ListDeploymentDrafts is undocumented). */
export function listDrafts(backend: Backend, scope: Scope): DraftRecord[] {
  return Object.values(backend.store.state.drafts)
    .filter((d) => d.namespace === scope.namespace && d.workspace === scope.workspace)
    .sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
}

function assertNameFree(backend: Backend, scope: Scope, name: string, exceptId?: string): void {
  const clash = listDrafts(backend, scope).find((d) => d.name === name && d.deploymentDraftId !== exceptId);
  if (clash) {
    throw productError(
      "DraftNameAlreadyExists",
      `A deployment draft named ${name} already exists in namespace ${scope.namespace} (${clash.deploymentDraftId}); draft names are unique per namespace.`,
    );
  }
}

export function createDraft(
  backend: Backend,
  scope: Scope,
  fields: NewDraft,
  actor: Actor,
  now: number,
): DraftRecord {
  assertNameFree(backend, scope, fields.name);
  const at = unixSeconds(now);
  const draft: DraftRecord = {
    deploymentDraftId: newId(),
    workspace: scope.workspace,
    namespace: scope.namespace,
    name: fields.name,
    artifact: fields.artifact,
    engineVersion: fields.engineVersion,
    executionMode: fields.executionMode ?? "STREAMING",
    labels: fields.labels,
    localVariables: fields.localVariables,
    parentId: fields.parentId,
    creator: actor.userId,
    creatorName: actor.userName,
    modifier: actor.userId,
    modifierName: actor.userName,
    createdAt: at,
    modifiedAt: at,
  };
  backend.store.state.drafts[draft.deploymentDraftId] = draft;
  return draft;
}

/** UpdateDeploymentDraft by an API caller: the lock, the name rule and the immutable artifact kind. */
export function updateDraft(
  backend: Backend,
  draft: DraftRecord,
  patch: DraftChanges,
  actor: Actor,
  now: number,
): void {
  requireLockHolder(backend, draft, actor, "UpdateDeploymentDraft");
  if (patch.name !== undefined && patch.name !== draft.name) {
    assertNameFree(backend, draft, patch.name, draft.deploymentDraftId);
  }
  if (patch.artifact && patch.artifact.kind !== draft.artifact.kind) {
    throw productError(
      "InvalidParameter",
      `UpdateDeploymentDraft: body.artifact.kind cannot change after creation (draft is ${draft.artifact.kind}, request says ${patch.artifact.kind}); create a new draft instead.`,
    );
  }
  applyDraftPatch(draft, patch, actor, now);
}

/** PATCH semantics: top-level fields present in the patch replace the draft's; the rest stay. */
export function applyDraftPatch(draft: DraftRecord, patch: DraftChanges, actor: Actor, now: number): void {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  Object.assign(draft, defined, {
    modifier: actor.userId,
    modifierName: actor.userName,
    modifiedAt: unixSeconds(now),
  });
}

export function deleteDraft(backend: Backend, draft: DraftRecord): void {
  const state = backend.store.state;
  if (draft.referencedDeploymentId && state.deployments[draft.referencedDeploymentId]) {
    throw productError(
      "DraftHasDeployment",
      `Deployment draft ${draft.name} cannot be deleted while it has a deployment (${draft.referencedDeploymentId}); delete the deployment first.`,
    );
  }
  delete state.drafts[draft.deploymentDraftId];
  delete state.locks[draft.deploymentDraftId];
}

/** A deleted deployment no longer is the draft's: its next deploy creates a new one. */
export function forgetDeployment(backend: Backend, deploymentId: string): void {
  for (const draft of Object.values(backend.store.state.drafts)) {
    if (draft.referencedDeploymentId === deploymentId) delete draft.referencedDeploymentId;
  }
}
