/**
 * delete: stop the deployment's running jobs (by `stopStrategy`, default
 * STOP_WITH_SAVEPOINT), delete the deployment, delete
 * the draft (the service refuses to delete a draft with a published or running
 * deployment). "Not found" at any step counts as done, so a delete that was
 * interrupted can simply run again. With Pulumi's `retainOnDelete` the
 * engine never calls delete: the job keeps running.
 */
import { FlinkApiError } from "../client";
import { operationContext, type ProviderServices } from "../context";
import { stopAllJobs } from "../jobs";
import { storedLocation, storedInputs } from "../resources/deployed-draft/state";
import type { DeployedDraftInputs } from "../resources/deployed-draft/schema";

async function ignoreNotFound(action: () => Promise<void>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (err) {
    if (err instanceof FlinkApiError && err.isNotFound) return false;
    throw err;
  }
}

/** `state`: the stored outputs, already upgraded (state.ts). The ID says where the draft is. */
export async function deleteDraft(
  services: ProviderServices,
  id: string,
  state: Record<string, unknown>,
): Promise<void> {
  const where = storedLocation(id, state);
  // Inputs as stored (a state that no longer parses still has its ID: delete with the defaults).
  const stored = storedInputs(state);
  const inputs: DeployedDraftInputs = {
    sql: "",
    engineVersion: "",
    ...stored,
    __resourceName: where.displayName,
    name: stored?.name ?? where.displayName,
    workspace: where.workspace,
    namespace: where.namespace,
  };
  const ctx = operationContext(services, inputs, "delete", {
    deploymentDraftId: where.deploymentDraftId,
    deploymentId: typeof state.deploymentId === "string" ? state.deploymentId : undefined,
  });
  const { client, scope, log } = ctx;

  if (!ctx.facts.deploymentId) {
    // A partial create may have deployed without recording it; the draft knows.
    try {
      const draft = await client.getDeploymentDraft(scope, where.deploymentDraftId);
      ctx.facts.deploymentId = draft.referencedDeploymentId || undefined;
    } catch (err) {
      if (!(err instanceof FlinkApiError && err.isNotFound)) throw err;
    }
  }
  const deploymentId = ctx.facts.deploymentId;
  if (deploymentId) {
    await ignoreNotFound(() => stopAllJobs(ctx, ctx.settings.stopStrategy));
    const deleted = await ignoreNotFound(() => client.deleteDeployment(scope, deploymentId));
    if (deleted) log.info(`deleted deployment ${deploymentId}`);
  }
  const deleted = await ignoreNotFound(() => client.deleteDeploymentDraft(scope, where.deploymentDraftId));
  log.info(
    deleted
      ? `deleted draft ${where.deploymentDraftId}`
      : `draft ${where.deploymentDraftId} was already gone`,
  );
}
