/**
 * Emulator options, their defaults, and the resolved configuration every layer reads.
 *
 * Where the real service's behaviour is not publicly documented, the default chosen here
 * is an assumption; each one is listed in emulator/README.md ("Assumptions").
 */
import type { ClockKind } from "./clock";
import type { SqlValidator } from "./validation/sql-validator";
import type { BusinessErrorStyle } from "./envelope";
import { checkDurationSpec, checkSpeed, type DurationSettings, type DurationSpec } from "./durations";
import {
  DEFAULT_ENGINE_VERSION,
  DEFAULT_ENGINE_VERSIONS,
  type EngineCatalogue,
  type EngineVersion,
} from "./validation/engines";

/** A RAM user the emulator knows, identified by the AccessKey it signs with. */
export interface EmulatorUser {
  accessKeyId: string;
  accessKeySecret: string;
  /** Shown as Lock.holderId, creator, modifier (the real service shows a numeric UID). */
  userId: string;
  /** Shown as Lock.holderName, creatorName, modifierName. */
  userName: string;
  /** Operations (e.g. "DeployDeploymentDraftAsync", or "*" for all) answered with 403 NoPermission. */
  deniedActions?: string[];
}

/** A namespace of a workspace, with its own deployment targets (default: the `deploymentTargets` option). */
export interface NamespaceOptions {
  name: string;
  deploymentTargets?: string[];
  /** Quota limit per deployment target of this namespace (default: the `deploymentTargetQuota` option). */
  targetQuotas?: Record<string, QuotaSpec>;
}

/** A resource amount as the SDK's ResourceSpec: CPU cores and memory text such as "400 GiB". */
export interface QuotaSpec {
  cpu: number;
  memory: string;
}

/** A workspace (the `workspace` header) and its namespaces. */
export interface WorkspaceOptions {
  id: string;
  namespaces: NamespaceOptions[];
}

/** How GetDeploymentDraftLock behaves when another user holds the lock. */
export type LockConflictPolicy = "steal" | "refuse";

/** Whether a SQL syntax problem fails validation or is only reported. */
export type SqlParserErrorSeverity = "error" | "warning";

