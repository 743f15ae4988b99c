/**
 * The HTTP layer: a fastify server that routes by method + path (never by x-acs-action), the way the
 * POP gateway does. Per API request, in order: signature (gateway) → throttling, RAM authorization and
 * injected faults (gateway) → `workspace` header and namespace (product) → JSON body → handler → envelope.
 *
 * Colon verbs arrive as `/jobs%3Astart` (the SDK) or `/jobs:start` (Terraform); both are routed alike,
 * while the signature is checked against the path exactly as it arrived.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { AccessControl } from "./access";
import { Authenticator } from "./auth";
import type { Backend } from "./backend";
import { findNamespace, type WorkspaceConfig } from "./config";
import {
  businessErrorStatus,
  errorEnvelope,
  gatewayErrorBody,
  newRequestId,
  successEnvelope,
} from "./envelope";
import { ApiError, GatewayError, gatewayError, invalidParameter, productError } from "./errors";
import type { Faults } from "./faults";
import type { CallContext, RouteSpec } from "./handlers/context";
import type { Actor } from "./store";
import { settle } from "./settle";
import type { Throttle } from "./throttle";

export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  action?: string;
  status: number;
  errorCode?: string;
}

const HOST_ID = "ververica.emulator.local";
const MAX_LOG_ENTRIES = 2000;
export const ADMIN_PREFIX = "/__admin/";

interface LogNote {
  action?: string;
  errorCode?: string;
}

export interface ServerParts {
  backend: Backend;
  routes: RouteSpec[];
  authenticator: Authenticator;
  access: AccessControl;
  throttle: Throttle;
  faults: Faults;
  requestLog: RequestLogEntry[];
}

/** `/jobs%3Astart` → `/jobs:start`, `/jobs/ID%3Astop` → `/jobs/ID:stop`; nothing else is touched. */
export function normalizeColonVerb(url: string): string {
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  return path.replace(/%3[aA](?=[A-Za-z]+$)/, ":") + (q === -1 ? "" : url.slice(q));
}

/**
 * find-my-way syntax for colon verbs: a literal colon is `::`, and a parameter followed by a verb
 * (`/jobs/:jobId:stop`) needs a pattern so that the verb is not swallowed into the parameter.
 */
function fastifyPath(url: string): string {
  return url
    .replace(/\/:([A-Za-z]+):([A-Za-z]+)$/, "/:$1(^[^:/]+)::$2")
    .replace(/([^/:]):([A-Za-z]+)$/, "$1::$2");
}

