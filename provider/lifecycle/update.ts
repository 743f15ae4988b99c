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
import { z } from "zod";
import { FlinkApiError, type DeploymentDraft } from "../client";
import { takeLock, validateAndDeploy, type FlowContext } from "../deploy-flow";
import { draftBody } from "../draft-body";
import { formatDuration } from "../durations";
import { DeployedDraftInputsSchema, dropNulls, parseInputs } from "../inputs";
import { awaitHealthy, currentJob, isLive, startJob, stopJob } from "../job-control";
import { jobContextOf, reconcileJob, UpgradeFailedError } from "../job-reconcile";
import type { Logger } from "../log";
import { buildOutputs, formatId, parseId, type ServiceFacts } from "../outputs";
import { partialFailure } from "../partial-failure";
import { getClient } from "../session";
import { sqlHash } from "../sql";
import { deadlineIn } from "../wait";
import { prepare, recordDraftWrite, type NamedInputs } from "./context";
import { contentChanges, isUndeployed } from "./diff";

/** The facts of the previous outputs that carry over (older states may lack any of them). */
const PreviousFactsSchema = z.looseObject({
  deploymentDraftId: z.string().optional(),
  deploymentId: z.string().optional(),
  sqlHash: z.string().optional(),
  statementCount: z.number().optional(),
  lastValidateTicketId: z.string().optional(),
  lastDeployTicketId: z.string().optional(),
  lastValidationMessage: z.string().optional(),
  lastDeployMessage: z.string().optional(),
  deployedAt: z.string().optional(),
  draftModifiedAt: z.number().optional(),
  lockHolder: z.string().optional(),
  lockHolderId: z.string().optional(),
  draftSqlHash: z.string().optional(),
  draftEngineVersion: z.string().optional(),
  jobId: z.string().optional(),
  jobStatus: z.string().optional(),
  jobFailure: z.string().optional(),
  lastSavepointId: z.string().optional(),
  deploymentHasChanged: z.boolean().optional(),
});
type PreviousFacts = z.infer<typeof PreviousFactsSchema>;

export async function update(id: string, olds: unknown, news: unknown): Promise<dynamic.UpdateResult> {
  const { inputs, settings, scope, log } = prepare(parseInputs(news));
  const parsedOlds = PreviousFactsSchema.safeParse(dropNulls(olds ?? {}));
  const previous: PreviousFacts = parsedOlds.success ? parsedOlds.data : {};
  const deploymentDraftId = previous.deploymentDraftId ?? parseId(id).deploymentDraftId;
  const client = getClient();
  const deadline = deadlineIn(
    settings.timeoutsMs.update,
    `timeouts.update (${formatDuration(settings.timeoutsMs.update)})`,
  );

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

  const facts: ServiceFacts = { ...factsOf(previous), deploymentDraftId };
  const resultId = formatId(inputs.workspace, inputs.namespace, deploymentDraftId);
  const ctx: FlowContext = { client, scope, inputs, settings, log, deadline, facts };
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
      log.info("the draft is unchanged: only the job state is reconciled");
    }
    await reconcileJob(jobContextOf(ctx), inputs);
  } catch (err) {
    if (err instanceof UpgradeFailedError && settings.rollbackOnFailure) {
      throw await rollBack(ctx, err, olds, resultId);
    }
    throw partialFailure(err, resultId, inputs, facts);
  }
  return { outs: buildOutputs(inputs, facts) };
}

/** UpdateDeploymentDraft with these inputs, then validate and deploy. */
async function writeAndDeploy(ctx: FlowContext, inputs: NamedInputs): Promise<void> {
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
  ctx: FlowContext,
  failure: UpgradeFailedError,
  olds: unknown,
  resultId: string,
): Promise<Error> {
  const previous = DeployedDraftInputsSchema.safeParse(dropNulls(olds ?? {}));
  if (!previous.success) {
    return partialFailure(
      new Error(`${failure.message}\nNo rollback: the previous inputs in state could not be read.`),
      resultId,
      ctx.inputs,
      ctx.facts,
    );
  }
  const earlier: NamedInputs = {
    ...ctx.inputs,
    sql: previous.data.sql,
    engineVersion: previous.data.engineVersion,
    additionalDependencies: previous.data.additionalDependencies,
    localVariables: previous.data.localVariables,
  };
  ctx.log.warn(`${failure.message}\nrolling back to the previous draft content (rollbackOnFailure)`);
  try {
    await writeAndDeploy(ctx, earlier);
    const jobs = jobContextOf(ctx);
    const failed = await currentJob(jobs);
    if (failed && isLive(failed)) await stopJob(jobs, failed, "NONE");
    const restore = failure.savepointId
      ? {
          kind: "FROM_SAVEPOINT",
          savepointId: failure.savepointId,
          allowNonRestoredState: ctx.settings.restoreStrategy.allowNonRestoredState,
        }
      : ctx.settings.restoreStrategy;
    const started = await startJob(jobs, restore);
    await awaitHealthy(jobs, started.jobId ?? "");
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

function factsOf(previous: PreviousFacts): Omit<ServiceFacts, "deploymentDraftId"> {
  return {
    deploymentId: previous.deploymentId,
    sqlHash: previous.sqlHash,
    statementCount: previous.statementCount,
    lastValidateTicketId: previous.lastValidateTicketId,
    lastDeployTicketId: previous.lastDeployTicketId,
    lastValidationMessage: previous.lastValidationMessage,
    lastDeployMessage: previous.lastDeployMessage,
    deployedAt: previous.deployedAt,
    draftModifiedAt: previous.draftModifiedAt,
    lockHolder: previous.lockHolder,
    lockHolderId: previous.lockHolderId,
    draftSqlHash: previous.draftSqlHash,
    draftEngineVersion: previous.draftEngineVersion,
    jobId: previous.jobId,
    jobStatus: previous.jobStatus,
    jobFailure: previous.jobFailure,
    lastSavepointId: previous.lastSavepointId,
    deploymentHasChanged: previous.deploymentHasChanged,
  };
}

/**
 * Someone changed the draft since our last write when its content differs
 * from what we wrote (draftSqlHash/draftEngineVersion; states from before
 * those facts fall back to the deployed sqlHash). Content, not modifiedAt,
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
  const writtenSqlHash = previous.draftSqlHash ?? previous.sqlHash;
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
