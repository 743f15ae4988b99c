import * as pulumi from "@pulumi/pulumi";
import { DynamicShimResource } from "./shim";
import type { Variable } from "./variable";
import { stackCaptureOff } from "./stack-capture";

/** Where a deployment runs: a queue of the workspace. */
export interface DeploymentTargetArgs {
  /** Queue name, e.g. "default-queue". */
  name: pulumi.Input<string>;
  /** Only "PER_JOB" is documented for SQL drafts. Default "PER_JOB". */
  mode?: pulumi.Input<"PER_JOB" | "SESSION">;
}

/** Durations such as "90s", "20m" or "1h". */
export interface TimeoutsArgs {
  create?: pulumi.Input<string>;
  update?: pulumi.Input<string>;
  delete?: pulumi.Input<string>;
}

/** How SQL is checked before anything reaches the draft. */
export interface ValidationArgs {
  /**
   * During `pulumi preview`: "server" runs ValidateSqlStatement (it touches no draft)
   * when credentials are available, "local" only parses with a Flink SQL grammar,
   * "off" skips both. Default "server".
   */
  preview?: pulumi.Input<"server" | "local" | "off">;
  /** Treat local grammar errors as errors rather than warnings. Default false: the grammar has gaps. */
  strict?: pulumi.Input<boolean>;
  /** Run the service's asynchronous validation before each deploy. Default true. */
  beforeDeploy?: pulumi.Input<boolean>;
}

/** Where a started job takes its state from. */
export interface RestoreStrategyArgs {
  /**
   * "LATEST_SAVEPOINT" (default): the deployment's newest savepoint; "LATEST_STATE": its newest
   * savepoint or retained checkpoint; "NONE": no state; "FROM_SAVEPOINT": the savepoint `savepointId`.
   * Either LATEST kind starts without state when there is none.
   */
  kind: pulumi.Input<"LATEST_SAVEPOINT" | "LATEST_STATE" | "NONE" | "FROM_SAVEPOINT">;
  /** Required with "FROM_SAVEPOINT". */
  savepointId?: pulumi.Input<string>;
  /** Start even when the savepoint holds state no operator of the new SQL claims. Default false. */
  allowNonRestoredState?: pulumi.Input<boolean>;
}

/** CPU cores and memory of the JobManager or of each TaskManager. */
export interface ResourceSpecArgs {
  /** Cores, greater than 0 and at most 64, e.g. 0.5 or 2. */
  cpu?: pulumi.Input<number>;
  /** "4Gi", "4 GiB", "1024Mi" or "1024 MiB" (between 512 MiB and 256 GiB). */
  memory?: pulumi.Input<string>;
}

/**
 * How the job is sized. Only what is set here is owned by the program: a key left out stays as the
 * service has it (never a diff, never reset).
 */
export interface ResourcesArgs {
  /** STREAMING (basic mode) and BATCH: the job's parallelism, an integer ≥ 1. */
  parallelism?: pulumi.Input<number>;
  /** The JobManager's CPU and memory. */
  jobManager?: pulumi.Input<ResourceSpecArgs>;
  /** Each TaskManager's CPU and memory (basic mode). */
  taskManager?: pulumi.Input<ResourceSpecArgs>;
  /** STREAMING expert mode: the resource plan (JSON); excludes parallelism and taskManager. */
  resourcePlan?: pulumi.Input<string>;
  /** BATCH: the most slots the job may use. */
  maxSlot?: pulumi.Input<number>;
}

/** Logging of the job. Only what is set here is owned by the program. */
export interface LoggingArgs {
  /** The logging profile, e.g. "default". */
  profile?: pulumi.Input<string>;
  /** A log4j2 configuration template (XML). */
  template?: pulumi.Input<string>;
  /** Logger name to level (TRACE, DEBUG, INFO, WARN, ERROR, OFF); the root logger is "". */
  loggers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** How long logs are kept, and whether history is kept. */
  retention?: pulumi.Input<{ expirationDays?: pulumi.Input<number>; openHistory?: pulumi.Input<boolean> }>;
}

/** What the running job occupies, as the service reports it. */
export interface ObservedResources {
  parallelism?: number;
  jobManager?: { cpu?: number; memory?: string };
  taskManager?: { cpu?: number; memory?: string };
  resourcePlan?: string;
  /** Total CPU cores of the job (JobManager + TaskManagers). */
  cpu: number;
  /** Total memory of the job, e.g. "12 GiB". */
  memory: string;
}

