/**
 * The engine-version catalogue (ListEngineVersionMetadata). The default catalogue is an ASSUMPTION: names
 * follow the real `vvr-<x>-flink-<y>` pattern; the real catalogue changes over time. A configuration
 * (option `engineVersions` or the config file) replaces it.
 * EXPIRED or unknown versions fail validation; DEPRECATED ones validate with a warning.
 */
export type EngineVersionStatus = "STABLE" | "BETA" | "DEPRECATED" | "EXPIRED";

export const ENGINE_VERSION_STATUSES: EngineVersionStatus[] = ["STABLE", "BETA", "DEPRECATED", "EXPIRED"];

export interface EngineVersion {
  /** e.g. vvr-8.0.11-flink-1.17 */
  name: string;
  status: EngineVersionStatus;
}

export interface EngineCatalogue {
  versions: EngineVersion[];
  /** ListEngineVersionMetadata.defaultEngineVersion; one of `versions`. */
  defaultVersion: string;
}

export const DEFAULT_ENGINE_VERSIONS: EngineVersion[] = [
  { name: "vvr-11.1-jdk11-flink-1.20", status: "BETA" },
  { name: "vvr-8.0.11-flink-1.17", status: "STABLE" },
  { name: "vvr-8.0.10-flink-1.17", status: "STABLE" },
  { name: "vvr-8.0.9-flink-1.17", status: "STABLE" },
  { name: "vvr-6.0.7-flink-1.15", status: "DEPRECATED" },
  { name: "vvr-4.0.18-flink-1.13", status: "EXPIRED" },
];

export const DEFAULT_ENGINE_VERSION = "vvr-8.0.11-flink-1.17";

export function findEngineVersion(catalogue: EngineCatalogue, name: string): EngineVersion | undefined {
  return catalogue.versions.find((v) => v.name === name);
}
