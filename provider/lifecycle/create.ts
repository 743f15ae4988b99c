/**
 * create: adopt-or-create the draft, then lock → validate → deploy → bring
 * the job to `jobState` (start it and pass the health gate, by default).
 *
 * Until the draft exists a failure is a plain error (nothing to orphan). From
 * the moment it exists every failure is a partial failure carrying the ID and
 * what is known, so the next `up` resumes with `update`.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { DeploymentDraft } from "../client";
import { draftBody, ownerOf } from "../draft-body";
import { formatDuration } from "../durations";
import { parseInputs } from "../inputs";
import { buildOutputs, formatId, type ServiceFacts } from "../outputs";
import { partialFailure } from "../partial-failure";
import { getClient } from "../session";
import { deadlineIn } from "../wait";
import { takeLock, validateAndDeploy, type FlowContext } from "../deploy-flow";
import { jobContextOf, reconcileJob } from "../job-reconcile";
import { decideAdoption } from "./adoption";
import { createDraftOnce } from "./create-draft";
import { prepare, recordDraftWrite } from "./context";

export async function create(rawInputs: unknown): Promise<dynamic.CreateResult> {
  const { inputs, settings, scope, log } = prepare(parseInputs(rawInputs));
  const client = getClient();
  const deadline = deadlineIn(
    settings.timeoutsMs.create,
    `timeouts.create (${formatDuration(settings.timeoutsMs.create)})`,
  );

  const existing = await client.findDeploymentDraftByName(scope, inputs.name);
  let draft: DeploymentDraft;
  let adopted = false;
  if (existing) {
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
    draft = await client.getDeploymentDraft(scope, draftIdOf(existing, "ListDeploymentDrafts"));
    adopted = true;
  } else {
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
    );
    log.info(`created draft ${draft.deploymentDraftId}`);
  }

  const deploymentDraftId = draftIdOf(draft, adopted ? "GetDeploymentDraft" : "CreateDeploymentDraft");
  const id = formatId(inputs.workspace, inputs.namespace, deploymentDraftId);
  const facts: ServiceFacts = { deploymentDraftId, deploymentId: draft.referencedDeploymentId };
  const ctx: FlowContext = { client, scope, inputs, settings, log, deadline, facts };
  // A draft we created, or one of our own left by a crashed create, belongs to
  // this resource from the start. Someone else's draft (adopt: true) becomes
  // ours only once we have written to it: a failure before that leaves it to
  // its owner (a plain error), so that a later destroy cannot delete it.
  const ownsDraft = !adopted || ownerOf(draft) === inputs.__owner;
  let claimed = ownsDraft;
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
    await reconcileJob(jobContextOf(ctx), inputs);
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