/** Autopilot's limits. Only the limits set here are owned. */
export interface AutotuningLimitsArgs {
  minParallelism?: pulumi.Input<number>;
  maxParallelism?: pulumi.Input<number>;
  /** Most CPU cores the job may use. */
  maxCpu?: pulumi.Input<number>;
  /** Most memory the job may use, e.g. "64Gi". */
  maxMemory?: pulumi.Input<string>;
  /** Least minutes between two rescales. */
  coolDownMinutes?: pulumi.Input<number>;
}

export interface DeployedDraftArgs {
  /** Workspace ID (sent as the `workspace` header). Changing it replaces the draft. */
  workspace: pulumi.Input<string>;
  /** Namespace, e.g. "<workspace-name>-default". Changing it replaces the draft. */
  namespace: pulumi.Input<string>;
  /**
   * Draft and deployment name, unique in the namespace. Default: the resource
   * name plus 7 hex characters derived from project, stack and resource name (so a
   * re-run after a crash finds the same draft). A replacement that keeps the name deletes first.
   */
  name?: pulumi.Input<string>;
  /** The Flink SQL script. `${var}` placeholders are filled from `localVariables` by the service. */
  sql: pulumi.Input<string>;
  /** Engine version, e.g. "vvr-8.0.11-flink-1.17". */
  engineVersion: pulumi.Input<string>;
  /** "STREAMING" (default) or "BATCH". Changing it replaces the draft. */
  executionMode?: pulumi.Input<"STREAMING" | "BATCH">;
  /** Default: { name: "default-queue", mode: "PER_JOB" }. */
  deploymentTarget?: pulumi.Input<DeploymentTargetArgs>;
  /** URIs of extra JARs (connectors, UDFs). */
  additionalDependencies?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Values for `${name}` placeholders in the SQL. Values may be secrets (`pulumi.secret`); numbers and
   * booleans (e.g. from `pulumi config set --path`) are sent in their string form.
   */
  localVariables?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  /**
   * The Variable resources the SQL uses as `${secret_values.<name>}`. They are created before the draft,
   * and preview fails naming any reference that none of them declares and the namespace does not have.
   */
  variables?: Variable[];
  /** Labels of the draft and its deployment. */
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Folder of the draft in the console's draft tree. */
  folderId?: pulumi.Input<string>;
  /**
   * How the job is sized (deployment settings, written with UpdateDeployment, never to the draft). Only the
   * keys set here are owned; a running job gets a change by hot update or a restart (see `hotUpdate`).
   */
  resources?: pulumi.Input<ResourcesArgs>;
  /** Flink configuration of the deployment. Only the keys set here are owned; others stay as the service has them. */
  flinkConf?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  /** Logging of the job: profile, template, loggers, retention. Only what is set here is owned. */
  logging?: pulumi.Input<LoggingArgs>;
  /**
   * "auto": a change of only the parallelism and/or checkpoint interval/timeout/min-pause reaches a RUNNING
   * job by HotUpdateJob, without a restart, when the service allows it. "never" (default, while the service
   * marks HotUpdateJob experimental): by a restart per `upgradeStrategy`.
   */
  hotUpdate?: pulumi.Input<"auto" | "never">;
  /**
   * Automatic tuning: { mode: "off" }, or { mode: "autopilot", limits } (the service's Autopilot). While it
   * is on, the parallelism and the JobManager/TaskManager sizes belong to the service: reported in
   * `observedParallelism` / `observedResources`, never a diff, never written back.
   */
  autotuning?: pulumi.Input<{
    mode: pulumi.Input<"off" | "autopilot">;
    limits?: pulumi.Input<AutotuningLimitsArgs>;
  }>;
  /** Take over an existing draft of this name that another tool or person created. Default false. */
  adopt?: pulumi.Input<boolean>;
  /** How long each operation may wait for the service. Defaults: create 30m, update 30m, delete 10m. */
  timeouts?: pulumi.Input<TimeoutsArgs>;
  /**
   * When someone else holds the draft's edit lock: "fail" (default; the error names
   * the holder), "steal" (take it, as the console's unlock does) or "wait" (up to
   * `lockWaitTimeout`, then fail).
   */
  lockPolicy?: pulumi.Input<"fail" | "steal" | "wait">;
  /** How long lockPolicy "wait" waits. Default "5m". */
  lockWaitTimeout?: pulumi.Input<string>;
  validation?: pulumi.Input<ValidationArgs>;
  /** When the draft was edited outside Pulumi since the last deploy: "warn" (default) and overwrite, or "fail". */
  onOutOfBandChange?: pulumi.Input<"warn" | "fail">;
  /**
   * The job's desired state, reconciled on every update: "RUNNING" (default) starts a job that is
   * stopped, failed or finished; "STOPPED" stops a running one by `stopStrategy`. A job that dies
   * outside Pulumi is noticed by a refresh: run `pulumi up --refresh` to bring it back.
   */
  jobState?: pulumi.Input<"RUNNING" | "STOPPED">;
  /** Where starts take state from. Default { kind: "LATEST_SAVEPOINT" }. */
  restoreStrategy?: pulumi.Input<RestoreStrategyArgs>;
  /** How jobState "STOPPED" and delete stop the job: "STOP_WITH_SAVEPOINT" (default), "STOP_WITH_DRAIN" or "NONE". */
  stopStrategy?: pulumi.Input<"STOP_WITH_SAVEPOINT" | "STOP_WITH_DRAIN" | "NONE">;
  /** Queue jobs start on. Default: the deployment target's. */
  resourceQueueName?: pulumi.Input<string>;
  /**
   * How a deploy that changes a running job is applied: "savepoint" (default: stop with a savepoint,
   * start from it), "stateless" (stop, start without state) or "none" (the job keeps running the
   * previous version; `deploymentHasChanged` says so). An engine-version change always goes through a
   * savepoint unless this is "stateless".
   */
  upgradeStrategy?: pulumi.Input<"savepoint" | "stateless" | "none">;
  /**
   * After a start, how long the job must stay RUNNING without restarts before the operation succeeds.
   * Default 5. A job that FAILS fails the operation at once, with the service's reason.
   */
  healthySeconds?: pulumi.Input<number>;
  /**
   * What to do when a change's state-compatibility verdict is "incompatible" (the new SQL cannot take
   * over the savepoint's state): "warn" (default) in the review block of the preview, "fail" preview and
   * `up` before anything is written (unless the upgrade does not restore from a savepoint), or "ignore".
   */
  stateCompatibility?: pulumi.Input<"warn" | "fail" | "ignore">;
  /**
   * When an upgraded job fails its health gate: write the previous draft content back, deploy it and
   * start it from the savepoint taken before the upgrade. The operation still fails. Default false.
   */
  rollbackOnFailure?: pulumi.Input<boolean>;
}

