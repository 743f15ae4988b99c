/**
 * Deployment settings: how the job is sized (`resources`), configured
 * (`flinkConf`) and logged (`logging`). They live on the deployment, not the
 * draft, so they are written with UpdateDeployment and never touch the draft.
 *
 * Ownership: only what the program declares is owned. A key the program
 * leaves out stays as the service has it: it is never a diff, never written
 * and never reset. So the diff rule compares the declared leaves only, read
 * (refresh) maps only the declared leaves back, and the write merges only the
 * declared leaves into the deployment it has just read.
 *
 * Memory is normalised here, once (check returns the normalised text): "4Gi",
 * "4 GiB", "4096Mi" and "4096 MiB" are all "4 GiB"; a size that is not a
 * whole number of GiB is written in MiB ("1536 MiB").
 */
import { z } from "zod";
import { canonical, type Fields } from "../../schema/resource-schema";
import { containsUnknown } from "../../unknowns";

const MIB_PER_UNIT: Record<string, number> = { gi: 1024, gib: 1024, g: 1024, mi: 1, mib: 1, m: 1 };

/** "4Gi", "4 GiB", "1024Mi", "1.5Gi" → MiB; undefined when it is not a memory size. */
export function memoryMiB(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*$/.exec(text);
  if (!match) return undefined;
  const unit = MIB_PER_UNIT[match[2].toLowerCase()];
  return unit === undefined ? undefined : Number(match[1]) * unit;
}

