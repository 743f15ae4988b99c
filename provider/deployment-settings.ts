/**
 * Between the program's settings (`resources`, `flinkConf`, `logging`) and
 * the service's Deployment/Job fields (`streamingResourceSetting`,
 * `batchResourceSetting`, `flinkConf`, `logging`): reading them in the
 * program's shape (refresh, the running job), and merging the owned ones into
 * a deployment that was just read (UpdateDeployment is a whole-body PUT that a
 * service may apply as a merge or as a replacement, so the body is always the
 * complete deployment with only the owned keys changed).
 */
import type { Deployment, Job } from "./client";
import type { ObservedResources } from "./resources/deployed-draft/schema";
import {
  memoryMiB,
  normaliseMemory,
  type Logging,
  type OwnedSettings,
  type Resources,
} from "./resources/deployed-draft/job-settings";

type Fields = Record<string, unknown>;

/** What the provider fills in when a spec it must send is missing entirely (the console's usual values). */
const FALLBACK_SPEC = { cpu: 1, memory: "4 GiB" };

interface Spec {
  cpu?: number;
  memory?: string;
}

/** The program's view of a deployment's (or a job's) settings, memory normalised. */
export interface ServiceSettings {
  resources: Resources;
  flinkConf: Record<string, string>;
  logging: Logging;
  /** "BASIC" or "EXPERT" (STREAMING). */
  mode?: string;
}

