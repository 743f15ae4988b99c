/**
 * create: adopt-or-create the draft, then lock → validate → deploy → bring
 * the job to `jobState` (start it and pass the health gate, by default).
 *
 * Until the draft exists a failure is a plain error (nothing to orphan). From
 * the moment it exists every failure is a partial failure carrying the ID and
 * what is known, so the next `up` resumes with `update`.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { FlinkApiError, type DeploymentDraft } from "../client";
import { operationContext, type Facts, type OperationContext, type ProviderServices } from "../context";
import { splitStatements, sqlHash } from "../sql";
import { recordDraftModifiedAt, takeLock, validateAndDeploy } from "../deploy-flow";
import { draftBody, ownerOf } from "../draft-body";
import { formatId } from "../ids";
import { applySettings, reconcileJob } from "../jobs";
import { partialFailure } from "../partial-failure";
import { buildOutputs } from "../resources/deployed-draft/outputs";
import { parseInputs } from "../resources/deployed-draft/settings";
import { recordDraftWrite } from "../resources/deployed-draft/writes";
import { decideAdoption, draftDifferences } from "./adoption";
import { createDraftOnce } from "./create-draft";

export async function create(services: ProviderServices, rawInputs: unknown): Promise<dynamic.CreateResult> {
  // The facts object is filled in once the draft exists; the context is built first for its settings.
  const facts: Facts = { deploymentDraftId: "" };
  const ctx = operationContext(services, parseInputs(rawInputs), "create", facts);
  const { client, scope, inputs, settings, log } = ctx;

  // An existing draft of this name: adopted if it is ours (or adopt: true), else a refusal.
  const adopt = async (existing: DeploymentDraft, full: boolean): Promise<DeploymentDraft> => {
    const decision = decideAdoption(existing, {
      name: inputs.name,
      namespace: inputs.namespace,
      owner: inputs.__owner,
      adopt: inputs.adopt,
    });
    if (!decision.adopt) throw new Error(decision.refusal);
    log.info(
      decision.reason === "owned"
        ? `resuming with draft ${existing.deploymentDraftId}, left by an earlier create of this resource`
        : `adopting existing draft ${existing.deploymentDraftId} (adopt: true)`,
    );
    // The list view may leave fields out (the lock among them): read the draft itself.
    return full ? existing : client.getDeploymentDraft(scope, draftIdOf(existing, "ListDeploymentDrafts"));
  };

  // The namespace is listed once per process (draft-listing.ts); a draft found there is read again.
  const listed = await services.draftListings.find(client, scope, inputs.name);
  const existing = listed
    ? await readIfStillThere(ctx, draftIdOf(listed, "ListDeploymentDrafts"))
    : undefined;
  let draft: DeploymentDraft;
  let adopted = false;
  if (existing) {
    draft = await adopt(existing, true);
    adopted = true;
  } else {
    try {
      draft = await createDraftOnce(
        client,
        scope,
        {
          name: inputs.name,
          namespace: inputs.namespace,
          owner: inputs.__owner,
          body: draftBody(inputs, settings.executionMode),
        },
        log,
        ctx.clock,
      );
      log.info(`created draft ${draft.deploymentDraftId}`);
      await services.draftListings.remember(client, scope, draft);
    } catch (err) {
      // Refused, not lost: the name may have been taken since the listing. Look again.
      if (!(err instanceof FlinkApiError) || err.retryable || err.notSent) throw err;
      const taken = await client.findDeploymentDraftByName(scope, inputs.name);
      if (!taken) throw err;
      draft = await adopt(taken, false);
      adopted = true;
    }
  }

  const deploymentDraftId = draftIdOf(draft, adopted ? "GetDeploymentDraft" : "CreateDeploymentDraft");
  const id = formatId(inputs.workspace, inputs.namespace, deploymentDraftId);
  facts.deploymentDraftId = deploymentDraftId;
  facts.deploymentId = draft.referencedDeploymentId;
  // A draft we created, or one of our own left by a crashed create, belongs to
  // this resource from the start. Someone else's draft (adopt: true) becomes
  // ours only once we have written to it: a failure before that leaves it to
  // its owner (a plain error), so that a later destroy cannot delete it.
  const ownsDraft = !adopted || ownerOf(draft) === inputs.__owner;
  let claimed = ownsDraft;
  if (adopted && draft.referencedDeploymentId && draftDifferences(draft, inputs).length === 0) {
    // Already what the program describes, and deployed: record it as it is. No lock, no write, no
    // ticket; the job is only looked at (reconcileJob starts or stops it only if jobState says so).
    log.info(
      `draft ${deploymentDraftId} already has the program's content and is deployed as ${draft.referencedDeploymentId}: ` +
        "taken over without writing, validating or deploying",
    );
    try {
      await recordAsDeployed(ctx, draft);
      const settings = await applySettings(ctx, false);
      await reconcileJob(ctx, inputs, { ...settings, redeployed: false });
    } catch (err) {
      throw partialFailure(err, id, inputs, facts);
    }
    return { id, outs: buildOutputs(inputs, facts) };
  }
  try {
    await takeLock(ctx, draft, {
      ownHolderIds: adopted && ownsDraft && draft.creator ? [draft.creator] : [],
      ownHolderNames: adopted && ownsDraft && draft.creatorName ? [draft.creatorName] : [],
      anyLockIsOurs: !adopted,
    });
    if (adopted) {
      await client.updateDeploymentDraft(scope, deploymentDraftId, draftBody(inputs, settings.executionMode));
      claimed = true;
    }
    recordDraftWrite(facts, inputs);
    await validateAndDeploy(ctx);
    // The owned settings go to the deployment before the job starts: a job copies them at its start.
    await applySettings(ctx, true);
    await reconcileJob(ctx, inputs);
    await recordDraftModifiedAt(ctx);
  } catch (err) {
    if (!claimed) throw err;
    throw partialFailure(err, id, inputs, facts);
  }
  return { id, outs: buildOutputs(inputs, facts) };
}

function draftIdOf(draft: DeploymentDraft, operation: string): string {
  if (!draft.deploymentDraftId) {
    throw new Error(`${operation} returned draft ${draft.name ?? "(unnamed)"} without a deploymentDraftId`);
  }
  return draft.deploymentDraftId;
}

/** The facts of a draft taken over as it is: what a deploy of the same content would have recorded. */
async function recordAsDeployed(ctx: OperationContext, draft: DeploymentDraft): Promise<void> {
  ctx.facts.deploymentId = draft.referencedDeploymentId;
  ctx.facts.sqlHash = sqlHash(ctx.inputs.sql);
  ctx.facts.statementCount = splitStatements(ctx.inputs.sql).length;
  ctx.facts.draftModifiedAt = draft.modifiedAt;
  // No lock facts: a lock on the draft is someone else's (the console's), never to be taken for ours.
  recordDraftWrite(ctx.facts, ctx.inputs);
}

/** GetDeploymentDraft, or undefined when the draft is gone. */
async function readIfStillThere(
  ctx: OperationContext,
  deploymentDraftId: string,
): Promise<DeploymentDraft | undefined> {
  try {
    return await ctx.client.getDeploymentDraft(ctx.scope, deploymentDraftId);
  } catch (err) {
    if (err instanceof FlinkApiError && err.isNotFound) return undefined;
    throw err;
  }
}
