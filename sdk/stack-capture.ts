/**
 * Registering a resource without V8 stack capture.
 *
 * Why: @pulumi/pulumi wraps every property of a resource in promises that each
 * record `new Error().stack` for its promise-leak report
 * (`runtime/debuggable.js`, `debuggablePromise`), four per property. Under
 * ts-node, which programs run in, source maps make each of those stacks cost
 * about 0.1 ms; a DeployedDraft seeds some 30 output properties (so that they
 * are unknown, not absent, in preview), so its constructor spent about 12 ms
 * there: 1.2 s of every preview of a 100-draft stack, where a resource with two
 * properties spends 2 ms (measured with `pulumi.runtime.setMocks`, 100
 * resources of 27 properties: 1119 ms with stacks, 165 ms without).
 *
 * The stacks only locate a promise that leaks, which a constructor of ours does
 * not create; everything else the engine does keeps its stacks (the limit is
 * restored before the constructor returns, and promises that settle later
 * capture nothing here).
 */
export function stackCaptureOff(): () => void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}