export interface EmulatorOptions {
  /** Read these options from a JSON config file (see emulator.config.example.json); options given here win. */
  configFile?: string;
  /** TCP port; 0 (the default) picks any free port. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Every workspace and its namespaces; the first workspace and its first namespace are the defaults. */
  workspaces?: WorkspaceOptions[];
  /** Shorthand for one workspace: its ID; default "emulator-workspace". Not together with `workspaces`. */
  workspace?: string;
  /** Shorthand for one workspace: the namespace that exists; default "default-namespace". */
  namespace?: string;
  /** Shorthand for one workspace: further namespaces. */
  extraNamespaces?: string[];
  /** Deployment targets of every namespace that does not list its own; default ["default-queue"]. */
  deploymentTargets?: string[];
  /** Time a validate/deploy ticket takes from INIT to FINISHED, ms or {min, max}; default 300. */
  ticketMs?: DurationSpec;
  /** A validate ticket's duration; default ticketMs. */
  validateMs?: DurationSpec;
  /** A deploy ticket's duration; default ticketMs. */
  deployMs?: DurationSpec;
  /** Time a started job stays STARTING before it is RUNNING; default = ticketMs. */
  jobStartMs?: DurationSpec;
  /** Time a stopped job stays CANCELLING (taking its savepoint) before it is CANCELLED; default = jobStartMs. */
  jobStopMs?: DurationSpec;
  /** Multiplies every ticket and job duration (0.5 = twice as fast); default 1. */
  speed?: number;
  /** Seed of the PRNG that draws durations from ranges; default 1. */
  seed?: number;
  /** AccessKey of the default user; default LTAI5tEmulatorDefaultKey. */
  accessKeyId?: string;
  /** AccessKey secret of the default user. */
  accessKeySecret?: string;
  /** Identity and denied actions of the default user (its AccessKey is accessKeyId/accessKeySecret). */
  defaultUser?: { userId?: string; userName?: string; deniedActions?: string[] };
  /** Additional users (each signs with its own AccessKey). */
  users?: EmulatorUser[];
  /** The engine-version catalogue (replaces the built-in one). */
  engineVersions?: EngineVersion[];
  /** ListEngineVersionMetadata.defaultEngineVersion; default the built-in default, else the first STABLE. */
  defaultEngineVersion?: string;
  /** Persist the state to this JSON file (written atomically after every change). */
  stateFile?: string;
  /** Serve the unsigned admin API under /__admin/ (loopback callers only); default true. */
  admin?: boolean;
  /** Print one line per request to stderr; default false. */
  logRequests?: boolean;
  /** GetDeploymentDraftLock when someone else holds the lock: take it over ("steal", default) or fail. */
  lockOnConflict?: LockConflictPolicy;
  /** Refuse Update/Validate/Deploy by a caller that does not hold the draft lock; default true. */
  enforceLock?: boolean;
  /** Whether SQL syntax problems fail validation ("error", default) or are warnings. */
  sqlParserErrorsAs?: SqlParserErrorSeverity;
  /** Maximum allowed clock skew of x-acs-date / date, in ms; default 15 minutes. */
  maxClockSkewMs?: number;
  /** Requests per second allowed per AccessKey before Throttling.User; default unlimited. */
  requestsPerSecond?: number;
  /**
   * How business errors travel: "success-false" (default; HTTP 200, `success:false`, `httpCode` the
   * status it would have been — as 16 response models document) or "http-status" (HTTP 4xx/5xx).
   * Gateway errors (signature, throttling, RAM, unknown route) always keep their HTTP status.
   */
  businessErrorStyle?: BusinessErrorStyle;
  /**
   * The clock of the service's state (tickets, jobs, timestamps): "wall" (default) or "manual", which
   * only moves by RunningEmulator.advance(ms) or POST /__admin/clock/advance. Signatures keep the wall clock.
   */
  clock?: ClockKind;
  /**
   * SQL validation: "auto" (default: Apache Flink's planner in the JVM sidecar when `java` is on PATH
   * and the sidecar is built, else the grammar), "flink" (the sidecar, or fail to start), "grammar"
   * (dt-sql-parser's FlinkSQL grammar: syntax only), or your own SqlValidator.
   */
  sqlValidator?: "auto" | "flink" | "grammar" | SqlValidator;
  /** UpdateDeployment: "merge" (default) the body into the deployment, or "replace" it whole. */
  updateDeploymentMode?: UpdateDeploymentMode;
  /** Quota limit of every deployment target without its own (`targetQuotas`); default 100 CPU / 400 GiB. */
  deploymentTargetQuota?: QuotaSpec;
  /** A start that exceeds its target's quota: "refuse" (default, an error) or "fail-job" (the job fails starting). */
  quotaExceeded?: QuotaExceededPolicy;
  /** A redeploy of an existing deployment keeps its resources/flinkConf/logging (default true) or resets them. */
  redeployKeepsSettings?: boolean;
  /** HotUpdateJob: INIT → HOT_UPDATING → HOT_UPDATED/FAILED takes this long; default jobStartMs. */
  hotUpdateMs?: DurationSpec;
  /** A successful hot update also changes the deployment's parallelism/flinkConf (default true). */
  hotUpdateUpdatesDeployment?: boolean;
  /** A restore whose savepoint holds operator state the new program lacks fails the job (default true). */
  restoreCompatibilityCheck?: boolean;
}

/** ASSUMPTION (undocumented): what a start over the deployment target's quota does. */
export type QuotaExceededPolicy = "refuse" | "fail-job";

/** ASSUMPTION (undocumented): whether UpdateDeployment's PUT merges the body or replaces the deployment. */
export type UpdateDeploymentMode = "merge" | "replace";

export interface NamespaceConfig {
  name: string;
  deploymentTargets: string[];
  /** The quota limit of each deployment target. */
  quotas: Record<string, QuotaSpec>;
}

export interface WorkspaceConfig {
  id: string;
  namespaces: NamespaceConfig[];
}

export interface EmulatorConfig {
  port: number;
  host: string;
  /** The first workspace and its first namespace are the defaults (the CLI's ready line). */
  workspaces: WorkspaceConfig[];
  engines: EngineCatalogue;
  durations: DurationSettings;
  /** The first user is the default user. */
  users: EmulatorUser[];
  stateFile: string | undefined;
  admin: boolean;
  logRequests: boolean;
  lockOnConflict: LockConflictPolicy;
  enforceLock: boolean;
  sqlParserErrorsAs: SqlParserErrorSeverity;
  maxClockSkewMs: number;
  requestsPerSecond: number | undefined;
  businessErrorStyle: BusinessErrorStyle;
  clock: ClockKind;
  updateDeploymentMode: UpdateDeploymentMode;
  quotaExceeded: QuotaExceededPolicy;
  redeployKeepsSettings: boolean;
  hotUpdateUpdatesDeployment: boolean;
  restoreCompatibilityCheck: boolean;
}

/** ASSUMPTION: a generous default quota per deployment target (the real one is the queue's size). */
export const DEFAULT_TARGET_QUOTA: QuotaSpec = { cpu: 100, memory: "400 GiB" };

