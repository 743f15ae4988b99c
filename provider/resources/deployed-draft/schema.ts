/**
 * DeployedDraft: the one declaration of its inputs and outputs. Validation
 * and hints (check), defaults (the flows), diff classes (diff), outputs
 * (create/update/read) and the README reference tables all come from here;
 * `sdk/deployed-draft.ts` is checked against it at compile time.
 *
 * Adding a property: one entry here, the behaviour that uses it, and its
 * argument in the SDK (the compiler points at the SDK until it is there;
 * `npm run docs` rewrites the README table).
 *
 * Internal inputs set by the SDK: `__provider` (the shim, sdk/shim.ts, carried
 * through untouched), `__resourceName`, `__owner` ("<project>/<stack>/<name>",
 * the ownership label value). `check` adds `__autoNamed` when it generated
 * `name`. Keys starting with `__` are hidden from `pulumi preview --diff`.
 */
import { z } from "zod";
import { isDuration, parseDurationMs } from "../../durations";
import { hasStatement, normalizeSql, sqlHash } from "../../sql";
import { findInvisibleCharacter } from "../../sql/invisible";
import { LineIndex } from "../../sql/positions";
import { containsUnknown } from "../../unknowns";
import { canonical, defineResource, input, output, type Fields } from "../../schema/resource-schema";
import { internalInputs, nonEmpty, scopeInputs } from "../common";
import {
  AutotuningSchema,
  FlinkConfSchema,
  HOT_UPDATE_MODES,
  LoggingSchema,
  ResourcesSchema,
  settingChanged,
} from "./job-settings";

export const JOB_STATES = ["RUNNING", "STOPPED"] as const;
export type JobState = (typeof JOB_STATES)[number];
export const STOP_STRATEGIES = ["STOP_WITH_SAVEPOINT", "STOP_WITH_DRAIN", "NONE"] as const;
export const RESTORE_KINDS = ["LATEST_SAVEPOINT", "LATEST_STATE", "NONE", "FROM_SAVEPOINT"] as const;
export const UPGRADE_STRATEGIES = ["savepoint", "stateless", "none"] as const;

