/**
 * The admin API under /__admin/ (unsigned, loopback callers only): lets tests and demos inspect the
 * state and the event log, make "someone in the console" hold a draft lock, and inject failures
 * (tickets, jobs), job restarts, latency and throttling, and move a manual clock (clock/advance).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { AccessControl } from "./access";
import type { Backend } from "./backend";
import { ManualClock } from "./clock";
import { DURATION_KINDS } from "./durations";
import { FaultsRequestSchema, type Faults } from "./faults";
import { applyDraftPatch } from "./drafts";
import { LocalVariableSchema } from "./handlers/schemas";
import { setLock } from "./locks";
import { ADMIN_PREFIX, type RequestLogEntry } from "./server";
import { settle } from "./settle";
import type { DraftRecord } from "./store";
import type { Throttle } from "./throttle";
import { draftView } from "./views";
import { registerJobAdmin } from "./admin-jobs";
import { AdminError, consoleUser, parse, type AdminRoute } from "./admin-support";

export interface AdminParts {
  backend: Backend;
  access: AccessControl;
  faults: Faults;
  throttle: Throttle;
  requestLog: RequestLogEntry[];
}

const LockRequestSchema = z.object({
  namespace: z.string().min(1),
  deploymentDraftId: z.string().min(1),
  holderName: z.string().min(1),
  holderId: z.string().min(1).optional(),
});

/** A console user edits a draft: the console takes the lock on editing, then saves. */
const ConsoleEditSchema = z.object({
  namespace: z.string().min(1),
  deploymentDraftId: z.string().min(1),
  holderName: z.string().min(1),
  holderId: z.string().min(1).optional(),
  sqlScript: z.string().optional(),
  engineVersion: z.string().min(1).optional(),
  labels: z.record(z.string(), z.unknown()).optional(),
  localVariables: z.array(LocalVariableSchema).optional(),
});

const FailNextTicketSchema = z.object({
  kind: z.enum(["validate", "deploy"]),
  message: z.string().min(1).default("Injected failure: the ticket failed inside the service."),
});

/** A duration: fixed ms or a {min, max} range (checked again, min <= max, by Durations.update). */
export const DurationSpecSchema = z.union([
  z.number().int().min(0),
  z.strictObject({ min: z.number().int().min(0), max: z.number().int().min(0) }),
  z.strictObject({ median: z.number().positive(), p95: z.number().positive() }),
]);

const DurationsSchema = z.strictObject({
  validate: DurationSpecSchema.optional(),
  deploy: DurationSpecSchema.optional(),
  jobStart: DurationSpecSchema.optional(),
  jobStop: DurationSpecSchema.optional(),
  hotUpdate: DurationSpecSchema.optional(),
  speed: z.number().positive().optional(),
  seed: z.number().int().optional(),
});

const DenySchema = z.strictObject({
  accessKeyId: z.string().min(1),
  actions: z.array(z.string().min(1)),
});

const AdvanceSchema = z.strictObject({ ms: z.number().min(0) });

const ThrottleSchema = z.object({ requestsPerSecond: z.number().int().min(1).nullable() });

function isLoopback(address: string | undefined): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}

