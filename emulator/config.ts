/**
 * Emulator options, their defaults, and the resolved configuration every layer reads.
 *
 * Where the real service's behaviour is not publicly documented, the default chosen here
 * is an assumption; each one is listed in emulator/README.md ("Assumptions").
 */

/** A RAM user the emulator knows, identified by the AccessKey it signs with. */
export interface EmulatorUser {
  accessKeyId: string;
  accessKeySecret: string;
  /** Shown as Lock.holderId, creator, modifier (the real service shows a numeric UID). */
  userId: string;
  /** Shown as Lock.holderName, creatorName, modifierName. */
  userName: string;
}

/** How GetDeploymentDraftLock behaves when another user holds the lock. */
export type LockConflictPolicy = "steal" | "refuse";

/** Whether a SQL syntax problem fails validation or is only reported. */
export type SqlParserErrorSeverity = "error" | "warning";

export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks any free port. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** The workspace ID callers must send in the `workspace` header; default "emulator-workspace". */
  workspace?: string;
  /** The namespace that exists in the workspace; default "default-namespace". */
  namespace?: string;
  /** Further namespaces that exist in the workspace. */
  extraNamespaces?: string[];
  /** Deployment targets (resource queues) that exist in every namespace; default ["default-queue"]. */
  deploymentTargets?: string[];
  /** Time a validate/deploy ticket takes from INIT to FINISHED, in ms; default 300. */
  ticketMs?: number;
  /** Time a started job stays STARTING before it is RUNNING, in ms; default = ticketMs. */
  jobStartMs?: number;
  /** Time a stopped job stays CANCELLING (taking its savepoint) before it is CANCELLED, in ms; default = jobStartMs. */
  jobStopMs?: number;
  /** AccessKey of the default user; default LTAI5tEmulatorDefaultKey. */
  accessKeyId?: string;
  /** AccessKey secret of the default user. */
  accessKeySecret?: string;
  /** Additional users (each signs with its own AccessKey). */
  users?: EmulatorUser[];
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
}

export interface EmulatorConfig {
  port: number;
  host: string;
  workspace: string;
  namespaces: string[];
  deploymentTargets: string[];
  ticketMs: number;
  jobStartMs: number;
  jobStopMs: number;
  users: EmulatorUser[];
  stateFile: string | undefined;
  admin: boolean;
  logRequests: boolean;
  lockOnConflict: LockConflictPolicy;
  enforceLock: boolean;
  sqlParserErrorsAs: SqlParserErrorSeverity;
  maxClockSkewMs: number;
  requestsPerSecond: number | undefined;
}

export const DEFAULT_ACCESS_KEY_ID = "LTAI5tEmulatorDefaultKey";
export const DEFAULT_ACCESS_KEY_SECRET = "emulator-secret-0123456789abcdef";
export const DEFAULT_WORKSPACE = "emulator-workspace";
export const DEFAULT_NAMESPACE = "default-namespace";
export const DEFAULT_TICKET_MS = 300;
/** Default deployment target (resource queue) every namespace has. */
export const DEFAULT_DEPLOYMENT_TARGET = "default-queue";

export function resolveConfig(options: EmulatorOptions = {}): EmulatorConfig {
  const ticketMs = nonNegative("ticketMs", options.ticketMs, DEFAULT_TICKET_MS);
  const jobStartMs = nonNegative("jobStartMs", options.jobStartMs, ticketMs);
  const defaultUser: EmulatorUser = {
    accessKeyId: options.accessKeyId ?? DEFAULT_ACCESS_KEY_ID,
    accessKeySecret: options.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET,
    userId: "200000000000001",
    userName: "emulator-user",
  };
  const users = [defaultUser, ...(options.users ?? [])];
  const ids = new Set<string>();
  for (const user of users) {
    if (ids.has(user.accessKeyId)) {
      throw new Error(`Emulator option users: AccessKey ID ${user.accessKeyId} is configured twice.`);
    }
    ids.add(user.accessKeyId);
  }
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  return {
    port: nonNegative("port", options.port, 0),
    host: options.host ?? "127.0.0.1",
    workspace: options.workspace ?? DEFAULT_WORKSPACE,
    namespaces: [namespace, ...(options.extraNamespaces ?? []).filter((ns) => ns !== namespace)],
    deploymentTargets:
      options.deploymentTargets && options.deploymentTargets.length > 0
        ? options.deploymentTargets
        : [DEFAULT_DEPLOYMENT_TARGET],
    ticketMs,
    jobStartMs,
    jobStopMs: nonNegative("jobStopMs", options.jobStopMs, jobStartMs),
    users,
    stateFile: options.stateFile,
    admin: options.admin ?? true,
    logRequests: options.logRequests ?? false,
    lockOnConflict: options.lockOnConflict ?? "steal",
    enforceLock: options.enforceLock ?? true,
    sqlParserErrorsAs: options.sqlParserErrorsAs ?? "error",
    maxClockSkewMs: nonNegative("maxClockSkewMs", options.maxClockSkewMs, 15 * 60 * 1000),
    requestsPerSecond: options.requestsPerSecond,
  };
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`Emulator option ${name} must be a non-negative number, got ${String(value)}.`);
  }
  return value;
}
