/**
 * The DeployedDraft inputs as the provider sees them (after `check`), their
 * zod schema, and the defaults applied when they are used.
 *
 * Internal inputs set by the SDK: `__provider` (the serialized shim, carried
 * through untouched), `__resourceName`, `__owner` ("<project>/<stack>/<name>",
 * the ownership label value). `check` adds `__autoNamed` when it generated
 * `name`. Keys starting with `__` are hidden from `pulumi preview --diff`.
 */
import { z } from "zod";
import { isDuration, parseDurationMs } from "./durations";
import { splitStatements } from "./sql/split";

export const DEFAULT_EXECUTION_MODE = "STREAMING";
export const DEFAULT_DEPLOYMENT_TARGET = "default-queue";
export const DEFAULT_TARGET_MODE = "PER_JOB";
export const DEFAULT_TIMEOUTS_MS = { create: 30 * 60_000, update: 30 * 60_000, delete: 10 * 60_000 };
export const DEFAULT_LOCK_WAIT_MS = 5 * 60_000;
export const DEFAULT_JOB_STATE = "RUNNING";
/** How long a started job must stay RUNNING without restarts before the operation succeeds. */
export const DEFAULT_HEALTHY_SECONDS = 5;

export const JOB_STATES = ["RUNNING", "STOPPED"] as const;
export type JobState = (typeof JOB_STATES)[number];
export const STOP_STRATEGIES = ["STOP_WITH_SAVEPOINT", "STOP_WITH_DRAIN", "NONE"] as const;
export const RESTORE_KINDS = ["LATEST_SAVEPOINT", "LATEST_STATE", "NONE", "FROM_SAVEPOINT"] as const;
export const UPGRADE_STRATEGIES = ["savepoint", "stateless", "none"] as const;

const duration = z.string().refine(isDuration, {
  message: 'expected a duration such as "90s", "20m" or "1h30m"',
});

const nonEmpty = z.string().trim().min(1, { message: "must not be empty" });

/** Deployment and draft names: the minimum the service is sure to refuse (it has the last word). */
export const DraftNameSchema = z
  .string()
  .min(1, { message: "must not be empty" })
  .max(128, { message: "must be at most 128 characters" })
  .refine((n) => n.trim() === n, { message: "must not start or end with whitespace" })
  .refine((n) => !/[\p{Cc}/\\]/u.test(n), {
    message: "must not contain control characters, '/' or '\\'",
  });

/**
 * The largest script accepted, in UTF-8 bytes. The service documents no limit;
 * 2 MiB is far above any hand-written job and keeps every request (the script
 * travels in create, update and ValidateSqlStatement bodies) well below the
 * gateway's body limits.
 */
export const MAX_SQL_BYTES = 2 * 1024 * 1024;

/** C0 controls and DEL, except tab, newline and carriage return. */
const SQL_CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const SqlSchema = z.string().superRefine((sql, ctx) => {
  if (sql.trim().length === 0) {
    ctx.addIssue({ code: "custom", message: "must contain SQL" });
    return;
  }
  const bytes = Buffer.byteLength(sql, "utf8");
  if (bytes > MAX_SQL_BYTES) {
    const mb = (bytes / (1024 * 1024)).toFixed(1);
    ctx.addIssue({
      code: "custom",
      message:
        `the script is ${mb} MB (${bytes} bytes); at most 2 MB (${MAX_SQL_BYTES} bytes) of SQL is accepted: ` +
        "split the job, or move large literals out of the script",
    });
    return;
  }
  if (splitStatements(sql).length === 0) {
    ctx.addIssue({
      code: "custom",
      message: "the script has no statement, only comments: add the job's statements (e.g. an INSERT INTO)",
    });
    return;
  }
  const match = SQL_CONTROL_CHARACTER.exec(sql);
  if (match) {
    const before = sql.slice(0, match.index).split("\n");
    const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    ctx.addIssue({
      code: "custom",
      message:
        `the script contains the control character U+${code} at line ${before.length}, column ${before[before.length - 1].length + 1}: ` +
        "remove it (only tab, newline and carriage return may appear in SQL)",
    });
  }
});