function spec(s: { cpu?: number; memory?: string } | undefined): Spec | undefined {
  if (!s) return undefined;
  const out: Spec = {};
  if (s.cpu !== undefined) out.cpu = s.cpu;
  if (s.memory !== undefined) out.memory = normaliseMemory(s.memory);
  return out;
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function settingsOf(source: Deployment | Job, executionMode: string): ServiceSettings {
  const resources: Resources = {};
  let mode: string | undefined;
  if (executionMode === "BATCH") {
    const batch = source.batchResourceSetting;
    const basic = batch?.basicResourceSetting;
    Object.assign(
      resources,
      defined({
        maxSlot: batch?.maxSlot,
        parallelism: basic?.parallelism,
        jobManager: spec(basic?.jobmanagerResourceSettingSpec),
        taskManager: spec(basic?.taskmanagerResourceSettingSpec),
      }),
    );
  } else {
    const streaming = source.streamingResourceSetting;
    mode = streaming?.resourceSettingMode;
    if (mode === "EXPERT") {
      const expert = streaming?.expertResourceSetting;
      Object.assign(
        resources,
        defined({
          resourcePlan: expert?.resourcePlan,
          jobManager: spec(expert?.jobmanagerResourceSettingSpec),
        }),
      );
    } else {
      const basic = streaming?.basicResourceSetting;
      Object.assign(
        resources,
        defined({
          parallelism: basic?.parallelism,
          jobManager: spec(basic?.jobmanagerResourceSettingSpec),
          taskManager: spec(basic?.taskmanagerResourceSettingSpec),
        }),
      );
    }
  }
  const flinkConf = Object.fromEntries(
    Object.entries(source.flinkConf ?? {}).map(([k, v]) => [
      k,
      typeof v === "string" ? v : JSON.stringify(v),
    ]),
  );
  const logging: Logging = {};
  const l = source.logging;
  if (l) {
    if (l.loggingProfile !== undefined) logging.profile = l.loggingProfile;
    if (l.log4j2ConfigurationTemplate !== undefined) logging.template = l.log4j2ConfigurationTemplate;
    if (l.log4jLoggers) {
      logging.loggers = Object.fromEntries(
        l.log4jLoggers.map((x) => [x.loggerName ?? "", (x.loggerLevel ?? "").toUpperCase()]),
      ) as Logging["loggers"];
    }
    if (l.logReservePolicy) {
      logging.retention = defined({
        expirationDays: l.logReservePolicy.expirationDays,
        openHistory: l.logReservePolicy.openHistory,
      });
    }
  }
  return { resources, flinkConf, logging, mode };
}

function mergeSpec(current: unknown, owned: Spec | undefined): Spec {
  const cur = (current ?? {}) as Spec;
  return {
    cpu: owned?.cpu ?? cur.cpu ?? FALLBACK_SPEC.cpu,
    memory: owned?.memory ?? cur.memory ?? FALLBACK_SPEC.memory,
  };
}

function mergeBasic(current: unknown, r: Resources): Fields {
  const cur = (current ?? {}) as Fields;
  return {
    ...cur,
    parallelism: r.parallelism ?? cur.parallelism ?? 1,
    jobmanagerResourceSettingSpec: mergeSpec(cur.jobmanagerResourceSettingSpec, r.jobManager),
    taskmanagerResourceSettingSpec: mergeSpec(cur.taskmanagerResourceSettingSpec, r.taskManager),
  };
}

/**
 * The deployment with the owned settings merged in: every other field as it
 * was read. `owned` holds only what the program declares (and Autopilot does
 * not own).
 */
export function mergeOwned(current: Deployment, owned: OwnedSettings, executionMode: string): Fields {
  const next: Fields = structuredClone(current) as Fields;
  const r = owned.resources;
  if (r && Object.keys(r).length > 0) {
    if (executionMode === "BATCH") {
      const batch = (next.batchResourceSetting ?? {}) as Fields;
      const touchesBasic =
        r.parallelism !== undefined || r.jobManager !== undefined || r.taskManager !== undefined;
      next.batchResourceSetting = {
        ...batch,
        maxSlot: r.maxSlot ?? batch.maxSlot ?? 10,
        ...(touchesBasic || batch.basicResourceSetting
          ? {
              basicResourceSetting: touchesBasic
                ? mergeBasic(batch.basicResourceSetting, r)
                : batch.basicResourceSetting,
            }
          : {}),
      };
    } else {
      const streaming = (next.streamingResourceSetting ?? { resourceSettingMode: "BASIC" }) as Fields;
      const basicMode = r.parallelism !== undefined || r.taskManager !== undefined;
      const expertMode = r.resourcePlan !== undefined;
      const mode = expertMode ? "EXPERT" : basicMode ? "BASIC" : (streaming.resourceSettingMode ?? "BASIC");
      if (mode === "EXPERT") {
        const expert = (streaming.expertResourceSetting ?? {}) as Fields;
        next.streamingResourceSetting = {
          ...streaming,
          resourceSettingMode: "EXPERT",
          expertResourceSetting: {
            ...expert,
            resourcePlan: r.resourcePlan ?? expert.resourcePlan,
            jobmanagerResourceSettingSpec: mergeSpec(expert.jobmanagerResourceSettingSpec, r.jobManager),
          },
        };
      } else {
        next.streamingResourceSetting = {
          ...streaming,
          resourceSettingMode: "BASIC",
          basicResourceSetting: mergeBasic(streaming.basicResourceSetting, r),
        };
      }
    }
  }
  if (owned.flinkConf && Object.keys(owned.flinkConf).length > 0) {
    next.flinkConf = { ...((next.flinkConf ?? {}) as Fields), ...owned.flinkConf };
  }
  const l = owned.logging;
  if (l && Object.keys(l).length > 0) {
    const cur = (next.logging ?? {}) as Fields;
    const loggers = [...((cur.log4jLoggers ?? []) as { loggerName?: string; loggerLevel?: string }[])];
    for (const [name, level] of Object.entries(l.loggers ?? {})) {
      const found = loggers.findIndex((x) => (x.loggerName ?? "") === name);
      if (found >= 0) loggers[found] = { ...loggers[found], loggerName: name, loggerLevel: level };
      else loggers.push({ loggerName: name, loggerLevel: level });
    }
    const policy = (cur.logReservePolicy ?? {}) as Fields;
    next.logging = defined({
      ...cur,
      loggingProfile: l.profile ?? cur.loggingProfile ?? "default",
      log4j2ConfigurationTemplate: l.template ?? cur.log4j2ConfigurationTemplate,
      log4jLoggers: loggers.length > 0 ? loggers : cur.log4jLoggers,
      logReservePolicy:
        l.retention !== undefined || cur.logReservePolicy !== undefined
          ? {
              ...policy,
              expirationDays: l.retention?.expirationDays ?? policy.expirationDays ?? 7,
              openHistory: l.retention?.openHistory ?? policy.openHistory ?? true,
            }
          : undefined,
    });
  }
  return next;
}

/** CPU cores and GiB a job with these settings occupies. */
export interface Footprint {
  cpu: number;
  memoryGiB: number;
}

/**
 * JobManager + ceil(parallelism / slots) × TaskManager, slots from
 * `taskmanager.numberOfTaskSlots` (default 1): the help page "Configure job
 * resources" says the TaskManagers follow from parallelism and slots; an
 * expert plan is counted as its JobManager plus one TaskManager (the plan's
 * own sizes are not modelled). Missing specs count as 1 CPU / 4 GiB.
 */
export function footprintOf(settings: ServiceSettings): Footprint {
  const r = settings.resources;
  const jm = r.jobManager ?? {};
  const tm = r.taskManager ?? {};
  const slotsText = Number(settings.flinkConf["taskmanager.numberOfTaskSlots"] ?? 1);
  const slots = Number.isInteger(slotsText) && slotsText >= 1 ? slotsText : 1;
  const taskManagers = settings.mode === "EXPERT" ? 1 : Math.ceil((r.parallelism ?? 1) / slots);
  const gib = (m: string | undefined): number => (memoryMiB(m ?? FALLBACK_SPEC.memory) ?? 4096) / 1024;
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  return {
    cpu: round((jm.cpu ?? FALLBACK_SPEC.cpu) + taskManagers * (tm.cpu ?? FALLBACK_SPEC.cpu)),
    memoryGiB: round(gib(jm.memory) + taskManagers * gib(tm.memory)),
  };
}

/** The service's settings with the owned ones laid over (what the deployment will have). */
export function withOwned(service: ServiceSettings, owned: OwnedSettings): ServiceSettings {
  const r = owned.resources ?? {};
  const expert = r.resourcePlan !== undefined;
  const basic = r.parallelism !== undefined || r.taskManager !== undefined;
  return {
    mode: expert ? "EXPERT" : basic ? "BASIC" : service.mode,
    resources: {
      ...service.resources,
      ...defined({ parallelism: r.parallelism, maxSlot: r.maxSlot, resourcePlan: r.resourcePlan }),
      jobManager: { ...service.resources.jobManager, ...defined(r.jobManager ?? {}) },
      taskManager: { ...service.resources.taskManager, ...defined(r.taskManager ?? {}) },
    },
    flinkConf: { ...service.flinkConf, ...(owned.flinkConf ?? {}) },
    logging: { ...service.logging, ...owned.logging },
  };
}

/** observedParallelism / observedResources of a job (its own copy of the settings). */
export function observedOf(
  job: Job | undefined,
  executionMode: string,
): { observedParallelism?: number; observedResources?: ObservedResources } {
  if (!job || (!job.streamingResourceSetting && !job.batchResourceSetting)) return {};
  const settings = settingsOf(job, executionMode);
  const total = footprintOf(settings);
  const r = settings.resources;
  return {
    observedParallelism: settings.mode === "EXPERT" ? undefined : r.parallelism,
    observedResources: defined({
      parallelism: r.parallelism,
      jobManager: r.jobManager,
      taskManager: r.taskManager,
      resourcePlan: r.resourcePlan,
      cpu: total.cpu,
      memory: memoryTextOf(total.memoryGiB),
    }),
  };
}

function memoryTextOf(gib: number): string {
  const mib = Math.round(gib * 1024);
  return mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`;
}
