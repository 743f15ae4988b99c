/**
 * The steps create and update share once the draft exists: take the edit
 * lock (per lockPolicy), run the asynchronous validation, run the asynchronous
 * deploy, waiting on each ticket. Progress is recorded in `ctx.facts` as it
 * happens, so that a failure at any step can report what is already true
 * (the partial-failure state).
 */
import { deployOutcome, type DeploymentDraft, type Lock } from "./client";
import type { OperationContext } from "./context";
import { formatDuration } from "./durations";
import { expectationOf } from "./pacing";
import { describeServiceFailure } from "./service-problems";
import { sqlHash, splitStatements } from "./sql";
import { deadlineIn, pollUntil } from "./wait";

/** Ticket states after which the ticket no longer changes (only FINISHED is documented). */
const TERMINAL_TICKET_STATES = new Set(["FINISHED", "FAILED"]);

function ticketState(status: string | undefined): string {
  return status && status !== "" ? status : "PENDING";
}

/** Who holds a lock, as "name (id)". */
function holderText(lock: Lock): string {
  const name = lock.holderName || "an unnamed user";
  return lock.holderId ? `${name} (${lock.holderId})` : name;
}

/** How to recognise a lock this provider took. */
export interface LockOwnership {
  /** Holder IDs known to be ours (from earlier outputs, or the creator of a draft we own). */
  ownHolderIds: readonly string[];
  /** Holder names known to be ours, for services whose holder IDs differ from creator IDs. */
  ownHolderNames?: readonly string[];
  /** Set for a draft created a moment ago: any lock on it is ours. */
  anyLockIsOurs: boolean;
}

/** Takes the draft's edit lock; a lock held by anyone else is handled by lockPolicy. */
export async function takeLock(
  ctx: OperationContext,
  draft: DeploymentDraft,
  ownership: LockOwnership,
): Promise<void> {
  const draftId = ctx.facts.deploymentDraftId;
  const isOurs = (lock: Lock | undefined): boolean =>
    !lock?.holderId ||
    ownership.anyLockIsOurs ||
    ownership.ownHolderIds.includes(lock.holderId) ||
    (lock.holderName !== undefined && (ownership.ownHolderNames ?? []).includes(lock.holderName));

  const current = draft.lock;
  if (current && !isOurs(current)) {
    const holder = holderText(current);
    const policy = ctx.settings.lockPolicy;
    if (policy === "fail") {
      throw new Error(
        `Draft ${ctx.inputs.name} is locked by ${holder} (someone editing it in the console, or another tool). ` +
          `Ask them to close the draft, or set lockPolicy: "steal" to take the lock over, or "wait" to wait for it.`,
      );
    }
    if (policy === "wait") {
      const overallLeft = ctx.deadline.at - ctx.clock.now();
      const waitDeadline =
        overallLeft < ctx.settings.lockWaitMs
          ? ctx.deadline
          : deadlineIn(
              ctx.settings.lockWaitMs,
              `lockWaitTimeout (${formatDuration(ctx.settings.lockWaitMs)})`,
              ctx.clock.now(),
            );
      await pollUntil({
        what: `edit lock held by ${holder}`,
        fetch: () => ctx.client.getDeploymentDraft(ctx.scope, draftId),
        stateOf: (d) => (isOurs(d.lock) ? "released" : `held by ${d.lock ? holderText(d.lock) : "nobody"}`),
        isDone: (d) => isOurs(d.lock),
        deadline: waitDeadline,
        log: ctx.log,
        clock: ctx.clock,
        minDelayMs: 1_000,
      });
    } else {
      ctx.log.warn(
        `taking over the edit lock of draft ${ctx.inputs.name} from ${holder} (lockPolicy "steal")`,
      );
    }
  }
  const lock = await ctx.client.acquireDeploymentDraftLock(ctx.scope, draftId);
  ctx.facts.lockHolder = lock.holderName;
  ctx.facts.lockHolderId = lock.holderId;
}