export function buildServer(parts: ServerParts): FastifyInstance {
  const { backend } = parts;
  const notes = new WeakMap<FastifyRequest, LogNote>();
  const app = Fastify({
    logger: false,
    rewriteUrl: (req) => normalizeColonVerb(req.url ?? "/"),
    bodyLimit: 8 * 1024 * 1024,
  });

  // The signature covers the exact bytes of the body, so every body is kept raw and parsed later.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));

  app.addHook("onResponse", async (request, reply) => {
    // The log records API traffic; the admin API is the observer, not part of it.
    if (request.originalUrl.startsWith(ADMIN_PREFIX)) return;
    const note = notes.get(request) ?? {};
    const entry: RequestLogEntry = {
      time: new Date().toISOString(),
      method: request.method,
      path: rawPathOf(request),
      status: reply.statusCode,
    };
    if (note.action) entry.action = note.action;
    if (note.errorCode) entry.errorCode = note.errorCode;
    parts.requestLog.push(entry);
    if (parts.requestLog.length > MAX_LOG_ENTRIES)
      parts.requestLog.splice(0, parts.requestLog.length - MAX_LOG_ENTRIES);
    if (backend.config.logRequests) {
      process.stderr.write(
        `[emulator] ${entry.method} ${entry.path} ${entry.action ?? "-"} ${entry.status}${entry.errorCode ? ` ${entry.errorCode}` : ""}\n`,
      );
    }
  });

  for (const spec of parts.routes) {
    app.route({
      method: spec.method,
      url: fastifyPath(spec.url),
      handler: async (request, reply) => {
        notes.set(request, { action: spec.action });
        return handleApiCall(parts, spec, request, reply, (code) =>
          notes.set(request, { action: spec.action, errorCode: code }),
        );
      },
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    const path = rawPathOf(request);
    const error = gatewayError(
      "InvalidActionNotFound",
      `Specified api is not found, please check your url and method: ${request.method} ${path}`,
    );
    notes.set(request, { errorCode: error.code });
    return sendGatewayError(reply, newRequestId(), error);
  });

  // What fastify itself rejects (a body over the limit, a malformed URL) gets the gateway's shape too.
  app.setErrorHandler(
    async (error: { statusCode?: number; code?: string; message?: string }, request, reply) => {
      const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
      const answer = gatewayError(
        status >= 500 ? "GatewayInternalError" : "GatewayInvalidParameter",
        String(error.message),
      );
      notes.set(request, { errorCode: answer.code });
      return sendGatewayError(reply, newRequestId(), answer, status);
    },
  );

  return app;
}

async function handleApiCall(
  parts: ServerParts,
  spec: RouteSpec,
  request: FastifyRequest,
  reply: FastifyReply,
  noteError: (code: string) => void,
): Promise<FastifyReply> {
  const { backend } = parts;
  const requestId = newRequestId();
  // The signature's freshness and throttling are the gateway's and use the wall clock; the product's
  // state (tickets, jobs, timestamps) uses the emulator clock, which a test may drive by hand.
  const wallNow = Date.now();
  const now = backend.clock.now();
  const rawUrl = request.originalUrl;
  const q = rawUrl.indexOf("?");
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  try {
    const user = parts.authenticator.authenticate(
      {
        method: request.method,
        rawPath: q === -1 ? rawUrl : rawUrl.slice(0, q),
        query: new URLSearchParams(q === -1 ? "" : rawUrl.slice(q + 1)),
        headers: request.headers,
        body,
      },
      wallNow,
    );
    parts.throttle.admit(user.accessKeyId, wallNow);
    parts.access.check(user, spec.action);
    await parts.faults.apply(spec.action, request, reply);
    if (reply.sent) {
      noteError("InjectedConnectionReset");
      return reply;
    }

    const workspace = checkWorkspace(backend, request);
    const params = { ...(request.params as Record<string, string>) };
    const namespace = params.namespace;
    delete params.namespace;
    if (namespace !== undefined && !findNamespace(backend.config, workspace, namespace)) {
      const existing = workspaceOf(backend, workspace).namespaces.map((n) => n.name);
      throw productError(
        "InvalidNamespace",
        `Namespace ${namespace} does not exist in workspace ${workspace} (existing: ${existing.join(", ")}).`,
      );
    }
    const settled = settle(backend, now);
    const caller: Actor = { userId: user.userId, userName: user.userName };
    const ctx: CallContext = {
      backend,
      caller,
      workspace,
      namespace: namespace ?? "",
      now,
      params,
      query: new URLSearchParams(q === -1 ? "" : rawUrl.slice(q + 1)),
      body: parseJsonBody(spec.action, body),
    };
    try {
      const result = await spec.handle(ctx);
      return reply.code(200).send(successEnvelope(requestId, result.data, result.extra));
    } finally {
      // Also after a failed call: tickets may have settled before the handler threw.
      if (settled || request.method !== "GET") backend.store.persist();
    }
  } catch (error) {
    if (error instanceof GatewayError) {
      noteError(error.code);
      return sendGatewayError(reply, requestId, error);
    }
    if (error instanceof ApiError) {
      noteError(error.errorCode);
      return reply
        .code(businessErrorStatus(backend.config.businessErrorStyle, error))
        .send(errorEnvelope(requestId, error));
    }
    process.stderr.write(
      `[emulator] internal error in ${spec.action}: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    const internal = productError(
      "InternalError",
      `${spec.action} failed inside the emulator; see its stderr.`,
    );
    noteError(internal.errorCode);
    return reply
      .code(businessErrorStatus(backend.config.businessErrorStyle, internal))
      .send(errorEnvelope(requestId, internal));
  }
}

function checkWorkspace(backend: Backend, request: FastifyRequest): string {
  const header = request.headers.workspace;
  const workspace = Array.isArray(header) ? header[0] : header;
  if (!workspace) {
    throw gatewayError(
      "MissingWorkspace",
      "The input parameter workspace that is mandatory for processing this request is not supplied: send the workspace ID in the `workspace` HTTP header.",
    );
  }
  workspaceOf(backend, workspace);
  return workspace;
}

function workspaceOf(backend: Backend, workspace: string): WorkspaceConfig {
  const found = backend.config.workspaces.find((w) => w.id === workspace);
  if (!found) {
    const served = backend.config.workspaces.map((w) => w.id).join(", ");
    throw productError(
      "InvalidWorkspace",
      `Workspace ${workspace} does not exist or is not accessible with this AccessKey (the emulator serves workspaces ${served}).`,
    );
  }
  return found;
}

function parseJsonBody(operation: string, body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    throw invalidParameter(`${operation}: the request body is not valid JSON.`);
  }
}

/** `status` overrides the catalogue's status for what fastify itself rejected (e.g. 413). */
function sendGatewayError(
  reply: FastifyReply,
  requestId: string,
  error: GatewayError,
  status: number = error.httpStatus,
): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply.code(status).send(gatewayErrorBody(requestId, HOST_ID, error));
}

function rawPathOf(request: FastifyRequest): string {
  const url = request.originalUrl;
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}
