/**
 * Validate and deploy tickets. A ticket is INIT for the first fifth of its duration, EXECUTING until it
 * finishes, then FINISHED (success true or false) — or FAILED for an injected internal failure.
 * ASSUMPTION: the real enum is undocumented for these tickets; INIT/EXECUTING/FINISHED/FAILED is the
 * enum of the sibling resource-plan tickets.
 *
 * What is validated/deployed is the draft as it was at submission. The effect of a deploy (create or
 * update the deployment) happens when the ticket settles; tickets settle lazily, at the start of every
 * request, in finishing order, so the result never depends on timers.
 */
import type { Backend } from "./backend";
import { deploymentTargetsOf } from "./config";
import { recordEvent } from "./events";
import {
  newId,
  unixSeconds,
  type Actor,
  type BriefDeploymentTarget,
  type DraftRecord,
  type TicketKind,
  type TicketRecord,
} from "./store";
import { resourceFieldsOf } from "./deployment-defaults";
import { validateDraft } from "./validation/draft-validator";
import { namespaceValues } from "./variables";

export type TicketStatus = "INIT" | "EXECUTING" | "FINISHED" | "FAILED";

export interface TicketRequest {
  kind: TicketKind;
  draft: DraftRecord;
  actor: Actor;
  deploymentTarget: BriefDeploymentTarget;
  /** deploy only: skip the validation step */
  skipValidate: boolean;
  now: number;
}

export async function submitTicket(backend: Backend, request: TicketRequest): Promise<TicketRecord> {
  const duration = backend.durations.draw(request.kind);
  const draft: DraftRecord = JSON.parse(JSON.stringify(request.draft)) as DraftRecord;
  const injected = backend.failNextTicket[request.kind];
  if (injected !== undefined) delete backend.failNextTicket[request.kind];
  const validation =
    injected === undefined && (request.kind === "validate" || !request.skipValidate)
      ? await validateDraft(draft, request.deploymentTarget.name, {
          sqlValidator: backend.sqlValidator,
          sqlParserErrorsAs: backend.config.sqlParserErrorsAs,
          deploymentTargets: deploymentTargetsOf(backend.config, draft.workspace, draft.namespace),
          engines: backend.config.engines,
          namespaceVariables: namespaceValues(backend, draft),
        })
      : undefined;
  // The check can take a few hundred ms on a new statement shape (longer in a sidecar); the ticket's
  // clock starts once it is accepted, so that INIT/EXECUTING stay observable however long it took.
  const acceptedAt = Math.max(request.now, backend.clock.now());
  const ticket: TicketRecord = {
    ticketId: newId(),
    kind: request.kind,
    workspace: draft.workspace,
    namespace: draft.namespace,
    deploymentDraftId: draft.deploymentDraftId,
    actor: request.actor,
    deploymentTarget: request.deploymentTarget,
    submittedAtMs: acceptedAt,
    executingAtMs: acceptedAt + Math.floor(duration / 5),
    finishAtMs: acceptedAt + duration,
    settled: false,
    injectedFailure: injected,
    draft,
    validation,
  };
  backend.store.state.tickets[ticket.ticketId] = ticket;
  return ticket;
}

export function ticketStatus(ticket: TicketRecord, now: number): TicketStatus {
  if (!ticket.settled && now < ticket.finishAtMs) return now < ticket.executingAtMs ? "INIT" : "EXECUTING";
  return ticket.injectedFailure !== undefined ? "FAILED" : "FINISHED";
}

/** Settles every ticket whose time has come, oldest first. Returns true when anything changed. */
export function settleTickets(backend: Backend, now: number): boolean {
  const due = Object.values(backend.store.state.tickets)
    .filter((t) => !t.settled && t.finishAtMs <= now)
    .sort((a, b) => a.finishAtMs - b.finishAtMs || a.submittedAtMs - b.submittedAtMs);
  for (const ticket of due) {
    ticket.settled = true;
    if (
      ticket.kind === "deploy" &&
      ticket.injectedFailure === undefined &&
      ticket.validation?.success !== false
    ) {
      applyDeploy(backend, ticket);
    }
  }
  return due.length > 0;
}

