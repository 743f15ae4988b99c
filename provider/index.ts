/**
 * The dynamic providers the SDK's shim hands Pulumi's dynamic-provider host
 * (sdk/shim.ts): `deployedDraftProvider` and `variableProvider`, objects with
 * the methods of `@pulumi/pulumi/dynamic`'s ResourceProvider. One root per
 * process (provider.ts, the composition root) serves both: one
 * configuration, one set of clients and caches.
 *
 * Every name exported here is a contract with a shim written to state.
 * Resources last created or updated before the SDK wrote its own shim
 * (f33c5b1) hold one that Pulumi serialized, whose methods call `check`,
 * `diff`, … at the top level and `variable.*`, with `configure` receiving
 * the config itself. Their outputs keep that shim until the resource is next
 * updated, and `refresh` and `destroy` load the provider through it
 * (tests/e2e/shim-upgrade.test.ts). `configure` must stay synchronous in
 * effect: the host does not wait for it before serving concurrent calls.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { stderrSink } from "./log";
import { createProvider, createRoot, createVariableProvider, type ResourceProviderOf } from "./provider";
import { planComparerFromEnv } from "./review/planner/plan-judgement";

// The review asks Flink's own planner when one is at hand (ALICLOUD_FLINK_PLANNER, review/planner).
const root = createRoot({ plans: planComparerFromEnv(process.env, { log: stderrSink }) });
const instance = createProvider(root);
const variableInstance = createVariableProvider(root);

export function configure(config: dynamic.Config): void {
  root.configure(config);
}

export const check = instance.check;
export const diff = instance.diff;
export const create = instance.create;
export const read = instance.read;
export const update = instance.update;
const deleteResource = instance.delete;
export { deleteResource as delete };

/** The methods the host calls, without the instance's services: what the shim's `handler()` returns. */
function forTheHost(provider: ResourceProviderOf): dynamic.ResourceProvider {
  const { check, diff, create, read, update } = provider;
  return { configure: provider.configure, check, diff, create, read, update, delete: provider.delete };
}

/** DeployedDraft's provider, as the shim's `handler()` returns it to the host (sdk/shim.ts). */
export const deployedDraftProvider = forTheHost(instance);

/** Variable's provider, as the shim's `handler()` returns it to the host (sdk/shim.ts). */
export const variableProvider = forTheHost(variableInstance);

/** The Variable resource's methods, as the shims Pulumi serialized call them. */
export const variable = {
  configure: (config: dynamic.Config): void => root.configure(config),
  check: variableInstance.check,
  diff: variableInstance.diff,
  create: variableInstance.create,
  read: variableInstance.read,
  update: variableInstance.update,
  delete: variableInstance.delete,
};
