/**
 * update: read the draft (report edits made outside Pulumi since our last
 * deploy) → take the edit lock per lockPolicy → UpdateDeploymentDraft →
 * validate → deploy, which updates the same deployment in place → bring the
 * job to `jobState`, upgrading a running job by `upgradeStrategy`
 * (job-reconcile.ts). When only the job differs, the draft is not touched.
 *
 * Also the resume path: after a partial failure the engine calls update on
 * the next `up` even when nothing changed, and this runs every step again.
 * Any failure once the draft has been read is a partial failure, so the state
 * records the new inputs and the engine retries next time.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { FlinkApiError, type DeploymentDraft } from "../client";
import { operationContext, type Facts, type OperationContext, type ProviderServices } from "../context";
import { recordDraftModifiedAt, takeLock, validateAndDeploy } from "../deploy-flow";
import { draftBody } from "../draft-body";
import { formatId, parseId } from "../ids";
import {
  applySettings,
  awaitHealthy,
  currentJob,
  isLive,
  reconcileJob,
  startJob,
  stopJob,
  UpgradeFailedError,
} from "../jobs";
import type { Logger } from "../log";
import { partialFailure } from "../partial-failure";
import { buildOutputs } from "../resources/deployed-draft/outputs";
import { contentChanges, isUndeployed, settingsChanges } from "../resources/deployed-draft/changes";
import { parseInputs, type NamedInputs } from "../resources/deployed-draft/settings";
import { storedFacts, storedInputs } from "../resources/deployed-draft/state";
import { recordDraftWrite } from "../resources/deployed-draft/writes";
import { sqlHash } from "../sql";

type PreviousFacts = ReturnType<typeof storedFacts>;

/** `olds`: the stored outputs, already upgraded (state.ts). */
export async function update(
  services: ProviderServices,
  id: string,
  olds: Record<string, unknown>,
  news: unknown,
): Promise<dynamic.UpdateResult> {
  const previous = storedFacts(olds);
  const deploymentDraftId = previous.deploymentDraftId ?? parseId(id).deploymentDraftId;
  const facts: Facts = { ...previous, deploymentDraftId };
  const ctx = operationContext(services, parseInputs(news), "update", facts);
  const { client, scope, inputs, settings, log } = ctx;

  let draft: DeploymentDraft;
  try {
    draft = await client.getDeploymentDraft(scope, deploymentDraftId);
  } catch (err) {
    if (err instanceof FlinkApiError && err.isNotFound) {
      throw new Error(
        `Draft ${inputs.name} (${deploymentDraftId}) no longer exists: it was deleted outside Pulumi. ` +
          "Run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again.",
      );
    }
    throw err;
  }

  const resultId = formatId(inputs.workspace, inputs.namespace, deploymentDraftId);
  // Only the job differs (it died, or jobState changed): the draft and the deployment stay as they are.
  const redeploy = contentChanges(olds, news).length > 0 || isUndeployed(olds);
  try {
    if (redeploy) {
      reportOutOfBandEdits(draft, previous, inputs, settings.onOutOfBandChange, log);
      await takeLock(ctx, draft, {
        ownHolderIds: previous.lockHolderId ? [previous.lockHolderId] : [],
        anyLockIsOurs: false,
      });
      await writeAndDeploy(ctx, inputs);
    } else {
      const settingsChanged = settingsChanges(olds, news);
      log.info(
        settingsChanged.length > 0
          ? `the draft is unchanged: only the deployment settings (${settingsChanged.join(", ")}) and the job are reconciled, without a draft write, validation or deploy`
          : "the draft is unchanged: only the job state is reconciled",
      );
    }
    // A redeploy may have reset the settings (a service that does not keep them): written again here.
    const applied = facts.deploymentId ? await applySettings(ctx, redeploy) : { hotUpdated: false };
    await reconcileJob(ctx, inputs, { ...applied, redeployed: redeploy });
    if (redeploy) await recordDraftModifiedAt(ctx);
  } catch (err) {
    if (err instanceof UpgradeFailedError && settings.rollbackOnFailure) {
      throw await rollBack(ctx, err, olds, resultId);
    }
    throw partialFailure(err, resultId, inputs, facts);
  }
  return { outs: buildOutputs(inputs, facts) };
}

/** UpdateDeploymentDraft with these inputs, then validate and deploy. */
async function writeAndDeploy(ctx: OperationContext, inputs: NamedInputs): Promise<void> {
  const deploymentDraftId = ctx.facts.deploymentDraftId;
  await ctx.client.updateDeploymentDraft(
    ctx.scope,
    deploymentDraftId,
    draftBody(inputs, ctx.settings.executionMode),
  );
  recordDraftWrite(ctx.facts, inputs);
  ctx.log.info(`updated draft ${deploymentDraftId}`);
  await validateAndDeploy({ ...ctx, inputs });
}