const duration = z
  .string()
  .refine(isDuration, { message: 'expected a duration such as "90s", "20m" or "1h30m"', abort: true })
  .refine((text) => parseDurationMs(text) >= 1_000, {
    message: "must be at least 1s: a shorter deadline fails every operation after it has started",
  });

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
  if (!hasStatement(sql)) {
    ctx.addIssue({
      code: "custom",
      message: "the script has no statement, only comments: add the job's statements (e.g. an INSERT INTO)",
    });
    return;
  }
  const match = SQL_CONTROL_CHARACTER.exec(sql);
  if (match) {
    const { line, column } = new LineIndex(sql).positionAt(match.index);
    const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    ctx.addIssue({
      code: "custom",
      message:
        `the script contains the control character U+${code} at line ${line}, column ${column}: ` +
        "remove it (only tab, newline and carriage return may appear in SQL)",
    });
    return;
  }
  const invisible = findInvisibleCharacter(sql);
  if (invisible) {
    ctx.addIssue({
      code: "custom",
      message:
        `the script contains an invisible character, ${invisible.codePoint} ${invisible.name}, at line ${invisible.line}, ` +
        `column ${invisible.column}: Flink does not read it as whitespace; replace it with a plain space (or delete it)`,
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
 * The service's variables are strings. A number or boolean (what
 * `pulumi config set --path vars.rate 5` gives a program) is taken in its
 * string form, as Terraform's type conversion does.
 */
const variableValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

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

const SpecOutput = z.object({ cpu: z.number().optional(), memory: z.string().optional() });

/** What the running job occupies (observedResources). */
export const ObservedResourcesSchema = z.object({
  parallelism: z.number().optional(),
  jobManager: SpecOutput.optional(),
  taskManager: SpecOutput.optional(),
  resourcePlan: z.string().optional(),
  cpu: z.number(),
  memory: z.string(),
});

const RestoreStrategySchema = z
  .object({
    kind: z.enum(RESTORE_KINDS),
    savepointId: nonEmpty.optional(),
    allowNonRestoredState: z.boolean().optional(),
  })
  .refine((r) => r.kind !== "FROM_SAVEPOINT" || r.savepointId !== undefined, {
    message: 'kind "FROM_SAVEPOINT" needs a savepointId',
    path: ["savepointId"],
  });

/** SQL counts by meaning, against both the SQL in state and the hash of the SQL last deployed. */
function sqlChanged(before: Fields, after: Fields): boolean {
  if (typeof after.sql !== "string" || containsUnknown(after.sql)) return true;
  if (typeof before.sql !== "string") return true;
  // The same text is the same statements: normalizing is paid only for SQL that was edited.
  if (before.sql !== after.sql && canonical(normalizeSql(before.sql)) !== canonical(normalizeSql(after.sql)))
    return true;
  // sqlHash is the hash of the SQL last deployed; it differs after a failed deploy.
  return typeof before.sqlHash === "string" && before.sqlHash !== sqlHash(after.sql);
}

/**
 * The `jobState` output is the observed state (RUNNING or STOPPED) once the
 * job was looked at, so a job that died, or was stopped, differs from the
 * desired one. A state with no observation yet (upgraded from version 1)
 * has none: no change until a refresh observes the job.
 */
function jobStateChanged(before: Fields, after: Fields): boolean {
  if (containsUnknown(after.jobState)) return true;
  const observed = before.jobState;
  return typeof observed === "string" && observed !== (after.jobState ?? "RUNNING");
}

/** A folder cannot be unset through the API: only an explicit new folder counts. */
function folderChanged(before: Fields, after: Fields): boolean {
  return (
    after.folderId !== undefined && (containsUnknown(after.folderId) || after.folderId !== before.folderId)
  );
}

export const DeployedDraftSchema = defineResource({
  token: "alicloud-flink:DeployedDraft",
  /**
   * 1: the first layout (also a state without `schemaVersion`); 2: job facts,
   * `draftSqlHash`/`draftEngineVersion`, and the `jobState` output is the
   * observed state once `jobStatus` is known. state.ts upgrades older states.
   */
  schemaVersion: 2,
  inputs: {
    ...internalInputs,
    __owner: input({
      schema: z.string(),
      class: "internal",
      type: "string",
      doc: "<project>/<stack>/<resource>: the ownership label; a change relabels the draft.",
      // An ownership change is written to the draft's labels, so it is an update. A version-1
      // state may have no owner (written before ownership labels): the label then comes with
      // the next content change instead of an update of its own.
      changed: (before, after) =>
        before.__owner !== undefined && canonical(before.__owner) !== canonical(after.__owner),
    }),
    __secretInputs: input({
      schema: z.array(z.string()),
      class: "internal",
      type: "string[]",
      doc:
        'Which inputs the program passed as secrets (e.g. ["sql", "localVariables.pw"]): the engine strips ' +
        "secret markers before calling the provider, so the SDK says which values every message must mask.",
    }),
    __autoNamed: input({
      schema: z.boolean(),
      class: "internal",
      type: "boolean",
      doc: "Set by check when it generated `name`.",
    }),
    ...scopeInputs,
    name: input({
      schema: DraftNameSchema,
      class: "replace",
      type: "string",
      defaultDoc: "`<resource name>-<7 hex>`",
      doc:
        "Draft and deployment name, unique in the namespace. The suffix is derived from project, stack and " +
        "resource name, so a re-run after a crash finds the same draft. A replacement that keeps the name deletes first.",
    }),
    sql: input({
      schema: SqlSchema,
      class: "update",
      required: true,
      type: "string",
      doc:
        "The Flink SQL script. Compared by normalized statements: whitespace, comments, keyword case and a trailing " +
        "`;` do not count; string literals and `quoted` identifiers do.",
      hint: "the Flink SQL script",
      changed: sqlChanged,
    }),
    engineVersion: input({
      schema: EngineVersionSchema,
      class: "update",
      required: true,
      type: "string",
      doc: 'Engine version, e.g. "vvr-8.0.11-flink-1.17". A change upgrades a running job through a savepoint.',
      hint: 'an engine version, e.g. "vvr-8.0.11-flink-1.17"',
    }),
    executionMode: input({
      schema: z.enum(["STREAMING", "BATCH"]),
      class: "replace",
      type: '"STREAMING" | "BATCH"',
      default: "STREAMING",
      doc: "Streaming or batch job.",
      hint: '"STREAMING" or "BATCH"',
    }),
    deploymentTarget: input({
      schema: z.object({ name: nonEmpty, mode: z.enum(["PER_JOB", "SESSION"]).optional() }),
      class: "update",
      type: '{ name: string; mode?: "PER_JOB" | "SESSION" }',
      default: { name: "default-queue", mode: "PER_JOB" },
      doc: "The queue the deployment runs on.",
      hint: '{ name: "<queue>", mode?: "PER_JOB" }',
    }),
    additionalDependencies: input({
      schema: z.array(nonEmpty),
      class: "update",
      type: "string[]",
      default: [],
      doc: "URIs of connector and UDF JARs.",
    }),
    localVariables: input({
      schema: z.record(variableName, variableValue).superRefine(noCaseCollisions),
      class: "update",
      type: "Record<string, string | number | boolean>",
      default: {},
      doc:
        "Values for `${name}` placeholders; numbers and booleans are sent as strings. May be secrets " +
        "(`pulumi.secret`), which stay encrypted in state and are masked in messages.",
      hint: "a map of variable name to string value",
    }),
    variables: input({
      schema: z.array(nonEmpty),
      class: "knob",
      type: "Variable[]",
      default: [],
      doc:
        "The Variable resources the SQL uses as `${secret_values.<name>}`: they are created first, and preview " +
        "fails naming any reference that no Variable here declares and the namespace does not have.",
    }),
    labels: input({
      schema: z.record(z.string().min(1), z.string()),
      class: "update",
      type: "Record<string, string>",
      default: {},
      doc: "Labels of the draft. The label `pulumi-alicloud-flink/owner` is added.",
      hint: "a map of label key to string value",
    }),
    folderId: input({
      schema: nonEmpty,
      class: "update",
      type: "string",
      doc: "Folder of the draft in the console's draft tree (cannot be unset through the API).",
      changed: folderChanged,
    }),
    resources: input({
      schema: ResourcesSchema,
      class: "update",
      type: "ResourcesArgs",
      doc:
        "How the job is sized. STREAMING: `parallelism`, `jobManager {cpu, memory}`, `taskManager {cpu, memory}` " +
        "(basic mode), or an expert `resourcePlan` (JSON, with `jobManager`); BATCH: `maxSlot` and the basic spec. " +
        'Memory as "4Gi", "4 GiB", "1024Mi" or "1024 MiB". Only the keys set here are owned: what the program ' +
        "leaves out stays as the service has it (never a diff, never reset). Written with UpdateDeployment, never " +
        'to the draft; a running job takes it by hot update (parallelism, with `hotUpdate: "auto"`) or a restart ' +
        "by `upgradeStrategy`.",
      hint: '{ parallelism?: 4, jobManager?: { cpu: 1, memory: "4Gi" }, taskManager?: { cpu: 2, memory: "8Gi" } }',
      changed: settingChanged("resources"),
    }),
    flinkConf: input({
      schema: FlinkConfSchema,
      class: "update",
      type: "Record<string, string | number | boolean>",
      doc:
        "Flink configuration of the deployment (checkpointing, restart strategy, state backend, …). Only the " +
        "keys set here are owned; other keys stay as the service has them. The checkpoint interval, timeout and " +
        'min-pause reach a running job by hot update with `hotUpdate: "auto"`, everything else by a restart.',
      hint: 'a map of Flink configuration key to value, e.g. { "execution.checkpointing.interval": "60s" }',
      changed: settingChanged("flinkConf"),
    }),
    logging: input({
      schema: LoggingSchema,
      class: "update",
      type: "LoggingArgs",
      doc:
        'Logging of the job: `profile` (e.g. "default"), a log4j2 `template`, `loggers` ({ logger name: level }; ' +
        'the root logger is ""), `retention { expirationDays, openHistory }`. Only what is set here is owned.',
      hint: '{ profile?: "default", loggers?: { "org.apache.kafka": "WARN" }, retention?: { expirationDays: 7 } }',
      changed: settingChanged("logging"),
    }),
    autotuning: input({
      schema: AutotuningSchema,
      class: "update",
      type: '{ mode: "off" | "autopilot"; limits?: AutotuningLimitsArgs }',
      doc:
        'Automatic tuning: "off", or "autopilot" (GetAutopilotPolicy/UpdateAutopilotPolicy) within `limits` ' +
        "{ minParallelism, maxParallelism, maxCpu, maxMemory, coolDownMinutes }. While Autopilot is on, the " +
        "parallelism and the JobManager/TaskManager sizes belong to the service: reported in `observedParallelism` " +
        "and `observedResources`, never a diff, never written back (the sizes in `resources` are then ignored; " +
        "flinkConf and logging stay owned). Only the limits set here are owned.",
      hint: '{ mode: "autopilot", limits?: { maxParallelism: 16 } } or { mode: "off" }',
    }),
    hotUpdate: input({
      schema: z.enum(HOT_UPDATE_MODES),
      class: "knob",
      type: '"auto" | "never"',
      default: "never",
      doc:
        'With "auto", a change of only the parallelism and/or the checkpoint interval/timeout/min-pause reaches ' +
        "a RUNNING job by HotUpdateJob (no restart) when the service allows it (VVR ≥ 8.0.1, basic mode); " +
        'otherwise, and with "never" (the default while the service calls HotUpdateJob experimental), by a ' +
        "restart per `upgradeStrategy`.",
      hint: '"auto" or "never"',
    }),
    jobState: input({
      schema: z.enum(JOB_STATES),
      class: "update",
      type: '"RUNNING" | "STOPPED"',
      default: "RUNNING",
      doc:
        "Desired state of the job, reconciled on every `up` (`STOPPED` stops it). A job that died outside " +
        "Pulumi shows after a refresh; `pulumi up --refresh` brings it back.",
      hint: '"RUNNING" or "STOPPED"',
      changed: jobStateChanged,
    }),
    adopt: input({
      schema: z.boolean(),
      class: "knob",
      type: "boolean",
      default: false,
      doc:
        "Take over an existing draft of this name made by someone else. A draft carrying this stack's own " +
        "ownership label is always adopted.",
    }),
    timeouts: input({
      schema: z.object({
        create: duration.optional(),
        update: duration.optional(),
        delete: duration.optional(),
      }),
      class: "knob",
      type: "{ create?: string; update?: string; delete?: string }",
      default: { create: "30m", update: "30m", delete: "10m" },
      doc:
        "The provider's own deadlines (Pulumi does not pass `customTimeouts` to dynamic providers). A wait that " +
        "runs out is a partial failure the next `up` resumes.",
    }),
    lockPolicy: input({
      schema: z.enum(["fail", "steal", "wait"]),
      class: "knob",
      type: '"fail" | "steal" | "wait"',
      default: "fail",
      doc: "When someone else holds the draft's edit lock: fail naming the holder, `steal` it, or `wait`.",
      hint: '"fail", "steal" or "wait"',
    }),
    lockWaitTimeout: input({
      schema: duration,
      class: "knob",
      type: "string",
      default: "5m",
      doc: 'How long lockPolicy "wait" waits.',
    }),
    validation: input({
      schema: z.object({
        preview: z.enum(["server", "local", "off"]).optional(),
        strict: z.boolean().optional(),
        beforeDeploy: z.boolean().optional(),
      }),
      class: "knob",
      type: '{ preview?: "server" | "local" | "off"; strict?: boolean; beforeDeploy?: boolean }',
      default: { preview: "server", strict: false, beforeDeploy: true },
      doc:
        "Preview-time SQL checks: the service's side-effect-free `ValidateSqlStatement` (when credentials are " +
        "available); a local Flink grammar check where the service did not judge the SQL (warnings), or before the " +
        "service with `strict` (failures); and the service's validation before each deploy.",
    }),
    onOutOfBandChange: input({
      schema: z.enum(["warn", "fail"]),
      class: "knob",
      type: '"warn" | "fail"',
      default: "warn",
      doc: "When the draft was edited outside Pulumi since our last write: warn and overwrite, or `fail`.",
      hint: '"warn" or "fail"',
    }),
    restoreStrategy: input({
      schema: RestoreStrategySchema,
      class: "knob",
      type: "RestoreStrategyArgs",
      default: { kind: "LATEST_SAVEPOINT" },
      doc:
        "For starts: `LATEST_SAVEPOINT`, `LATEST_STATE`, `NONE`, `FROM_SAVEPOINT` + `savepointId`; " +
        "`allowNonRestoredState`.",
      hint: '{ kind: "LATEST_SAVEPOINT" | "LATEST_STATE" | "NONE" | "FROM_SAVEPOINT", savepointId?, allowNonRestoredState? }',
    }),
    stopStrategy: input({
      schema: z.enum(STOP_STRATEGIES),
      class: "knob",
      type: '"STOP_WITH_SAVEPOINT" | "STOP_WITH_DRAIN" | "NONE"',
      default: "STOP_WITH_SAVEPOINT",
      doc: "For stops and before delete.",
      hint: '"STOP_WITH_SAVEPOINT", "STOP_WITH_DRAIN" or "NONE"',
    }),
    resourceQueueName: input({
      schema: nonEmpty,
      class: "knob",
      type: "string",
      defaultDoc: "the deployment target's",
      doc: "Queue jobs start on.",
      hint: 'the queue jobs start on, e.g. "default-queue"',
    }),
    upgradeStrategy: input({
      schema: z.enum(UPGRADE_STRATEGIES),
      class: "knob",
      type: '"savepoint" | "stateless" | "none"',
      default: "savepoint",
      doc:
        "How a deploy that changes a running job is applied: stop with savepoint and start from it; `stateless` " +
        "(stop, start fresh); `none` (leave the old version running, reported in `deploymentHasChanged`). An " +
        "engine-version change always takes a savepoint unless `stateless`.",
      hint: '"savepoint", "stateless" or "none"',
    }),
    healthySeconds: input({
      schema: z.number().min(0).max(3600),
      class: "knob",
      type: "number",
      default: 5,
      doc:
        "After a start, the job must stay `RUNNING` this long without restarts. A job that reaches `FAILED` " +
        "fails the operation at once, with the service's reason.",
      hint: "a number of seconds between 0 and 3600",
    }),
    stateCompatibility: input({
      schema: z.enum(["warn", "fail", "ignore"]),
      class: "knob",
      type: '"warn" | "fail" | "ignore"',
      default: "warn",
      doc:
        "What preview does when a change's state-compatibility verdict (Flink's compiled plans of both scripts " +
        "where the planner is at hand, `ALICLOUD_FLINK_PLANNER`; Alibaba's published rules for the rest) is " +
        "incompatible: `warn` in the review block, `fail` preview and `up` before anything " +
        "is written (unless the upgrade does not restore from a savepoint), or `ignore`.",
      hint: '"warn", "fail" or "ignore"',
    }),
    rollbackOnFailure: input({
      schema: z.boolean(),
      class: "knob",
      type: "boolean",
      default: false,
      doc: "When an upgrade's job fails: redeploy the previous SQL and start from the savepoint taken before the upgrade.",
      hint: "true or false",
    }),
  },
  outputs: {
    deploymentDraftId: output({ schema: z.string(), type: "string", doc: "ID of the draft in the service." }),
    deploymentId: output({
      schema: z.string(),
      type: "string",
      doc: "ID of the deployment the draft was deployed to.",
    }),
    sqlHash: output({
      schema: z.string(),
      type: "string",
      doc: '"sha256:…" of the normalized statements last deployed: what the diff compares.',
    }),
    statementCount: output({ schema: z.number(), type: "number", doc: "Statements in the deployed script." }),
    lastValidateTicketId: output({ schema: z.string(), type: "string", doc: "The last validation ticket." }),
    lastDeployTicketId: output({ schema: z.string(), type: "string", doc: "The last deploy ticket." }),
    lastValidationMessage: output({
      schema: z.string(),
      type: "string",
      doc: "The service's validation message, secret values masked.",
    }),
    lastDeployMessage: output({ schema: z.string(), type: "string", doc: "The service's deploy message." }),
    deployedAt: output({
      schema: z.string(),
      type: "string",
      doc: "ISO time of the last successful deploy.",
    }),
    draftModifiedAt: output({
      schema: z.number(),
      type: "number",
      doc: "The draft's modifiedAt (Unix seconds) after our last write: later edits are someone else's.",
    }),
    draftSqlHash: output({
      schema: z.string(),
      type: "string",
      doc: "sqlHash of the SQL last written to the draft (the deployed one may be older).",
    }),
    draftEngineVersion: output({
      schema: z.string(),
      type: "string",
      doc: "Engine version last written to the draft.",
    }),
    lockHolder: output({
      schema: z.string(),
      type: "string",
      doc: "Who held the edit lock after our last write.",
    }),
    lockHolderId: output({
      schema: z.string(),
      type: "string",
      doc: "holderId of that lock: how the provider recognises its own lock later.",
    }),
    jobId: output({ schema: z.string(), type: "string", doc: "The deployment's current job." }),
    jobStatus: output({
      schema: z.string(),
      type: "string",
      doc: "Its status (STARTING, RUNNING, CANCELLING, CANCELLED, FAILED, FINISHED), or NOT_STARTED.",
    }),
    jobFailure: output({ schema: z.string(), type: "string", doc: '"<reason>: <message>" of a FAILED job.' }),
    lastSavepointId: output({
      schema: z.string(),
      type: "string",
      doc: "The savepoint the last stop took, or the last start restored from.",
    }),
    observedParallelism: output({
      schema: z.number(),
      type: "number",
      doc: "The running job's parallelism as the service reports it (Autopilot's choice while autotuning is on).",
    }),
    observedResources: output({
      schema: ObservedResourcesSchema,
      type: "ObservedResources",
      doc:
        "The running job's sizes as the service reports them: `parallelism`, `jobManager`/`taskManager` " +
        "`{cpu, memory}`, `resourcePlan` (expert), and the total `cpu` and `memory` it occupies.",
    }),
    deploymentHasChanged: output({
      schema: z.boolean(),
      type: "boolean",
      doc: "True when the running job runs an older version than the one deployed (upgradeStrategy none).",
    }),
    schemaVersion: output({
      schema: z.number(),
      type: "number",
      doc: "Version of the provider's state layout.",
    }),
  },
});

export type DeployedDraftInputs = z.output<typeof DeployedDraftSchema.inputObject>;
/** What a program may pass (before defaults and conversions). */
export type DeployedDraftUserInputs = Omit<z.input<typeof DeployedDraftSchema.inputObject>, `__${string}`>;
export type DeployedDraftFacts = z.output<typeof DeployedDraftSchema.outputObject>;
export type DeployedDraftOutputs = DeployedDraftInputs & DeployedDraftFacts;
export type RestoreStrategy = z.output<typeof RestoreStrategySchema>;
export type ObservedResources = z.output<typeof ObservedResourcesSchema>;

/** The default of an input, typed. */
export function defaultOf<K extends keyof typeof DeployedDraftSchema.inputs>(
  key: K,
): NonNullable<(typeof DeployedDraftSchema.inputs)[K]["default"]> {
  const value = DeployedDraftSchema.inputs[key].default;
  if (value === undefined) throw new Error(`DeployedDraft.${String(key)} has no default`);
  return value as NonNullable<(typeof DeployedDraftSchema.inputs)[K]["default"]>;
}
