/**
 * Deployment-target (resource queue) quotas: ListDeploymentTargets' `quota {limit, request, used}` and
 * the check StartJobWithParams makes against it.
 *
 * ASSUMPTION (the service's accounting is not public; the help page "Configure job resources" only says
 * that the number of TaskManagers follows from the parallelism and the slots per TaskManager):
 * a job occupies
 *   JobManager cpu/memory + ceil(parallelism / slots) × TaskManager cpu/memory
 * with `slots` = flinkConf `taskmanager.numberOfTaskSlots` (default 1). STREAMING jobs use
 * `streamingResourceSetting.basicResourceSetting`; in EXPERT mode (a resource plan the emulator does
 * not model) the JobManager of the expert setting plus one default TaskManager; BATCH jobs use
 * `batchResourceSetting.basicResourceSetting`. `used` (and `request`, the same number) is the sum over
 * the target's STARTING and RUNNING jobs.
 */
import type { Backend } from "./backend";
import { findNamespace, type QuotaSpec } from "./config";
import { defaultResources } from "./deployment-defaults";
import type { DeploymentResources, JobRecord, ResourceSpec } from "./store";

/** CPU cores and GiB. */
export interface Footprint {
  cpu: number;
  memoryGiB: number;
}

const UNITS: Record<string, number> = {
  "": 1,
  g: 1,
  gi: 1,
  gib: 1,
  m: 1 / 1024,
  mi: 1 / 1024,
  mib: 1 / 1024,
};

/** "4 GiB", "4Gi", "4096 MiB", "4g" → GiB; unknown text counts as 0 (the schema checks what it can). */
export function memoryGiB(text: string | undefined): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(text ?? "");
  if (!match) return 0;
  const unit = UNITS[match[2].toLowerCase()];
  return unit === undefined ? 0 : Number(match[1]) * unit;
}

/** GiB → the API's memory text ("12 GiB", "2.5 GiB"). */
export function memoryText(gib: number): string {
  return `${Math.round(gib * 1000) / 1000} GiB`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function slotsPerTaskManager(flinkConf: Record<string, unknown> | undefined): number {
  const slots = Number(flinkConf?.["taskmanager.numberOfTaskSlots"] ?? 1);
  return Number.isInteger(slots) && slots >= 1 ? slots : 1;
}

function spec(s: ResourceSpec | undefined, fallback: ResourceSpec): Footprint {
  const chosen = s ?? fallback;
  return { cpu: chosen.cpu, memoryGiB: memoryGiB(chosen.memory) };
}

/** What a job with these settings occupies (the formula in the header). */
export function footprintOf(resources: DeploymentResources, executionMode: string): Footprint {
  const defaults = defaultResources().streamingResourceSetting.basicResourceSetting!;
  const streaming = resources.streamingResourceSetting;
  let basic = streaming.basicResourceSetting;
  let jobmanager = basic?.jobmanagerResourceSettingSpec;
  if (executionMode === "BATCH") {
    basic = resources.batchResourceSetting.basicResourceSetting;
    jobmanager = basic?.jobmanagerResourceSettingSpec;
  } else if (streaming.resourceSettingMode === "EXPERT") {
    jobmanager = streaming.expertResourceSetting?.jobmanagerResourceSettingSpec;
    basic = undefined;
  }
  const jm = spec(jobmanager, defaults.jobmanagerResourceSettingSpec);
  const tm = spec(basic?.taskmanagerResourceSettingSpec, defaults.taskmanagerResourceSettingSpec);
  const taskManagers = Math.ceil((basic?.parallelism ?? 1) / slotsPerTaskManager(resources.flinkConf));
  return {
    cpu: round(jm.cpu + taskManagers * tm.cpu),
    memoryGiB: round(jm.memoryGiB + taskManagers * tm.memoryGiB),
  };
}

export function jobFootprint(job: JobRecord): Footprint {
  return footprintOf(job.resources ?? defaultResources(), job.executionMode);
}

/** The limit of a target (undefined when the namespace or target does not exist). */
export function quotaLimit(
  backend: Backend,
  scope: { workspace: string; namespace: string },
  target: string,
): QuotaSpec | undefined {
  return findNamespace(backend.config, scope.workspace, scope.namespace)?.quotas[target];
}

/** The sum over the target's STARTING and RUNNING jobs. */
export function targetUsage(
  backend: Backend,
  scope: { workspace: string; namespace: string },
  target: string,
  exceptJobId?: string,
): Footprint {
  let cpu = 0;
  let memory = 0;
  for (const job of Object.values(backend.store.state.jobs)) {
    if (job.workspace !== scope.workspace || job.namespace !== scope.namespace) continue;
    if (job.resourceQueueName !== target || job.jobId === exceptJobId) continue;
    if (job.status !== "STARTING" && job.status !== "RUNNING") continue;
    const f = jobFootprint(job);
    cpu += f.cpu;
    memory += f.memoryGiB;
  }
  return { cpu: round(cpu), memoryGiB: round(memory) };
}

/** DeploymentTarget.quota (SDK ResourceQuota). */
export function quotaView(
  backend: Backend,
  scope: { workspace: string; namespace: string },
  target: string,
): Record<string, ResourceSpec> {
  const limit = quotaLimit(backend, scope, target) ?? { cpu: 0, memory: "0 GiB" };
  const used = targetUsage(backend, scope, target);
  const usedSpec = { cpu: used.cpu, memory: memoryText(used.memoryGiB) };
  return {
    limit: { cpu: limit.cpu, memory: memoryText(memoryGiB(limit.memory)) },
    request: { ...usedSpec },
    used: usedSpec,
  };
}

/**
 * Why a job needing `need` does not fit on the target next to what runs there (undefined when it fits).
 * ASSUMPTION: the message's wording.
 */
export function quotaShortfall(
  backend: Backend,
  scope: { workspace: string; namespace: string },
  target: string,
  need: Footprint,
  exceptJobId?: string,
): string | undefined {
  const limit = quotaLimit(backend, scope, target);
  if (!limit) return undefined;
  const used = targetUsage(backend, scope, target, exceptJobId);
  const freeCpu = round(limit.cpu - used.cpu);
  const freeMemory = round(memoryGiB(limit.memory) - used.memoryGiB);
  if (need.cpu <= freeCpu && need.memoryGiB <= freeMemory) return undefined;
  return `insufficient resources in queue ${target}: requested ${need.cpu} CPU / ${need.memoryGiB} GiB, available ${Math.max(0, freeCpu)} CPU / ${Math.max(0, freeMemory)} GiB (limit ${limit.cpu} CPU / ${memoryText(memoryGiB(limit.memory))}, used ${used.cpu} CPU / ${used.memoryGiB} GiB).`;
}
