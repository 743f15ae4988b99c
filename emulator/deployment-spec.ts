/**
 * The part of a deployment a job runs: what changes it is what makes Deployment.deploymentHasChanged
 * true for the running job. Labels, name and description are metadata and do not count.
 * ASSUMPTION: the service's exact rule is undocumented; redeploying identical content is no change.
 */
import type { DeploymentRecord } from "./store";

export function deploymentSpecOf(deployment: DeploymentRecord): string {
  return canonicalJson({
    artifact: deployment.artifact,
    engineVersion: deployment.engineVersion,
    executionMode: deployment.executionMode,
    localVariables: deployment.localVariables,
    flinkConf: deployment.flinkConf,
    // "After you configure resources, you must restart the job for the changes to take effect."
    streamingResourceSetting: deployment.streamingResourceSetting,
    batchResourceSetting: deployment.batchResourceSetting,
    logging: deployment.logging,
    deploymentTarget: deployment.deploymentTarget,
  });
}

/** JSON with object keys sorted, so that key order never reads as a change. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
