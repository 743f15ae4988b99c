/**
 * The emulator's JSON config file (`--config`, option `configFile`): workspaces and their namespaces,
 * users, the engine-version catalogue, deployment targets, durations, lock settings and throttling.
 * Validated with zod (unknown keys are errors, so a typo does not pass silently); the error names the
 * file and the bad field. Options given next to the file (CLI flags, startEmulator options) win.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { EmulatorOptions } from "./config";
import { ENGINE_VERSION_STATUSES } from "./validation/engines";

const Name = z.string().min(1);
const Millis = z.number().int().min(0);
const DurationSpec = z.union([
  Millis,
  z
    .strictObject({ min: Millis, max: Millis })
    .refine((range) => range.min <= range.max, { message: "min must not be above max" }),
  z
    .strictObject({ median: z.number().positive(), p95: z.number().positive() })
    .refine((skewed) => skewed.median <= skewed.p95, { message: "median must not be above p95" }),
]);

const QuotaSchema = z.strictObject({ cpu: z.number().min(0), memory: Name });

const UserSchema = z.strictObject({
  accessKeyId: Name,
  accessKeySecret: Name,
  userId: Name,
  userName: Name,
  deniedActions: z.array(Name).optional(),
});

export const ConfigFileSchema = z.strictObject({
  /** Ignored: lets editors find a JSON schema. */
  $schema: z.string().optional(),
  port: z.number().int().min(0).max(65535).optional(),
  host: Name.optional(),
  workspaces: z
    .array(
      z.strictObject({
        id: Name,
        namespaces: z
          .array(
            z.strictObject({
              name: Name,
              deploymentTargets: z.array(Name).min(1).optional(),
              targetQuotas: z.record(Name, QuotaSchema).optional(),
            }),
          )
          .min(1),
      }),
    )
    .min(1)
    .optional(),
  /** Deployment targets of every namespace that does not list its own. */
  deploymentTargets: z.array(Name).min(1).optional(),
  /** The first user is the default user (the one on the CLI's ready line). */
  users: z.array(UserSchema).min(1).optional(),
  engineVersions: z
    .strictObject({
      default: Name.optional(),
      versions: z.array(z.strictObject({ name: Name, status: z.enum(ENGINE_VERSION_STATUSES) })).min(1),
    })
    .optional(),
  durations: z
    .strictObject({
      validate: DurationSpec.optional(),
      deploy: DurationSpec.optional(),
      jobStart: DurationSpec.optional(),
      jobStop: DurationSpec.optional(),
      hotUpdate: DurationSpec.optional(),
      speed: z.number().positive().optional(),
      seed: z.number().int().optional(),
    })
    .optional(),
  locks: z
    .strictObject({ onConflict: z.enum(["steal", "refuse"]).optional(), enforce: z.boolean().optional() })
    .optional(),
  throttling: z.strictObject({ requestsPerSecond: z.number().int().min(1).optional() }).optional(),
  sqlParserErrorsAs: z.enum(["error", "warning"]).optional(),
  /** Relative to the config file's folder. */
  stateFile: Name.optional(),
  admin: z.boolean().optional(),
  logRequests: z.boolean().optional(),
  maxClockSkewMs: Millis.optional(),
  businessErrorStyle: z.enum(["success-false", "http-status"]).optional(),
  clock: z.enum(["wall", "manual"]).optional(),
  /** Only the built-in validators can be named in a file; a SqlValidator object is an option. */
  sqlValidator: z.enum(["auto", "flink", "grammar"]).optional(),
  updateDeploymentMode: z.enum(["merge", "replace"]).optional(),
  deploymentTargetQuota: QuotaSchema.optional(),
  quotaExceeded: z.enum(["refuse", "fail-job"]).optional(),
  redeployKeepsSettings: z.boolean().optional(),
  hotUpdateUpdatesDeployment: z.boolean().optional(),
  restoreCompatibilityCheck: z.boolean().optional(),
});

