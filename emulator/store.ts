/**
 * The emulator's state: plain JSON records (so a snapshot and the state file are the same thing),
 * plus optional persistence to a file written atomically (temp file + rename).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { z } from "zod";

export interface LocalVariable {
  name: string;
  value: string;
}

export interface Artifact {
  kind: string;
  sqlArtifact?: { sqlScript?: string; additionalDependencies?: string[] };
  jarArtifact?: Record<string, unknown>;
  pythonArtifact?: Record<string, unknown>;
  cdcYamlArtifact?: Record<string, unknown>;
}

export interface BriefDeploymentTarget {
  mode: string;
  name: string;
}

export interface Lock {
  id: string;
  workspace: string;
  namespace: string;
  holderId: string;
  holderName: string;
}

/** Who did something: the user behind an AccessKey, or a "console user" set through the admin API. */
export interface Actor {
  userId: string;
  userName: string;
}

export interface DraftRecord {
  deploymentDraftId: string;
  workspace: string;
  namespace: string;
  name: string;
  artifact: Artifact;
  engineVersion?: string;
  executionMode: string;
  labels?: Record<string, unknown>;
  localVariables?: LocalVariable[];
  parentId?: string;
  referencedDeploymentId?: string;
  creator: string;
  creatorName: string;
  modifier: string;
  modifierName: string;
  /** Unix seconds (the SDK models DeploymentDraft.createdAt as a number). */
  createdAt: number;
  modifiedAt: number;
}

/** ResourceSpec of the SDK (`memory` like "4 GiB"). */
export interface ResourceSpec {
  cpu: number;
  memory: string;
}

export interface BasicResourceSetting {
  parallelism: number;
  jobmanagerResourceSettingSpec: ResourceSpec;
  taskmanagerResourceSettingSpec: ResourceSpec;
}

export interface StreamingResourceSetting {
  resourceSettingMode: "BASIC" | "EXPERT";
  basicResourceSetting?: BasicResourceSetting;
  expertResourceSetting?: { resourcePlan?: string; jobmanagerResourceSettingSpec?: ResourceSpec };
}

export interface BatchResourceSetting {
  maxSlot: number;
  basicResourceSetting?: BasicResourceSetting;
}

export interface Logging {
  loggingProfile: string;
  log4j2ConfigurationTemplate?: string;
  log4jLoggers?: { loggerName: string; loggerLevel: string }[];
  logReservePolicy?: { expirationDays: number; openHistory: boolean };
}

/** What a deployment carries beyond the draft: set by UpdateDeployment, copied to a job at start. */
export interface DeploymentResources {
  streamingResourceSetting: StreamingResourceSetting;
  batchResourceSetting: BatchResourceSetting;
  flinkConf: Record<string, unknown>;
  logging: Logging;
}

export interface DeploymentRecord extends DeploymentResources {
  deploymentId: string;
  workspace: string;
  namespace: string;
  name: string;
  description?: string;
  engineVersion?: string;
  executionMode: string;
  artifact: Artifact;
  deploymentTarget: BriefDeploymentTarget;
  labels?: Record<string, unknown>;
  localVariables?: LocalVariable[];
  referencedDeploymentDraftId?: string;
  creator: string;
  creatorName: string;
  modifier: string;
  modifierName: string;
  /** Unix seconds as a string (the SDK models Deployment.createdAt as a string). */
  createdAt: string;
  modifiedAt: string;
}

export type JobStatusName = "STARTING" | "RUNNING" | "CANCELLING" | "FAILED" | "CANCELLED" | "FINISHED";

export type RestoreKind = "NONE" | "LATEST_SAVEPOINT" | "FROM_SAVEPOINT" | "LATEST_STATE";

/** DeploymentRestoreStrategy; on a job it records what the job actually restored from. */
export interface RestoreStrategy {
  kind: RestoreKind;
  savepointId?: string;
  allowNonRestoredState?: boolean;
  jobStartTimeInMs?: number;
}