/**
 * rollbackOnFailure: the upgraded job failed its health gate. Write the
 * previous draft content back (SQL, engine version, dependencies, variables),
 * deploy it, and start it from the savepoint taken before the upgrade. The
 * result is still a partial failure carrying the new inputs: the state records
 * the previous content as deployed (sqlHash), so the next `up` tries the
 * upgrade again once the cause is fixed.
 */
async function rollBack(
  ctx: OperationContext,
  failure: UpgradeFailedError,
  olds: Record<string, unknown>,
  resultId: string,
): Promise<Error> {
  const previous = storedInputs(olds);
  if (!previous) {
    return partialFailure(
      new Error(`${failure.message}\nNo rollback: the previous inputs in state could not be read.`),
      resultId,
      ctx.inputs,
      ctx.facts,
    );
  }
  const earlier: NamedInputs = {
    ...ctx.inputs,
    sql: previous.sql,
    engineVersion: previous.engineVersion,
    additionalDependencies: previous.additionalDependencies,
    localVariables: previous.localVariables,
  };
  ctx.log.warn(`${failure.message}\nrolling back to the previous draft content (rollbackOnFailure)`);
  try {
    await writeAndDeploy(ctx, earlier);
    const failed = await currentJob(ctx);
    if (failed && isLive(failed)) await stopJob(ctx, failed, "NONE");
    const restore = failure.savepointId
      ? {
          kind: "FROM_SAVEPOINT",
          savepointId: failure.savepointId,
          allowNonRestoredState: ctx.settings.restoreStrategy.allowNonRestoredState,
        }
      : ctx.settings.restoreStrategy;
    const started = await startJob(ctx, restore);
    await awaitHealthy(ctx, started.jobId ?? "");
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return partialFailure(
      new Error(`${failure.message}\nThe rollback failed too: ${why}`),
      resultId,
      ctx.inputs,
      ctx.facts,
    );
  }
  const from = failure.savepointId ? `from savepoint ${failure.savepointId}` : "by restoreStrategy";
  return partialFailure(
    new Error(
      `${failure.message}\nRolled back: the previous draft content is deployed again and its job runs ${from}. ` +
        "The new version is not deployed.",
    ),
    resultId,
    ctx.inputs,
    ctx.facts,
  );
}

/**
 * Someone changed the draft since our last write when its content differs
 * from what we wrote (draftSqlHash/draftEngineVersion; state.ts fills
 * draftSqlHash in for states from before it). Content, not modifiedAt,
 * decides: the timestamp has one-second resolution and may move on lock
 * changes; it only dates the report. "warn" logs it and overwrites; "fail"
 * stops before touching the draft.
 */
function reportOutOfBandEdits(
  draft: DeploymentDraft,
  previous: PreviousFacts,
  inputs: NamedInputs,
  policy: "warn" | "fail",
  log: Logger,
): void {
  const cloudSql = draft.artifact?.sqlArtifact?.sqlScript;
  const writtenSqlHash = previous.draftSqlHash;
  const changes: string[] = [];
  if (cloudSql !== undefined && writtenSqlHash !== undefined && sqlHash(cloudSql) !== writtenSqlHash) {
    changes.push("sql (the draft's statements differ from those Pulumi wrote)");
  }
  const writtenEngine = previous.draftEngineVersion;
  if (
    writtenEngine !== undefined &&
    draft.engineVersion !== undefined &&
    draft.engineVersion !== writtenEngine
  ) {
    changes.push(`engineVersion ${writtenEngine} → ${draft.engineVersion}`);
  }
  if (changes.length === 0) return;
  const who = draft.modifierName || draft.modifier || "someone";
  const when = draft.modifiedAt !== undefined ? `, ${new Date(draft.modifiedAt * 1000).toISOString()}` : "";
  const summary =
    `Draft ${inputs.name} was edited outside Pulumi since Pulumi last wrote it (by ${who}${when}):\n  ` +
    changes.join("\n  ");
  if (policy === "fail") {
    throw new Error(
      `${summary}\nNothing was changed (onOutOfBandChange: "fail"). Copy the edits into the program, or run ` +
        '`pulumi refresh` to accept them, or set onOutOfBandChange: "warn" to overwrite them.',
    );
  }
  log.warn(`${summary}\nOverwriting them with the program's version (onOutOfBandChange: "warn").`);
}
