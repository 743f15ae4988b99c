/**
 * The dynamic providers as the SDK's serialized shims call them: DeployedDraft
 * at the top level (`require("pulumi-alicloud-flink/provider").check(...)`)
 * and Variable under `variable`. One root per process (provider.ts, the
 * composition root) serves both: one configuration, one set of clients and
 * caches.
 *
 * These names and signatures are a contract with every shim ever written to
 * state: `configure` receives the config itself and must stay synchronous
 * (the host does not wait for it before serving concurrent calls).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { stderrSink } from "./log";
import { createProvider, createRoot, createVariableProvider } from "./provider";
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

/** The Variable resource's methods (sdk/variable.ts's shim). */
export const variable = {
  configure: (config: dynamic.Config): void => root.configure(config),
  check: variableInstance.check,
  diff: variableInstance.diff,
  create: variableInstance.create,
  read: variableInstance.read,
  update: variableInstance.update,
  delete: variableInstance.delete,
};