export type StopStrategy = "NONE" | "STOP_WITH_SAVEPOINT" | "STOP_WITH_DRAIN";

/** JobFailure: why a job ended FAILED. */
export interface JobFailure {
  /** Unix seconds (the SDK example is 10-digit). */
  failedAt: number;
  reason: string;
  message: string;
}

/** A failure injected through the admin API, waiting for its time. */
export interface ScheduledJobFailure {
  /** When the RUNNING job fails (ms since the epoch); undefined = at start, before it is ever RUNNING. */
  atMs?: number;
  reason: string;
  message: string;
}

export interface JobRecord {
  jobId: string;
  workspace: string;
  namespace: string;
  deploymentId: string;
  deploymentName: string;
  engineVersion?: string;
  executionMode: string;
  artifact: Artifact;
  localVariables?: LocalVariable[];
  restoreStrategy?: RestoreStrategy;
  resourceQueueName: string;
  /** The deployment's resources, flinkConf and logging when the job started (optional: older state files). */
  resources?: DeploymentResources;
  status: JobStatusName;
  /** When a STARTING job becomes RUNNING, in ms since the epoch. */
  runningAtMs?: number;
  /** When the job actually became RUNNING (unset if it never did). */
  runningSinceMs?: number;
  /** When a CANCELLING job becomes CANCELLED, in ms since the epoch. */
  cancelledAtMs?: number;
  stopStrategy?: StopStrategy;
  /** The savepoint a stop with savepoint/drain is taking. */
  stopSavepointId?: string;
  /** JobStatusRunning.observedFlinkJobRestarts */
  restarts?: number;
  /** Pending restarts (ms since the epoch), injected through the admin API. */
  restartsAtMs?: number[];
  scheduledFailure?: ScheduledJobFailure;
  failure?: JobFailure;
  /** The deployment's job-relevant spec when the job started (see deployment-spec.ts). */
  deploymentSpec?: string;
  creator: string;
  creatorName: string;
  modifier: string;
  modifierName: string;
  /** Unix seconds (Job.startTime/endTime are numbers, createdAt/modifiedAt strings). */
  startTime: number;
  endTime?: number;
  createdAt: string;
  modifiedAt: string;
}

/** Savepoint.savepointOrigin (the metadata's enum). */
export type SavepointOrigin =
  "USER_REQUEST" | "STOP_WITH_SAVEPOINT" | "RETAINED_CHECKPOINT" | "AUTO_TRIGGERED";

export interface SavepointRecord {
  savepointId: string;
  workspace: string;
  namespace: string;
  deploymentId: string;
  jobId: string;
  savepointOrigin: SavepointOrigin;
  stopWithDrainEnabled: boolean;
  savepointLocation: string;
  /** SavepointStatus.state */
  state: "STARTED" | "COMPLETED" | "FAILED";
  /** CreateSavepoint's description and nativeFormat ("" and false for the others). */
  description?: string;
  nativeFormat?: boolean;
  /** ms since the epoch (the view shows Unix seconds, as numbers) */
  createdAtMs: number;
  modifiedAtMs: number;
  /** CreateSavepoint: when the STARTED savepoint completes (ms since the epoch). */
  completeAtMs?: number;
  /** Fingerprints of the stateful operators whose state it holds (emulator/sql/operators.ts). */
  operators?: string[];
}

/** What happened to deployments, jobs and savepoints, in order (the admin API's event log). */
export type EventKind =
  | "DEPLOYMENT_CREATED"
  | "DEPLOYMENT_UPDATED"
  | "DEPLOYMENT_DELETED"
  | "JOB_STARTING"
  | "JOB_RUNNING"
  | "JOB_RESTARTED"
  | "JOB_STOPPING"
  | "JOB_CANCELLED"
  | "JOB_FAILED"
  | "JOB_DELETED"
  | "SAVEPOINT_COMPLETED"
  | "JOB_HOT_UPDATED"
  | "JOB_HOT_UPDATE_FAILED"
  | "AUTOPILOT_RESCALED";