export function registerAdmin(app: FastifyInstance, parts: AdminParts): void {
  const { backend } = parts;
  const route: AdminRoute = (method, path, handle) => {
    app.route({
      method,
      url: `${ADMIN_PREFIX}${path}`,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        if (!isLoopback(request.socket.remoteAddress)) {
          return reply.code(403).send({ error: "The emulator admin API only answers loopback callers." });
        }
        try {
          const result = handle(request);
          backend.store.persist();
          return reply.code(200).send(result ?? { ok: true });
        } catch (error) {
          if (error instanceof AdminError) return reply.code(error.status).send({ error: error.message });
          throw error;
        }
      },
    });
  };

  route("GET", "state", () => {
    settle(backend, backend.clock.now());
    return backend.store.snapshot();
  });
  route("GET", "requests", () => parts.requestLog);
  route("POST", "reset", () => {
    backend.store.reset();
    backend.failNextTicket = {};
    backend.armedJobFailures = [];
    backend.durations.reseed();
    parts.access.reset();
    parts.faults.clear();
    parts.throttle.reset();
    parts.requestLog.length = 0;
  });
  const findDraft = (namespace: string, draftId: string): DraftRecord => {
    const draft = backend.store.state.drafts[draftId];
    if (!draft || draft.namespace !== namespace) {
      throw new AdminError(404, `Deployment draft ${draftId} does not exist in namespace ${namespace}.`);
    }
    return draft;
  };
  route("POST", "lock", (request) => {
    const body = parse(LockRequestSchema, request.body);
    const draft = findDraft(body.namespace, body.deploymentDraftId);
    return setLock(backend, draft, consoleUser(body.holderName, body.holderId));
  });
  route("POST", "console-edit", (request) => {
    const body = parse(ConsoleEditSchema, request.body);
    const draft = findDraft(body.namespace, body.deploymentDraftId);
    const actor = consoleUser(body.holderName, body.holderId);
    setLock(backend, draft, actor);
    const artifact =
      body.sqlScript === undefined
        ? undefined
        : { ...draft.artifact, sqlArtifact: { ...draft.artifact.sqlArtifact, sqlScript: body.sqlScript } };
    const patch = {
      artifact,
      engineVersion: body.engineVersion,
      labels: body.labels,
      localVariables: body.localVariables,
    };
    applyDraftPatch(draft, patch, actor, backend.clock.now());
    return draftView(backend, draft);
  });
  route("POST", "fail-next-ticket", (request) => {
    const body = parse(FailNextTicketSchema, request.body);
    backend.failNextTicket[body.kind] = body.message;
  });
  route("POST", "durations", (request) => {
    const body = parse(DurationsSchema, request.body);
    for (const kind of DURATION_KINDS) {
      const spec = body[kind];
      if (typeof spec === "object" && "median" in spec && spec.p95 < spec.median) {
        throw new AdminError(
          400,
          `body.${kind}: p95 (${spec.p95}) must not be below median (${spec.median}).`,
        );
      }
      if (typeof spec === "object" && "max" in spec && spec.max < spec.min) {
        throw new AdminError(400, `body.${kind}: max (${spec.max}) must not be below min (${spec.min}).`);
      }
    }
    backend.durations.update(body);
    return backend.durations.view();
  });
  route("POST", "deny", (request) => {
    const body = parse(DenySchema, request.body);
    if (!parts.access.hasUser(body.accessKeyId)) {
      throw new AdminError(404, `body.accessKeyId: no configured user signs with ${body.accessKeyId}.`);
    }
    let deniedActions: string[];
    try {
      deniedActions = parts.access.deny(body.accessKeyId, body.actions);
    } catch (error) {
      throw new AdminError(400, `body.actions: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { accessKeyId: body.accessKeyId, deniedActions };
  });
  route("GET", "clock", () => ({ kind: backend.clock.kind, now: backend.clock.now() }));
  route("POST", "clock/advance", (request) => {
    const body = parse(AdvanceSchema, request.body);
    const clock = backend.clock;
    if (!(clock instanceof ManualClock)) {
      throw new AdminError(
        409,
        'The emulator runs on the wall clock; start it with clock "manual" to advance time.',
      );
    }
    const now = clock.advance(body.ms);
    settle(backend, now);
    return { kind: clock.kind, now };
  });
  registerJobAdmin(route, backend);
  route("GET", "faults", () => parts.faults.list());
  route("POST", "faults", (request) => {
    const body = parse(FaultsRequestSchema, request.body);
    parts.faults.configure(body.seed, body.rules);
    return parts.faults.list();
  });
  route("POST", "throttle", (request) => {
    const body = parse(ThrottleSchema, request.body);
    parts.throttle.requestsPerSecond = body.requestsPerSecond ?? undefined;
    parts.throttle.reset();
    return { requestsPerSecond: body.requestsPerSecond };
  });
}
