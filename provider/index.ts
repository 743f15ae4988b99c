/**
 * The DeployedDraft dynamic provider as the SDK's serialized shim calls it
 * (`require("pulumi-alicloud-flink/provider").check(...)`): the methods of one
 * provider instance per process (provider.ts, the composition root).
 *
 * These names and signatures are a contract with every shim ever written to
 * state: `configure` receives the config itself and must stay synchronous
 * (the host does not wait for it before serving concurrent calls).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { createProvider } from "./provider";

const instance = createProvider();

export function configure(config: dynamic.Config): void {
  void instance.configure({ config });
}

export const check = instance.check;
export const diff = instance.diff;
export const create = instance.create;
export const read = instance.read;
export const update = instance.update;
const deleteResource = instance.delete;
export { deleteResource as delete };
