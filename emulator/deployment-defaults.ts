/**
 * The resource settings, Flink configuration and logging a deployment shows before anyone set them.
 * ASSUMPTION: the real defaults come from the namespace's "Deployment Defaults" and are not public;
 * these are the console's usual starting values (1 CU JobManager and TaskManager, parallelism 1,
 * 180 s checkpoints, the default logging profile with 7 days of history).
 */
import type { DeploymentRecord, DeploymentResources } from "./store";

export function defaultResources(): DeploymentResources {
  const spec = { cpu: 1, memory: "4 GiB" };
  const basic = {
    parallelism: 1,
    jobmanagerResourceSettingSpec: { ...spec },
    taskmanagerResourceSettingSpec: { ...spec },
  };
  return {
    streamingResourceSetting: { resourceSettingMode: "BASIC", basicResourceSetting: basic },
    batchResourceSetting: { maxSlot: 10, basicResourceSetting: structuredClone(basic) },
    flinkConf: {
      "execution.checkpointing.interval": "180s",
      "execution.checkpointing.min-pause": "180s",
    },
    logging: {
      loggingProfile: "default",
      log4jLoggers: [{ loggerName: "", loggerLevel: "INFO" }],
      logReservePolicy: { expirationDays: 7, openHistory: true },
    },
  };
}

/** A deployment's resource fields (a copy), or the defaults for a deployment not created yet. */
export function resourceFieldsOf(deployment: DeploymentRecord | undefined): DeploymentResources {
  if (deployment === undefined) return defaultResources();
  // State files written before these fields existed lack some of them.
  const defaults = defaultResources();
  return structuredClone({
    streamingResourceSetting: deployment.streamingResourceSetting ?? defaults.streamingResourceSetting,
    batchResourceSetting: deployment.batchResourceSetting ?? defaults.batchResourceSetting,
    flinkConf: deployment.flinkConf ?? defaults.flinkConf,
    logging: deployment.logging ?? defaults.logging,
  });
}
