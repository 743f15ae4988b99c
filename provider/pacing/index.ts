/** The provider's pacing of the service: the request pacer and the learned durations of waits. */
import type { OperationContext } from "../context";
import type { DurationKind, Expectation } from "./learned-durations";

export * from "./duration-cache";
export * from "./learned-durations";
export * from "./pacer";

/** What the provider knows about how long this operation's step of `kind` takes. */
export function expectationOf(ctx: OperationContext, kind: DurationKind): Expectation {
  return ctx.services.durations.expectation({
    endpoint: ctx.client.endpoint,
    namespace: `${ctx.scope.workspace}/${ctx.scope.namespace}`,
    kind,
    engineVersion: ctx.inputs.engineVersion,
  });
}
