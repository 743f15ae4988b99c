/** ValidateDeploymentDraftAsync / DeployDeploymentDraftAsync and their ticket lookups. */
import { DEFAULT_DEPLOYMENT_TARGET } from "../config";
import { notFound } from "../errors";
import { requireLockHolder } from "../locks";
import type { TicketKind, TicketRecord } from "../store";
import { submitTicket, ticketView } from "../tickets";
import { parseBody, type CallContext, type RouteSpec } from "./context";
import { findDraft } from "./drafts";
import { DraftDeployParamsSchema, DraftValidateParamsSchema } from "./schemas";

const BASE = "/api/v2/namespaces/:namespace/deployment-drafts";

function findTicket(ctx: CallContext, kind: TicketKind): TicketRecord {
  const ticketId = ctx.params.ticketId;
  const ticket = ctx.backend.store.state.tickets[ticketId];
  if (
    !ticket ||
    ticket.kind !== kind ||
    ticket.namespace !== ctx.namespace ||
    ticket.workspace !== ctx.workspace
  ) {
    throw notFound(`The ${kind} ticket ${ticketId} in namespace ${ctx.namespace}`);
  }
  return ticket;
}

export const draftTicketRoutes: RouteSpec[] = [
  {
    method: "POST",
    url: `${BASE}/async-validate`,
    action: "ValidateDeploymentDraftAsync",
    async handle(ctx) {
      const body = parseBody("ValidateDeploymentDraftAsync", DraftValidateParamsSchema, ctx.body);
      const draft = findDraft(ctx, body.deploymentDraftId);
      requireLockHolder(ctx.backend, draft, ctx.caller, "ValidateDeploymentDraftAsync");
      const ticket = await submitTicket(ctx.backend, {
        kind: "validate",
        draft,
        actor: ctx.caller,
        deploymentTarget: { mode: "PER_JOB", name: body.deploymentTargetName ?? DEFAULT_DEPLOYMENT_TARGET },
        skipValidate: false,
        now: ctx.now,
      });
      return { data: { ticketId: ticket.ticketId } };
    },
  },
  {
    method: "GET",
    url: `${BASE}/tickets/:ticketId/async-validate`,
    action: "GetValidateDeploymentDraftResult",
    handle(ctx) {
      return { data: ticketView(findTicket(ctx, "validate"), ctx.now) };
    },
  },
  {
    method: "POST",
    url: `${BASE}/async-deploy`,
    action: "DeployDeploymentDraftAsync",
    async handle(ctx) {
      const body = parseBody("DeployDeploymentDraftAsync", DraftDeployParamsSchema, ctx.body);
      const draft = findDraft(ctx, body.deploymentDraftId);
      requireLockHolder(ctx.backend, draft, ctx.caller, "DeployDeploymentDraftAsync");
      const ticket = await submitTicket(ctx.backend, {
        kind: "deploy",
        draft,
        actor: ctx.caller,
        deploymentTarget: body.deploymentTarget,
        skipValidate: body.skipValidate ?? false,
        now: ctx.now,
      });
      return { data: { ticketId: ticket.ticketId } };
    },
  },
  {
    method: "GET",
    url: `${BASE}/tickets/:ticketId/async-deploy`,
    action: "GetDeployDeploymentDraftResult",
    handle(ctx) {
      return { data: ticketView(findTicket(ctx, "deploy"), ctx.now) };
    },
  },
];