export const DEFAULT_ACCESS_KEY_ID = "LTAI5tEmulatorDefaultKey";
export const DEFAULT_ACCESS_KEY_SECRET = "emulator-secret-0123456789abcdef";
export const DEFAULT_WORKSPACE = "emulator-workspace";
export const DEFAULT_NAMESPACE = "default-namespace";
export const DEFAULT_TICKET_MS = 300;
/** Default deployment target (resource queue) every namespace has. */
export const DEFAULT_DEPLOYMENT_TARGET = "default-queue";

export function resolveConfig(options: EmulatorOptions = {}): EmulatorConfig {
  const ticketMs = checkDurationSpec("ticketMs", options.ticketMs ?? DEFAULT_TICKET_MS);
  const jobStartMs = checkDurationSpec("jobStartMs", options.jobStartMs ?? ticketMs);
  const requestsPerSecond = options.requestsPerSecond;
  if (requestsPerSecond !== undefined && !(Number.isInteger(requestsPerSecond) && requestsPerSecond >= 1)) {
    throw new Error(
      `Emulator option requestsPerSecond must be a positive integer, got ${String(requestsPerSecond)}.`,
    );
  }
  return {
    port: nonNegative("port", options.port, 0),
    host: options.host ?? "127.0.0.1",
    workspaces: resolveWorkspaces(options),
    engines: resolveEngines(options),
    durations: {
      validate: checkDurationSpec("validateMs", options.validateMs ?? ticketMs),
      deploy: checkDurationSpec("deployMs", options.deployMs ?? ticketMs),
      jobStart: jobStartMs,
      jobStop: checkDurationSpec("jobStopMs", options.jobStopMs ?? jobStartMs),
      hotUpdate: checkDurationSpec("hotUpdateMs", options.hotUpdateMs ?? jobStartMs),
      speed: checkSpeed("speed", options.speed ?? 1),
      seed: Math.trunc(options.seed ?? 1),
    },
    users: resolveUsers(options),
    stateFile: options.stateFile,
    admin: options.admin ?? true,
    logRequests: options.logRequests ?? false,
    lockOnConflict: options.lockOnConflict ?? "steal",
    enforceLock: options.enforceLock ?? true,
    sqlParserErrorsAs: options.sqlParserErrorsAs ?? "error",
    maxClockSkewMs: nonNegative("maxClockSkewMs", options.maxClockSkewMs, 15 * 60 * 1000),
    requestsPerSecond,
    businessErrorStyle: oneOf("businessErrorStyle", options.businessErrorStyle, [
      "success-false",
      "http-status",
    ]),
    clock: oneOf("clock", options.clock, ["wall", "manual"]),
    updateDeploymentMode: oneOf("updateDeploymentMode", options.updateDeploymentMode, ["merge", "replace"]),
    quotaExceeded: oneOf("quotaExceeded", options.quotaExceeded, ["refuse", "fail-job"]),
    redeployKeepsSettings: options.redeployKeepsSettings ?? true,
    hotUpdateUpdatesDeployment: options.hotUpdateUpdatesDeployment ?? true,
    restoreCompatibilityCheck: options.restoreCompatibilityCheck ?? true,
  };
}

/** An enumerated option; the first of `values` is the default. */
function oneOf<T extends string>(name: string, value: T | undefined, values: readonly [T, ...T[]]): T {
  if (value === undefined) return values[0];
  if (!values.includes(value)) {
    throw new Error(`Emulator option ${name} must be one of ${values.join(", ")}, got ${String(value)}.`);
  }
  return value;
}

function checkQuota(name: string, quota: QuotaSpec): QuotaSpec {
  if (
    !Number.isFinite(quota.cpu) ||
    quota.cpu < 0 ||
    !/^\s*\d+(\.\d+)?\s*(Gi|GiB|G|Mi|MiB|M)?\s*$/i.test(quota.memory)
  ) {
    throw new Error(
      `Emulator option ${name} must be {cpu: number >= 0, memory: text like "400 GiB"}, got ${JSON.stringify(quota)}.`,
    );
  }
  return { cpu: quota.cpu, memory: quota.memory };
}

/** The namespace of a workspace, or undefined when either does not exist. */
export function findNamespace(
  config: EmulatorConfig,
  workspace: string,
  namespace: string,
): NamespaceConfig | undefined {
  return config.workspaces.find((w) => w.id === workspace)?.namespaces.find((n) => n.name === namespace);
}

/** Deployment targets of a namespace (none when it does not exist). */
export function deploymentTargetsOf(config: EmulatorConfig, workspace: string, namespace: string): string[] {
  return findNamespace(config, workspace, namespace)?.deploymentTargets ?? [];
}