/** Whether a value the program passed is a secret Output (plain values and promises are not). */
function isSecretInput(value: unknown): Promise<boolean> {
  return pulumi.Output.isInstance(value) ? pulumi.isSecret(value) : Promise.resolve(false);
}

/** The paths of the secret inputs among those the provider writes into messages: sql and each variable. */
async function secretInputPaths(args: DeployedDraftArgs): Promise<string[]> {
  const paths: string[] = [];
  if (await isSecretInput(args.sql)) paths.push("sql");
  const variables = args.localVariables;
  if (pulumi.Output.isInstance(variables) || variables instanceof Promise) {
    // The whole map is one Output: its entries cannot be told apart.
    if (await isSecretInput(variables)) paths.push("localVariables");
  } else if (variables !== undefined) {
    for (const [key, value] of Object.entries(variables)) {
      if (await isSecretInput(value)) paths.push(`localVariables.${key}`);
    }
  }
  return paths;
}

/**
 * A Flink SQL draft of Alibaba Cloud Realtime Compute for Apache Flink, deployed.
 *
 * Create and update take the draft's edit lock, write the draft, run the service's
 * asynchronous validation and deploy, and wait for each. The diff compares SQL by
 * meaning (whitespace, comments and keyword case do not count). The deployment's job is
 * brought to `jobState` (running, by default) and upgraded by `upgradeStrategy` when a deploy
 * changes it.
 */