/**
 * Engine version names: "vvr-8.0.11-flink-1.17", "vvr-11.1-jdk11-flink-1.20".
 * Only the shape is checked here; whether the service offers the version is
 * asked of ListEngineVersionMetadata during preview.
 */
export const ENGINE_VERSION_PATTERN = /^vvr-\d+(\.\d+)+(-[a-z0-9]+)*-flink-\d+\.\d+$/;

const EngineVersionSchema = z
  .string()
  .min(1, { message: "must not be empty", abort: true })
  .refine((v) => v.trim() === v, { message: "must not start or end with whitespace", abort: true })
  .refine((v) => ENGINE_VERSION_PATTERN.test(v), {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not an engine version name; the shape is vvr-<x.y.z>-flink-<a.b>`,
  });

const variableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, {
  message:
    "local variable names must start with a letter or '_' and contain only letters, digits, '_', '.', '-'",
});

/**
 * Variable names that differ only in case: \${kafka} and \${KAFKA} in one
 * script are a typo waiting to happen, and whether the service keeps both is
 * not documented.
 */
function noCaseCollisions(variables: Record<string, string>, ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  for (const name of Object.keys(variables)) {
    const other = seen.get(name.toLowerCase());
    if (other !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: `"${other}" and "${name}" differ only in case: rename one (or remove the duplicate)`,
      });
    }
    seen.set(name.toLowerCase(), name);
  }
}

export const DeployedDraftInputsSchema = z.object({
  __provider: z.string().optional(),
  __resourceName: z.string().optional(),
  __owner: z.string().optional(),
  __autoNamed: z.boolean().optional(),
  workspace: nonEmpty,
  namespace: nonEmpty,
  name: DraftNameSchema.optional(),
  sql: SqlSchema,
  engineVersion: EngineVersionSchema,
  executionMode: z.enum(["STREAMING", "BATCH"]).optional(),
  deploymentTarget: z.object({ name: nonEmpty, mode: z.enum(["PER_JOB", "SESSION"]).optional() }).optional(),
  additionalDependencies: z.array(nonEmpty).optional(),
  localVariables: z.record(variableName, z.string()).superRefine(noCaseCollisions).optional(),
  labels: z.record(z.string().min(1), z.string()).optional(),
  folderId: nonEmpty.optional(),
  adopt: z.boolean().optional(),
  timeouts: z
    .object({ create: duration.optional(), update: duration.optional(), delete: duration.optional() })
    .optional(),
  lockPolicy: z.enum(["fail", "steal", "wait"]).optional(),
  lockWaitTimeout: duration.optional(),
  validation: z
    .object({
      preview: z.enum(["server", "local", "off"]).optional(),
      strict: z.boolean().optional(),
      beforeDeploy: z.boolean().optional(),
    })
    .optional(),
  onOutOfBandChange: z.enum(["warn", "fail"]).optional(),
  jobState: z.enum(JOB_STATES).optional(),
  restoreStrategy: z
    .object({
      kind: z.enum(RESTORE_KINDS),
      savepointId: nonEmpty.optional(),
      allowNonRestoredState: z.boolean().optional(),
    })
    .refine((r) => r.kind !== "FROM_SAVEPOINT" || r.savepointId !== undefined, {
      message: 'kind "FROM_SAVEPOINT" needs a savepointId',
      path: ["savepointId"],
    })
    .optional(),
  stopStrategy: z.enum(STOP_STRATEGIES).optional(),
  resourceQueueName: nonEmpty.optional(),
  upgradeStrategy: z.enum(UPGRADE_STRATEGIES).optional(),
  healthySeconds: z.number().min(0).max(3600).optional(),
  rollbackOnFailure: z.boolean().optional(),
});
export type DeployedDraftInputs = z.infer<typeof DeployedDraftInputsSchema>;

/** The input keys a user sets; everything else in state is an output or internal. */
export const INPUT_KEYS = Object.keys(DeployedDraftInputsSchema.shape) as (keyof DeployedDraftInputs)[];

/**
 * Parses inputs handed to create/update (already checked, so failures here
 * mean a state written by something else); throws a message naming each property.
 */
export function parseInputs(raw: unknown): DeployedDraftInputs {
  const result = DeployedDraftInputsSchema.safeParse(dropNulls(raw));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(inputs)"}: ${i.message}`);
    throw new Error(`Invalid DeployedDraft inputs: ${problems.join("; ")}`);
  }
  return result.data;
}