function resolveWorkspaces(options: EmulatorOptions): WorkspaceConfig[] {
  const defaultTargets =
    options.deploymentTargets && options.deploymentTargets.length > 0
      ? options.deploymentTargets
      : [DEFAULT_DEPLOYMENT_TARGET];
  const shorthand =
    options.workspace !== undefined ||
    options.namespace !== undefined ||
    options.extraNamespaces !== undefined;
  if (options.workspaces !== undefined && shorthand) {
    throw new Error(
      "Emulator options: set either workspaces or workspace/namespace/extraNamespaces, not both.",
    );
  }
  let workspaces = options.workspaces;
  if (workspaces === undefined) {
    const namespace = options.namespace ?? DEFAULT_NAMESPACE;
    const names = [namespace, ...(options.extraNamespaces ?? []).filter((ns) => ns !== namespace)];
    workspaces = [
      { id: options.workspace ?? DEFAULT_WORKSPACE, namespaces: names.map((name) => ({ name })) },
    ];
  }
  if (workspaces.length === 0)
    throw new Error("Emulator option workspaces must list at least one workspace.");
  const ids = new Set<string>();
  return workspaces.map((workspace, w) => {
    if (!workspace.id) throw new Error(`Emulator option workspaces[${w}].id must not be empty.`);
    if (ids.has(workspace.id)) {
      throw new Error(`Emulator option workspaces[${w}]: workspace ${workspace.id} is configured twice.`);
    }
    ids.add(workspace.id);
    if (workspace.namespaces.length === 0) {
      throw new Error(`Emulator option workspaces[${w}] (${workspace.id}) must list at least one namespace.`);
    }
    const names = new Set<string>();
    return {
      id: workspace.id,
      namespaces: workspace.namespaces.map((namespace, n) => {
        const where = `workspaces[${w}].namespaces[${n}]`;
        if (!namespace.name) throw new Error(`Emulator option ${where}.name must not be empty.`);
        if (names.has(namespace.name)) {
          throw new Error(`Emulator option ${where}: namespace ${namespace.name} is configured twice.`);
        }
        names.add(namespace.name);
        const own = namespace.deploymentTargets;
        const deploymentTargets = own && own.length > 0 ? own : defaultTargets;
        const fallback = checkQuota(
          `deploymentTargetQuota`,
          options.deploymentTargetQuota ?? DEFAULT_TARGET_QUOTA,
        );
        const quotas: Record<string, QuotaSpec> = {};
        for (const target of deploymentTargets) quotas[target] = fallback;
        for (const [target, quota] of Object.entries(namespace.targetQuotas ?? {})) {
          if (!deploymentTargets.includes(target)) {
            throw new Error(
              `Emulator option ${where}.targetQuotas: ${target} is not a deployment target of namespace ${namespace.name}.`,
            );
          }
          quotas[target] = checkQuota(`${where}.targetQuotas.${target}`, quota);
        }
        return { name: namespace.name, deploymentTargets, quotas };
      }),
    };
  });
}

function resolveEngines(options: EmulatorOptions): EngineCatalogue {
  const versions = options.engineVersions ?? DEFAULT_ENGINE_VERSIONS;
  if (versions.length === 0)
    throw new Error("Emulator option engineVersions must list at least one version.");
  const names = new Set<string>();
  for (const version of versions) {
    if (names.has(version.name)) {
      throw new Error(`Emulator option engineVersions: ${version.name} is listed twice.`);
    }
    names.add(version.name);
  }
  const fallback = names.has(DEFAULT_ENGINE_VERSION)
    ? DEFAULT_ENGINE_VERSION
    : (versions.find((v) => v.status === "STABLE") ?? versions[0]).name;
  const defaultVersion = options.defaultEngineVersion ?? fallback;
  if (!names.has(defaultVersion)) {
    throw new Error(
      `Emulator option defaultEngineVersion ${defaultVersion} is not in engineVersions (${[...names].join(", ")}).`,
    );
  }
  return { versions: versions.map((v) => ({ ...v })), defaultVersion };
}

function resolveUsers(options: EmulatorOptions): EmulatorUser[] {
  const defaultUser: EmulatorUser = {
    accessKeyId: options.accessKeyId ?? DEFAULT_ACCESS_KEY_ID,
    accessKeySecret: options.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET,
    userId: options.defaultUser?.userId ?? "200000000000001",
    userName: options.defaultUser?.userName ?? "emulator-user",
    deniedActions: options.defaultUser?.deniedActions,
  };
  const users = [defaultUser, ...(options.users ?? [])];
  const ids = new Set<string>();
  for (const user of users) {
    if (ids.has(user.accessKeyId)) {
      throw new Error(`Emulator option users: AccessKey ID ${user.accessKeyId} is configured twice.`);
    }
    ids.add(user.accessKeyId);
  }
  return users;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`Emulator option ${name} must be a non-negative number, got ${String(value)}.`);
  }
  return value;
}