export class DeployedDraft extends DynamicShimResource {
  declare readonly workspace: pulumi.Output<string>;
  declare readonly namespace: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly sql: pulumi.Output<string>;
  declare readonly engineVersion: pulumi.Output<string>;
  declare readonly executionMode: pulumi.Output<"STREAMING" | "BATCH">;
  /** ID of the draft in the service. */
  declare readonly deploymentDraftId: pulumi.Output<string>;
  /** ID of the deployment the draft was deployed to. */
  declare readonly deploymentId: pulumi.Output<string>;
  /** "sha256:…" of the normalized SQL statements: what the diff compares. */
  declare readonly sqlHash: pulumi.Output<string>;
  declare readonly statementCount: pulumi.Output<number>;
  declare readonly lastValidateTicketId: pulumi.Output<string>;
  declare readonly lastDeployTicketId: pulumi.Output<string>;
  declare readonly lastValidationMessage: pulumi.Output<string>;
  declare readonly lastDeployMessage: pulumi.Output<string>;
  /** ISO time of the last successful deploy. */
  declare readonly deployedAt: pulumi.Output<string>;
  /** The draft's modifiedAt (Unix seconds) after our last write: later edits are someone else's. */
  declare readonly draftModifiedAt: pulumi.Output<number>;
  /** Who held the edit lock after our last write. */
  declare readonly lockHolder: pulumi.Output<string>;
  /** holderId of that lock: how the provider recognises its own lock later. */
  declare readonly lockHolderId: pulumi.Output<string>;
  /** sqlHash of the SQL last written to the draft (the deployed one may be older). */
  declare readonly draftSqlHash: pulumi.Output<string>;
  /** Engine version last written to the draft. */
  declare readonly draftEngineVersion: pulumi.Output<string>;
  /** The job's observed state ("RUNNING" or "STOPPED") as of the last update or refresh. */
  declare readonly jobState: pulumi.Output<"RUNNING" | "STOPPED">;
  /** ID of the deployment's current job. */
  declare readonly jobId: pulumi.Output<string | undefined>;
  /** The service's job status (STARTING, RUNNING, CANCELLING, CANCELLED, FAILED, FINISHED), or NOT_STARTED. */
  declare readonly jobStatus: pulumi.Output<string>;
  /** "<reason>: <message>" of a FAILED job. */
  declare readonly jobFailure: pulumi.Output<string | undefined>;
  /** The savepoint the last stop took, or the last start restored from. */
  declare readonly lastSavepointId: pulumi.Output<string | undefined>;
  /** The running job's parallelism as the service reports it (Autopilot's choice while autotuning is on). */
  declare readonly observedParallelism: pulumi.Output<number | undefined>;
  /** The running job's sizes and its total CPU and memory, as the service reports them. */
  declare readonly observedResources: pulumi.Output<ObservedResources | undefined>;
  /** True when the running job runs an older version than the one deployed (upgradeStrategy "none"). */
  declare readonly deploymentHasChanged: pulumi.Output<boolean | undefined>;
  /** Version of the provider's state layout. */
  declare readonly schemaVersion: pulumi.Output<number>;

  constructor(name: string, args: DeployedDraftArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      // Output keys seeded so they exist on the resource object (and are unknown, not absent, in preview);
      // `name`, `executionMode` and `jobState` are filled by the provider when the program leaves them out.
      name: undefined,
      executionMode: undefined,
      deploymentDraftId: undefined,
      deploymentId: undefined,
      sqlHash: undefined,
      statementCount: undefined,
      lastValidateTicketId: undefined,
      lastDeployTicketId: undefined,
      lastValidationMessage: undefined,
      lastDeployMessage: undefined,
      deployedAt: undefined,
      draftModifiedAt: undefined,
      lockHolder: undefined,
      lockHolderId: undefined,
      draftSqlHash: undefined,
      draftEngineVersion: undefined,
      jobState: undefined,
      jobId: undefined,
      jobStatus: undefined,
      jobFailure: undefined,
      lastSavepointId: undefined,
      observedParallelism: undefined,
      observedResources: undefined,
      deploymentHasChanged: undefined,
      schemaVersion: undefined,
      ...args,
      // Their names reach the provider; being the Variables' outputs, they also make Pulumi create the
      // Variables first.
      variables: args.variables ? pulumi.all(args.variables.map((v) => v.name)) : undefined,
      // Internal inputs (the `__` prefix keeps them out of `pulumi preview --diff`):
      // the provider autonames from the resource name and labels the draft with its owner,
      // so a create that crashed can adopt its own draft on the next `up`.
      __resourceName: name,
      __owner: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
      // The engine strips secret markers before calling the provider: say which inputs are secret,
      // so that every message the provider writes masks them (provider/secrets.ts).
      __secretInputs: secretInputPaths(args),
    };
    // Pulumi's per-property promise stacks cost ~12 ms a resource here (stack-capture.ts).
    const restoreStackCapture = stackCaptureOff();
    try {
      super("DeployedDraft", name, props, opts);
    } finally {
      restoreStackCapture();
    }
  }
}
