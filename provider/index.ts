/**
 * The DeployedDraft dynamic provider: the functions the SDK's serialized shim
 * forwards to (`require("pulumi-alicloud-flink/provider")`), with the shapes of
 * @pulumi/pulumi's `dynamic.ResourceProvider`. `configure` is synchronous on
 * purpose (see config.ts).
 */
export { configure } from "./config";
export { check } from "./lifecycle/check";
export { diff } from "./lifecycle/diff";
export { create } from "./lifecycle/create";
export { read } from "./lifecycle/read";
export { update } from "./lifecycle/update";
export { deleteDraft as delete } from "./lifecycle/delete";
