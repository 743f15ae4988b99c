/**
 * pulumi-alicloud-flink: Flink SQL jobs on Alibaba Cloud Realtime Compute for
 * Apache Flink as Pulumi resources.
 *
 * @example
 * import { DeployedDraft } from "pulumi-alicloud-flink";
 * new DeployedDraft("orders", { workspace, namespace, engineVersion, sql });
 */
export { DeployedDraft } from "./deployed-draft";
export { Variable } from "./variable";
export type { VariableArgs } from "./variable";
export type {
  DeployedDraftArgs,
  DeploymentTargetArgs,
  RestoreStrategyArgs,
  TimeoutsArgs,
  ValidationArgs,
} from "./deployed-draft";