export interface EmulatorEvent {
  /** Position in the log; strictly increasing. */
  seq: number;
  /** When it happened (ms since the epoch) and the same as ISO text. */
  atMs: number;
  time: string;
  kind: EventKind;
  namespace: string;
  deploymentId: string;
  jobId?: string;
  /** Who caused it (userName); absent for what the service does by itself. */
  by?: string;
  stopStrategy?: StopStrategy;
  /** JOB_STARTING: the restore kind asked for; savepointId is what it restored from. */
  restoreKind?: RestoreKind;
  savepointId?: string;
  savepointOrigin?: SavepointOrigin;
  /** JOB_FAILED */
  reason?: string;
  /** JOB_RESTARTED: the restart count after this restart */
  restarts?: number;
  /** JOB_HOT_UPDATED / AUTOPILOT_RESCALED: the parallelism before and after */
  fromParallelism?: number;
  toParallelism?: number;
  /** JOB_HOT_UPDATED: the Flink configuration keys changed */
  flinkConfKeys?: string[];
  /** What happened, in words (never a secret value) */
  message?: string;
  /** The deployment's workspace (events recorded before this field existed lack it) */
  workspace?: string;
}

/** HotUpdateJobParams (SDK): what a hot update changes. */
export interface HotUpdateParams {
  rescaleJobParam?: { jobParallelism?: number };
  updateJobConfigParam?: { newFlinkConf?: Record<string, unknown> };
}

/** HotUpdateJobFailureInfo (SDK) */
export interface HotUpdateFailure {
  failureSeverity: string;
  reason: string;
  message: string;
}

export interface HotUpdateRecord {
  jobHotUpdateId: string;
  workspace: string;
  namespace: string;
  jobId: string;
  deploymentId: string;
  params: HotUpdateParams;
  /** ms since the epoch: INIT until updatingAtMs, HOT_UPDATING until finishAtMs */
  submittedAtMs: number;
  updatingAtMs: number;
  finishAtMs: number;
  /** Decided when submitted (rules) or when it finishes (the job is no longer running). */
  failure?: HotUpdateFailure;
  settled: boolean;
  by: string;
}

/** A namespace variable (SDK Variable), referenced in SQL as `${secret_values.<name>}`. */
export interface VariableRecord {
  workspace: string;
  namespace: string;
  name: string;
  value: string;
  kind: string;
  description?: string;
}

/** A deployment's Autopilot policy (GetAutopilotPolicy / UpdateAutopilotPolicy). */
export interface AutopilotRecord {
  enabled: boolean;
  policyConfig: Record<string, unknown>;
  /** ms since the epoch of the last rescale (for coolDownMinutes) */
  lastRescaleAtMs?: number;
}

/** Line/column detail of a validation error; every field is a string, as in the SDK's ValidationErrorDetails. */
export interface ValidationErrorDetails {
  lineNumber: string;
  columnNumber: string;
  endLineNumber: string;
  endColumnNumber: string;
  message: string;
}

export interface DraftMetaInfoErrorDetail {
  message: string;
  reason: string;
}

/** The outcome of validating a draft, decided when the ticket is submitted. */
export interface ValidationOutcome {
  success: boolean;
  message: string;
  sqlValidationResult: string;
  sqlErrorDetail?: ValidationErrorDetails;
  draftMetaInfoErrorDetails: DraftMetaInfoErrorDetail[];
  warnings: string[];
}

export type TicketKind = "validate" | "deploy";

