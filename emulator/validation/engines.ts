/**
 * The engine versions the emulator knows (ASSUMPTION: names follow the real `vvr-<x>-flink-<y>` pattern;
 * the real catalogue changes over time and is served by ListEngineVersionMetadata).
 * EXPIRED or unknown versions fail validation; DEPRECATED ones validate with a warning.
 */
export type EngineVersionStatus = "STABLE" | "BETA" | "DEPRECATED" | "EXPIRED";

export interface EngineVersion {
  engineVersion: string;
  status: EngineVersionStatus;
}

export const ENGINE_VERSIONS: EngineVersion[] = [
  { engineVersion: "vvr-11.1-jdk11-flink-1.20", status: "BETA" },
  { engineVersion: "vvr-8.0.11-flink-1.17", status: "STABLE" },
  { engineVersion: "vvr-8.0.10-flink-1.17", status: "STABLE" },
  { engineVersion: "vvr-8.0.9-flink-1.17", status: "STABLE" },
  { engineVersion: "vvr-6.0.7-flink-1.15", status: "DEPRECATED" },
  { engineVersion: "vvr-4.0.18-flink-1.13", status: "EXPIRED" },
];

export const DEFAULT_ENGINE_VERSION = "vvr-8.0.11-flink-1.17";

export function findEngineVersion(name: string): EngineVersion | undefined {
  return ENGINE_VERSIONS.find((v) => v.engineVersion === name);
}
