/** The contract between the HTTP layer (server.ts) and the operation handlers. */
import { z } from "zod";
import type { Backend } from "../backend";
import { productError } from "../errors";
import type { Actor } from "../store";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface CallContext {
  backend: Backend;
  /** The authenticated caller (the user behind the AccessKey). */
  caller: Actor;
  workspace: string;
  /** Decoded namespace path segment (already checked to exist). */
  namespace: string;
  /** ms since the epoch, fixed for the whole call */
  now: number;
  /** Decoded path parameters other than the namespace. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body, or undefined when none was sent. */
  body: unknown;
}

export interface ApiResult {
  /** Omitted from the envelope when undefined (Delete* operations). */
  data?: unknown;
  /** Extra top-level envelope fields (pageIndex, pageSize, totalSize). */
  extra?: Record<string, unknown>;
}

export interface RouteSpec {
  method: HttpMethod;
  /** fastify route under /api/v2 with a `:namespace` parameter where the API has one */
  url: string;
  /** The operation name (as the SDK's x-acs-action), for the request log; never used for routing. */
  action: string;
  /** May be async: validation can go through an out-of-process validator. */
  handle(ctx: CallContext): ApiResult | Promise<ApiResult>;
}

/** Parses a JSON body with a zod schema; a mismatch is a 400 naming the field. */
export function parseBody<T>(operation: string, schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? `body.${issue.path.join(".")}` : "body";
  throw productError(
    "InvalidParameter",
    `${operation}: ${field} is invalid: ${issue?.message ?? "bad value"}.`,
  );
}

export function requiredQuery(ctx: CallContext, operation: string, name: string): string {
  const value = ctx.query.get(name);
  if (!value)
    throw productError("InvalidParameter", `${operation}: the query parameter ${name} is required.`);
  return value;
}

export interface Page<T> {
  items: T[];
  extra: { pageIndex: number; pageSize: number; totalSize: number };
}

/** pageIndex (1-based, default 1) and pageSize (default 10, at most 100), as the API documents. */
export function paginate<T>(ctx: CallContext, operation: string, all: T[]): Page<T> {
  const pageIndex = positiveInt(ctx, operation, "pageIndex", 1);
  const pageSize = positiveInt(ctx, operation, "pageSize", 10);
  if (pageSize > 100) throw productError("InvalidParameter", `${operation}: pageSize must be at most 100.`);
  const start = (pageIndex - 1) * pageSize;
  return { items: all.slice(start, start + pageSize), extra: { pageIndex, pageSize, totalSize: all.length } };
}

function positiveInt(ctx: CallContext, operation: string, name: string, fallback: number): number {
  const raw = ctx.query.get(name);
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw productError("InvalidParameter", `${operation}: ${name} must be a positive integer, got ${raw}.`);
  }
  return value;
}