/** ValidateDeploymentDraftAsync and wait; throws when the draft does not validate. */
export async function validate(ctx: OperationContext): Promise<void> {
  const ticketId = await ctx.client.validateDeploymentDraftAsync(ctx.scope, {
    deploymentDraftId: ctx.facts.deploymentDraftId,
    deploymentTargetName: ctx.settings.deploymentTarget.name,
  });
  ctx.facts.lastValidateTicketId = ticketId;
  const result = await pollUntil({
    what: `validate ticket ${ticketId}`,
    fetch: () => ctx.client.getValidateDeploymentDraftResult(ctx.scope, ticketId),
    stateOf: (r) => ticketState(r.ticketStatus),
    isDone: (r) => TERMINAL_TICKET_STATES.has(ticketState(r.ticketStatus)),
    deadline: ctx.deadline,
    log: ctx.log,
    clock: ctx.clock,
    expect: expectationOf(ctx, "validate"),
  });
  const detail = result.draftValidationDetail;
  const metaProblems = (detail?.draftMetaInfoErrorDetails ?? [])
    .map((d) => [d.reason, d.message].filter(Boolean).join(": "))
    .filter((text) => text !== "");
  const message = [result.message, ...metaProblems].filter(Boolean).join("; ");
  // Outputs with new keys are not secret in state: mask variable values the service may echo.
  ctx.facts.lastValidationMessage = ctx.secrets.mask(message) || (result.success ? "valid" : "");
  if (result.ticketStatus !== "FINISHED" || result.success !== true) {
    throw new Error(
      describeServiceFailure(
        `Validation of draft ${ctx.inputs.name} (ticket ${ticketId}, ${ticketState(result.ticketStatus)})`,
        message,
        detail?.sqlErrorDetail,
        ctx.inputs.sql,
        ctx.secrets,
      ),
    );
  }
}

/** DeployDeploymentDraftAsync and wait; records the deployment and what was deployed. */
export async function deploy(ctx: OperationContext): Promise<void> {
  const ticketId = await ctx.client.deployDeploymentDraftAsync(ctx.scope, {
    deploymentDraftId: ctx.facts.deploymentDraftId,
    deploymentTarget: ctx.settings.deploymentTarget,
    skipValidate: false,
  });
  ctx.facts.lastDeployTicketId = ticketId;
  const result = await pollUntil({
    what: `deploy ticket ${ticketId}`,
    fetch: () => ctx.client.getDeployDeploymentDraftResult(ctx.scope, ticketId),
    stateOf: (r) => ticketState(r.ticketStatus),
    isDone: (r) => TERMINAL_TICKET_STATES.has(ticketState(r.ticketStatus)),
    deadline: ctx.deadline,
    log: ctx.log,
    clock: ctx.clock,
    expect: expectationOf(ctx, "deploy"),
  });
  ctx.facts.lastDeployMessage = ctx.secrets.mask(result.message ?? "");
  // FINISHED with success: true can still be a deploy whose validation failed (the documented
  // example of GetDeployDeploymentDraftResult): deployOutcome reads the whole result.
  const outcome = deployOutcome(result);
  if (outcome.state !== "succeeded") {
    throw new Error(
      describeServiceFailure(
        `Deploy of draft ${ctx.inputs.name} (ticket ${ticketId}, ${ticketState(result.ticketStatus)})`,
        outcome.state === "failed" ? outcome.message : result.message,
        outcome.state === "failed" ? outcome.errorDetails : undefined,
        ctx.inputs.sql,
        ctx.secrets,
      ),
    );
  }
  const deploymentId = outcome.deploymentId;
  ctx.facts.deploymentId = deploymentId;
  ctx.facts.sqlHash = sqlHash(ctx.inputs.sql);
  ctx.facts.statementCount = splitStatements(ctx.inputs.sql).length;
  ctx.facts.deployedAt = new Date(ctx.clock.now()).toISOString();
  ctx.log.info(`deployed as deployment ${deploymentId}`);
}

/**
 * GetDeploymentDraft: the draft's modifiedAt, an output only (out-of-band
 * edits are judged by content, update.ts). Read once the job is settled, not
 * between the deploy and the job start: there every draft of a fleet makes its
 * calls at about the same time, and one call less there shortened the
 * fleet bench's rate-limited runs (bench/RESULTS.md, "Before → after"). A
 * failure after the deploy leaves the output as it was until the next read.
 */
export async function recordDraftModifiedAt(ctx: OperationContext): Promise<void> {
  const draft = await ctx.client.getDeploymentDraft(ctx.scope, ctx.facts.deploymentDraftId);
  ctx.facts.draftModifiedAt = draft.modifiedAt;
}

/** Validation (unless validation.beforeDeploy is false), then deploy. */
export async function validateAndDeploy(ctx: OperationContext): Promise<void> {
  if (ctx.settings.validateBeforeDeploy) await validate(ctx);
  await deploy(ctx);
}
