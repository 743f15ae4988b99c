/**
 * Fault injection for resilience tests: per operation (or "*"), with a probability drawn from a seeded
 * PRNG so a failing test replays the same sequence. Kinds: an HTTP 500 or 503 gateway error, a reset
 * connection, or added latency.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { gatewayError } from "./errors";
import { mulberry32 } from "./random";

export const FaultRuleSchema = z.object({
  operation: z.string().min(1).default("*"),
  kind: z.enum(["http500", "http503", "reset", "latency"]),
  probability: z.number().min(0).max(1).default(1),
  latencyMs: z.number().int().min(0).max(120000).default(0),
  /** How many times the rule may fire; unlimited when absent. */
  times: z.number().int().min(1).optional(),
});
export type FaultRule = z.infer<typeof FaultRuleSchema>;

export const FaultsRequestSchema = z.object({
  seed: z.number().int().default(1),
  rules: z.array(FaultRuleSchema),
});

export class Faults {
  private rules: FaultRule[] = [];
  private random: () => number = mulberry32(1);

  configure(seed: number, rules: FaultRule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
    this.random = mulberry32(seed);
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.configure(1, []);
  }

  /** Applies the matching rules in order; throws a GatewayError, hijacks and resets, or just waits. */
  async apply(operation: string, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    for (const rule of this.rules) {
      if (rule.operation !== "*" && rule.operation !== operation) continue;
      if (rule.times !== undefined && rule.times <= 0) continue;
      if (this.random() >= rule.probability) continue;
      if (rule.times !== undefined) rule.times -= 1;
      switch (rule.kind) {
        case "latency":
          await new Promise((resolve) => setTimeout(resolve, rule.latencyMs));
          break;
        case "http500":
          throw gatewayError(
            "GatewayInternalError",
            `Injected fault: ${operation} failed with an internal error.`,
          );
        case "http503":
          throw gatewayError(
            "ServiceUnavailable",
            `Injected fault: the service is unavailable for ${operation}.`,
          );
        case "reset":
          reply.hijack();
          request.raw.socket.destroy();
          return;
      }
    }
  }
}