/** Creates the draft's deployment on its first deploy, updates the same deployment afterwards. */
function applyDeploy(backend: Backend, ticket: TicketRecord): void {
  const state = backend.store.state;
  const current = state.drafts[ticket.deploymentDraftId];
  if (!current) {
    ticket.deploySuccess = false;
    ticket.deployMessage = `Deploy failed: draft ${ticket.draft.name} was deleted before the deploy finished.`;
    return;
  }
  const snapshot = ticket.draft;
  const at = String(unixSeconds(ticket.finishAtMs));
  const existing = current.referencedDeploymentId
    ? state.deployments[current.referencedDeploymentId]
    : undefined;
  // Deployment names are not unique (GetDeploymentsByName: "not guaranteed to be unique"): a first
  // deploy creates a new deployment even when another one has the same name.
  const deploymentId = existing?.deploymentId ?? newId();
  state.deployments[deploymentId] = {
    deploymentId,
    workspace: snapshot.workspace,
    namespace: snapshot.namespace,
    name: snapshot.name,
    engineVersion: snapshot.engineVersion,
    executionMode: snapshot.executionMode,
    artifact: snapshot.artifact,
    deploymentTarget: ticket.deploymentTarget,
    // What the draft cannot carry (resources, flinkConf, logging) stays as it was on a redeploy, or is
    // reset to the defaults. ASSUMPTION (setting redeployKeepsSettings, default true; api-audit.md §2.2).
    ...resourceFieldsOf(backend.config.redeployKeepsSettings ? existing : undefined),
    labels: snapshot.labels,
    localVariables: snapshot.localVariables,
    referencedDeploymentDraftId: snapshot.deploymentDraftId,
    creator: existing?.creator ?? ticket.actor.userId,
    creatorName: existing?.creatorName ?? ticket.actor.userName,
    modifier: ticket.actor.userId,
    modifierName: ticket.actor.userName,
    createdAt: existing?.createdAt ?? at,
    modifiedAt: at,
  };
  current.referencedDeploymentId = deploymentId;
  recordEvent(backend, {
    atMs: ticket.finishAtMs,
    kind: existing ? "DEPLOYMENT_UPDATED" : "DEPLOYMENT_CREATED",
    namespace: snapshot.namespace,
    deploymentId,
    by: ticket.actor.userName,
  });
  ticket.deploySuccess = true;
  ticket.deploymentId = deploymentId;
}

/** AsyncDraftValidateResult / AsyncDraftDeployResult as the SDK models them. */
export function ticketView(ticket: TicketRecord, now: number): Record<string, unknown> {
  const status = ticketStatus(ticket, now);
  if (status === "INIT" || status === "EXECUTING") return { ticketStatus: status };
  if (status === "FAILED") return { ticketStatus: status, success: false, message: ticket.injectedFailure };
  const validation = ticket.validation;
  if (ticket.kind === "validate") {
    return {
      ticketStatus: status,
      success: validation?.success ?? true,
      message: validation?.message ?? "",
      draftValidationDetail: validation && {
        sqlValidationResult: validation.sqlValidationResult,
        sqlErrorDetail: validation.sqlErrorDetail,
        draftMetaInfoErrorDetails: validation.draftMetaInfoErrorDetails,
      },
    };
  }
  const artifactValidationDetail = validation && {
    validationResult: validation.success ? validation.sqlValidationResult : "there have some errors",
    errorDetails:
      validation.sqlErrorDetail ?? (validation.success ? undefined : metaErrorDetails(validation.message)),
  };
  if (validation && !validation.success) {
    // The documented GetDeployDeploymentDraftResult example: the ticket FINISHED with success true,
    // the message "Validation error: SQL validate failed" and artifactValidationDetail.errorDetails —
    // and no deploymentId, because nothing was deployed.
    return { ticketStatus: status, success: true, message: validation.message, artifactValidationDetail };
  }
  return {
    ticketStatus: status,
    success: ticket.deploySuccess ?? false,
    message: ticket.deployMessage ?? validation?.message ?? "",
    deploymentId: ticket.deploymentId,
    artifactValidationDetail,
  };
}

/** A non-SQL validation failure as ValidationErrorDetails (no position: it is about the draft's settings). */
function metaErrorDetails(message: string): Record<string, string> {
  return { lineNumber: "0", columnNumber: "0", endLineNumber: "0", endColumnNumber: "0", message };
}