export interface TicketRecord {
  ticketId: string;
  kind: TicketKind;
  workspace: string;
  namespace: string;
  deploymentDraftId: string;
  actor: Actor;
  deploymentTarget: BriefDeploymentTarget;
  /** ms since the epoch */
  submittedAtMs: number;
  executingAtMs: number;
  finishAtMs: number;
  /** Set when the ticket has settled. */
  settled: boolean;
  /** An injected internal failure: the ticket ends FAILED with this message. */
  injectedFailure?: string;
  /** The draft as it was when the ticket was submitted (what gets validated/deployed). */
  draft: DraftRecord;
  validation?: ValidationOutcome;
  /** Deploy tickets: the outcome of applying the draft to a deployment. */
  deploySuccess?: boolean;
  deployMessage?: string;
  deploymentId?: string;
}

export interface EmulatorState {
  drafts: Record<string, DraftRecord>;
  deployments: Record<string, DeploymentRecord>;
  jobs: Record<string, JobRecord>;
  tickets: Record<string, TicketRecord>;
  /** Draft ID → the current edit lock. */
  locks: Record<string, Lock>;
  savepoints: Record<string, SavepointRecord>;
  events: EmulatorEvent[];
  hotUpdates: Record<string, HotUpdateRecord>;
  /** Deployment ID → its Autopilot policy (absent: the default, disabled). */
  autopilot: Record<string, AutopilotRecord>;
  /** "<workspace>/<namespace>/<name>" → the namespace variable. */
  variables: Record<string, VariableRecord>;
}

/** A deep, plain-JSON copy of the state. */
export type EmulatorSnapshot = EmulatorState;

export function emptyState(): EmulatorState {
  return {
    drafts: {},
    deployments: {},
    jobs: {},
    tickets: {},
    locks: {},
    savepoints: {},
    events: [],
    hotUpdates: {},
    autopilot: {},
    variables: {},
  };
}

/**
 * Only the top-level shape is checked: the file is written by this module. Savepoints and events
 * default to empty so that a state file written before they existed still loads.
 */
const StateFileSchema = z.object({
  drafts: z.record(z.string(), z.unknown()),
  deployments: z.record(z.string(), z.unknown()),
  jobs: z.record(z.string(), z.unknown()),
  tickets: z.record(z.string(), z.unknown()),
  locks: z.record(z.string(), z.unknown()),
  savepoints: z.record(z.string(), z.unknown()).default({}),
  events: z.array(z.unknown()).default([]),
  hotUpdates: z.record(z.string(), z.unknown()).default({}),
  autopilot: z.record(z.string(), z.unknown()).default({}),
  variables: z.record(z.string(), z.unknown()).default({}),
});

export class Store {
  state: EmulatorState;

  constructor(private readonly stateFile: string | undefined) {
    this.state = stateFile && existsSync(stateFile) ? loadStateFile(stateFile) : emptyState();
  }

  snapshot(): EmulatorSnapshot {
    return JSON.parse(JSON.stringify(this.state)) as EmulatorSnapshot;
  }

  reset(): void {
    this.state = emptyState();
    this.persist();
  }

  /** Writes the state file (if any): temp file + rename, so a crash never leaves half a file. */
  persist(): void {
    if (!this.stateFile) return;
    const temp = `${this.stateFile}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    writeFileSync(temp, JSON.stringify(this.state, null, 2));
    renameSync(temp, this.stateFile);
  }
}

function loadStateFile(path: string): EmulatorState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`Emulator state file ${path} is not valid JSON (${String(error)}); delete it or fix it.`);
  }
  const result = StateFileSchema.safeParse(parsed);
  if (!result.success) {
    throw new Error(`Emulator state file ${path} does not hold an emulator state: ${result.error.message}`);
  }
  return {
    ...(parsed as EmulatorState),
    savepoints: result.data.savepoints as EmulatorState["savepoints"],
    events: result.data.events as EmulatorEvent[],
    hotUpdates: result.data.hotUpdates as EmulatorState["hotUpdates"],
    autopilot: result.data.autopilot as EmulatorState["autopilot"],
    variables: result.data.variables as EmulatorState["variables"],
  };
}

export function newId(): string {
  return randomUUID();
}

export function newLockId(): string {
  return `stt-${randomBytes(12).toString("hex").slice(0, 18)}`;
}

export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
