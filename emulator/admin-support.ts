/** What every admin call shares: its error, body parsing, the route signature, the "console user". */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Actor } from "./store";

/** Registers one admin call under /__admin/; `handle`'s result is the JSON answer. */
export type AdminRoute = (
  method: "GET" | "POST",
  path: string,
  handle: (request: FastifyRequest) => unknown,
) => void;

export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Parses an admin body (raw bytes) with a zod schema; a mismatch is a 400 naming the field. */
export function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  let json: unknown = {};
  if (Buffer.isBuffer(body) && body.length > 0) {
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      throw new AdminError(400, "The admin request body is not valid JSON.");
    }
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AdminError(400, `body.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

/** Someone working in the console, not through the API: a lock holder, an editor, a job killer. */
export function consoleUser(holderName: string, holderId: string | undefined): Actor {
  return { userId: holderId ?? `console-${holderName}`, userName: holderName };
}