/** The engine turns an unset optional into null in some paths; treat it as unset. */
export function dropNulls(raw: unknown): unknown {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== undefined));
}

/** The inputs the provider acts on, with defaults applied. */
export interface EffectiveSettings {
  name: string;
  executionMode: "STREAMING" | "BATCH";
  deploymentTarget: { name: string; mode: string };
  timeoutsMs: { create: number; update: number; delete: number };
  lockPolicy: "fail" | "steal" | "wait";
  lockWaitMs: number;
  validateBeforeDeploy: boolean;
  onOutOfBandChange: "warn" | "fail";
  jobState: JobState;
  restoreStrategy: {
    kind: (typeof RESTORE_KINDS)[number];
    savepointId?: string;
    allowNonRestoredState?: boolean;
  };
  stopStrategy: (typeof STOP_STRATEGIES)[number];
  /** Queue for starts; undefined = the deployment's target. */
  resourceQueueName?: string;
  upgradeStrategy: (typeof UPGRADE_STRATEGIES)[number];
  healthyMs: number;
  rollbackOnFailure: boolean;
}

/** `name` is required here: `check` fills it in (see naming.ts). */
export function effectiveSettings(inputs: DeployedDraftInputs & { name: string }): EffectiveSettings {
  return {
    name: inputs.name,
    executionMode: inputs.executionMode ?? DEFAULT_EXECUTION_MODE,
    deploymentTarget: {
      name: inputs.deploymentTarget?.name ?? DEFAULT_DEPLOYMENT_TARGET,
      mode: inputs.deploymentTarget?.mode ?? DEFAULT_TARGET_MODE,
    },
    timeoutsMs: {
      create: durationOr(inputs.timeouts?.create, DEFAULT_TIMEOUTS_MS.create),
      update: durationOr(inputs.timeouts?.update, DEFAULT_TIMEOUTS_MS.update),
      delete: durationOr(inputs.timeouts?.delete, DEFAULT_TIMEOUTS_MS.delete),
    },
    lockPolicy: inputs.lockPolicy ?? "fail",
    lockWaitMs: durationOr(inputs.lockWaitTimeout, DEFAULT_LOCK_WAIT_MS),
    validateBeforeDeploy: inputs.validation?.beforeDeploy ?? true,
    onOutOfBandChange: inputs.onOutOfBandChange ?? "warn",
    jobState: inputs.jobState ?? DEFAULT_JOB_STATE,
    restoreStrategy: inputs.restoreStrategy ?? { kind: "LATEST_SAVEPOINT" },
    stopStrategy: inputs.stopStrategy ?? "STOP_WITH_SAVEPOINT",
    resourceQueueName: inputs.resourceQueueName,
    upgradeStrategy: inputs.upgradeStrategy ?? "savepoint",
    healthyMs: (inputs.healthySeconds ?? DEFAULT_HEALTHY_SECONDS) * 1_000,
    rollbackOnFailure: inputs.rollbackOnFailure ?? false,
  };
}

function durationOr(text: string | undefined, fallback: number): number {
  return text === undefined ? fallback : parseDurationMs(text);
}