/** MiB → "4 GiB" (a whole number of GiB) or "1536 MiB". */
export function memoryText(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`;
}

/** The service's text, normalised when it parses (refresh compares like with like). */
export function normaliseMemory(text: string): string {
  const mib = memoryMiB(text);
  return mib === undefined || !Number.isInteger(mib) ? text : memoryText(mib);
}

/** Bounds the provider is sure of; the service has the last word on the rest. */
export const MAX_CPU = 64;
export const MIN_MEMORY_MIB = 512;
export const MAX_MEMORY_MIB = 256 * 1024;
export const MAX_PARALLELISM = 10_000;

const Memory = z.string().transform((text, ctx) => {
  const mib = memoryMiB(text);
  if (mib === undefined) {
    ctx.addIssue({
      code: "custom",
      message:
        `"${text}" is not a memory size: write a number and a unit, e.g. "4Gi", "4 GiB", "1024Mi" or "1024 MiB" ` +
        "(units Gi/GiB/G, Mi/MiB/M)",
    });
    return z.NEVER;
  }
  if (!Number.isInteger(mib)) {
    ctx.addIssue({
      code: "custom",
      message: `"${text}" is not a whole number of MiB: round it (e.g. "1536Mi")`,
    });
    return z.NEVER;
  }
  if (mib < MIN_MEMORY_MIB || mib > MAX_MEMORY_MIB) {
    ctx.addIssue({
      code: "custom",
      message: `"${text}" is out of range: memory must be between 512 MiB and 256 GiB`,
    });
    return z.NEVER;
  }
  return memoryText(mib);
});

const Cpu = z
  .number({ message: "cpu must be a number of cores, e.g. 1 or 0.5" })
  .refine((n) => n > 0, { message: "cpu must be greater than 0 (cores, e.g. 0.5 or 1)", abort: true })
  .refine((n) => n <= MAX_CPU, { message: `cpu must be at most ${MAX_CPU} cores` })
  .refine((n) => Math.round(n * 100) === n * 100, { message: "cpu has at most two decimals (e.g. 0.25)" });

const Parallelism = z
  .number()
  .refine((n) => Number.isInteger(n) && n >= 1, {
    message: "parallelism must be an integer of at least 1 (e.g. 4)",
    abort: true,
  })
  .refine((n) => n <= MAX_PARALLELISM, { message: `parallelism must be at most ${MAX_PARALLELISM}` });

const Spec = z.strictObject({ cpu: Cpu.optional(), memory: Memory.optional() });

export const ResourcesSchema = z
  .strictObject({
    parallelism: Parallelism.optional(),
    jobManager: Spec.optional(),
    taskManager: Spec.optional(),
    resourcePlan: z.string().trim().min(1, { message: "resourcePlan must not be empty" }).optional(),
    maxSlot: Parallelism.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.resourcePlan !== undefined && (r.parallelism !== undefined || r.taskManager !== undefined)) {
      ctx.addIssue({
        code: "custom",
        message:
          "resourcePlan (expert mode) and parallelism/taskManager (basic mode) exclude each other: keep one " +
          "(jobManager may go with either)",
      });
    }
    if (r.resourcePlan !== undefined && r.maxSlot !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: "maxSlot is for BATCH jobs, resourcePlan for STREAMING: keep one",
      });
    }
  });
export type Resources = z.output<typeof ResourcesSchema>;

/** Flink configuration: strings; numbers and booleans in their string form. */
export const FlinkConfSchema = z.record(
  z.string().trim().min(1, { message: "a flinkConf key must not be empty" }),
  z.union([z.string(), z.number(), z.boolean()]).transform(String),
);

export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"] as const;

export const LoggingSchema = z.strictObject({
  profile: z
    .string()
    .trim()
    .min(1, { message: 'logging.profile must not be empty (e.g. "default")' })
    .optional(),
  template: z.string().min(1, { message: "logging.template must not be empty" }).optional(),
  loggers: z
    .record(
      z.string(),
      z
        .string()
        .transform((level) => level.toUpperCase())
        .pipe(z.enum(LOG_LEVELS, { message: `a logger level is one of ${LOG_LEVELS.join(", ")}` })),
    )
    .optional(),
  retention: z
    .strictObject({
      expirationDays: z
        .number()
        .refine((n) => Number.isInteger(n) && n >= 0 && n <= 3650, {
          message: "retention.expirationDays must be a whole number of days between 0 and 3650",
        })
        .optional(),
      openHistory: z.boolean().optional(),
    })
    .optional(),
});
export type Logging = z.output<typeof LoggingSchema>;

export const HOT_UPDATE_MODES = ["auto", "never"] as const;

/** The inputs that are deployment settings (never written to the draft). */
export const SETTINGS_KEYS = ["resources", "flinkConf", "logging"] as const;
export type SettingsKey = (typeof SETTINGS_KEYS)[number];

export interface OwnedSettings {
  resources?: Resources;
  flinkConf?: Record<string, string>;
  logging?: Logging;
}

/** The Flink configuration keys a hot update may change (help page "Dynamically update the parameter configuration"). */
export const HOT_UPDATABLE_CONF_KEYS = [
  "execution.checkpointing.interval",
  "execution.checkpointing.timeout",
  "execution.checkpointing.min-pause",
];

/** Keys of the resources that Autopilot takes over while it is on. */
export const AUTOPILOT_KEYS = [
  "parallelism",
  "jobManager",
  "taskManager",
  "resourcePlan",
  "maxSlot",
] as const;

function isRecord(value: unknown): value is Fields {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Every declared leaf of `value` as [path, leaf]; a map (flinkConf, loggers) has one leaf per key. */
export function leaves(value: unknown, path: string[] = []): [string[], unknown][] {
  if (!isRecord(value)) return value === undefined || value === null ? [] : [[path, value]];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
}

function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Whether Autopilot owns the job's size (autotuning on): then the sizes are not the program's. */
export function autopilotOn(inputs: Fields): boolean {
  const autotuning = inputs.autotuning;
  return isRecord(autotuning) && autotuning.mode === "autopilot";
}

/** The declared leaves of a settings input, minus what Autopilot owns while it is on. */
export function ownedLeaves(key: SettingsKey, inputs: Fields): [string[], unknown][] {
  const all = leaves(inputs[key]);
  if (key !== "resources" || !autopilotOn(inputs)) return all;
  return all.filter(([path]) => !(AUTOPILOT_KEYS as readonly string[]).includes(path[0]));
}

/** The diff rule of a settings input: a declared leaf that differs from what state (or refresh) has. */
export function settingChanged(key: SettingsKey): (before: Fields, after: Fields) => boolean {
  return (before, after) => {
    if (containsUnknown(after[key])) return true;
    return ownedLeaves(key, after).some(
      ([path, value]) => canonical(value) !== canonical(at(before[key], path)),
    );
  };
}

/** Keeps only the leaves of `observed` that `owned` declares: what refresh reports. */
export function restrictTo(observed: unknown, owned: [string[], unknown][]): Fields | undefined {
  if (owned.length === 0) return undefined;
  const result: Fields = {};
  for (const [path] of owned) {
    const value = at(observed, path);
    if (value === undefined) continue;
    let target = result;
    for (const key of path.slice(0, -1)) {
      if (!isRecord(target[key])) target[key] = {};
      target = target[key] as Fields;
    }
    target[path[path.length - 1]] = value;
  }
  return result;
}

/** Autopilot's limits, as the program writes them (the service's names: jobMinParallelism, …). */
export const AutotuningSchema = z
  .strictObject({
    mode: z.enum(["off", "autopilot"], { message: 'autotuning.mode is "off" or "autopilot"' }),
    limits: z
      .strictObject({
        minParallelism: Parallelism.optional(),
        maxParallelism: Parallelism.optional(),
        maxCpu: Cpu.optional(),
        maxMemory: Memory.optional(),
        coolDownMinutes: z
          .number()
          .refine((n) => Number.isInteger(n) && n >= 0, {
            message: "coolDownMinutes must be a whole number of minutes, at least 0",
          })
          .optional(),
      })
      .optional(),
  })
  .superRefine((a, ctx) => {
    const l = a.limits;
    if (
      l?.minParallelism !== undefined &&
      l.maxParallelism !== undefined &&
      l.minParallelism > l.maxParallelism
    ) {
      ctx.addIssue({
        code: "custom",
        message: `limits.minParallelism (${l.minParallelism}) is above limits.maxParallelism (${l.maxParallelism}): swap or raise them`,
      });
    }
  });
export type Autotuning = z.output<typeof AutotuningSchema>;

/** autotuning.limits key → AutopilotPolicy.policyConfig.limits key. */
export const AUTOPILOT_LIMIT_NAMES = {
  minParallelism: "jobMinParallelism",
  maxParallelism: "jobMaxParallelism",
  maxCpu: "jobMaxCpu",
  maxMemory: "jobMaxMemory",
  coolDownMinutes: "coolDownMinutes",
} as const;