export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** Reads and validates a config file; throws an Error naming the file and the first bad field. */
export function loadConfigFile(file: string): EmulatorOptions {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`Emulator config file ${file} cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Emulator config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const result = ConfigFileSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`);
    throw new Error(`Emulator config file ${file} is invalid: ${problems.join("; ")}`);
  }
  return optionsFromFile(result.data, path.dirname(path.resolve(file)));
}

function fieldPath(parts: PropertyKey[]): string {
  if (parts.length === 0) return "(top level)";
  return parts
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("");
}

function optionsFromFile(file: ConfigFile, folder: string): EmulatorOptions {
  const [defaultUser, ...users] = file.users ?? [];
  return {
    port: file.port,
    host: file.host,
    workspaces: file.workspaces,
    deploymentTargets: file.deploymentTargets,
    accessKeyId: defaultUser?.accessKeyId,
    accessKeySecret: defaultUser?.accessKeySecret,
    defaultUser: defaultUser && {
      userId: defaultUser.userId,
      userName: defaultUser.userName,
      deniedActions: defaultUser.deniedActions,
    },
    users: users.length > 0 ? users : undefined,
    engineVersions: file.engineVersions?.versions,
    defaultEngineVersion: file.engineVersions?.default,
    validateMs: file.durations?.validate,
    deployMs: file.durations?.deploy,
    jobStartMs: file.durations?.jobStart,
    jobStopMs: file.durations?.jobStop,
    hotUpdateMs: file.durations?.hotUpdate,
    speed: file.durations?.speed,
    seed: file.durations?.seed,
    lockOnConflict: file.locks?.onConflict,
    enforceLock: file.locks?.enforce,
    requestsPerSecond: file.throttling?.requestsPerSecond,
    sqlParserErrorsAs: file.sqlParserErrorsAs,
    stateFile: file.stateFile === undefined ? undefined : path.resolve(folder, file.stateFile),
    admin: file.admin,
    logRequests: file.logRequests,
    maxClockSkewMs: file.maxClockSkewMs,
    businessErrorStyle: file.businessErrorStyle,
    clock: file.clock,
    sqlValidator: file.sqlValidator,
    updateDeploymentMode: file.updateDeploymentMode,
    deploymentTargetQuota: file.deploymentTargetQuota,
    quotaExceeded: file.quotaExceeded,
    redeployKeepsSettings: file.redeployKeepsSettings,
    hotUpdateUpdatesDeployment: file.hotUpdateUpdatesDeployment,
    restoreCompatibilityCheck: file.restoreCompatibilityCheck,
  };
}

/**
 * Options from the file, overridden by every option given explicitly. Two overrides replace more than
 * their own field: the one-workspace shorthand (workspace/namespace/extraNamespaces) replaces the file's
 * workspaces, and ticketMs replaces the file's validate and deploy durations.
 */
export function mergeOptions(fromFile: EmulatorOptions, explicit: EmulatorOptions): EmulatorOptions {
  const merged: EmulatorOptions = { ...fromFile };
  const target = merged as Record<string, unknown>;
  for (const [key, value] of Object.entries(explicit)) {
    if (value !== undefined && key !== "configFile") target[key] = value;
  }
  const shorthand =
    explicit.workspace !== undefined ||
    explicit.namespace !== undefined ||
    explicit.extraNamespaces !== undefined;
  if (shorthand && explicit.workspaces === undefined) delete merged.workspaces;
  if (
    explicit.deploymentTargets !== undefined &&
    explicit.workspaces === undefined &&
    merged.workspaces !== undefined
  ) {
    // The explicit targets apply to every namespace, including those the file gave their own.
    merged.workspaces = merged.workspaces.map((w) => ({
      id: w.id,
      namespaces: w.namespaces.map((n) => ({ name: n.name })),
    }));
  }
  if (explicit.ticketMs !== undefined) {
    if (explicit.validateMs === undefined) delete merged.validateMs;
    if (explicit.deployMs === undefined) delete merged.deployMs;
  }
  return merged;
}
