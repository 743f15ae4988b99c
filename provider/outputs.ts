/**
 * The DeployedDraft outputs: every input echoed (delete and read receive
 * outputs, not inputs) plus what the provider learned from the service.
 *
 * schemaVersion tracks this layout: the shim makes every state ever written
 * reach the installed provider code, so readers must accept older versions.
 */
import { DEFAULT_EXECUTION_MODE, DEFAULT_JOB_STATE, type DeployedDraftInputs } from "./inputs";
import { observedJobState } from "./job-state";

/** 2: job facts added; the `jobState` output is the observed state once `jobStatus` is known. */
export const SCHEMA_VERSION = 2;

/** What the provider records about the cloud side; each field appears once known. */
export interface ServiceFacts {
  deploymentDraftId: string;
  deploymentId?: string;
  sqlHash?: string;
  statementCount?: number;
  lastValidateTicketId?: string;
  lastDeployTicketId?: string;
  lastValidationMessage?: string;
  lastDeployMessage?: string;
  /** ISO time of the last successful deploy. */
  deployedAt?: string;
  /** The draft's modifiedAt after our last write; a later value means someone else edited it. */
  draftModifiedAt?: number;
  /** sqlHash of the SQL we last wrote to the draft (the deployed one may be older). */
  draftSqlHash?: string;
  /** Engine version we last wrote to the draft. */
  draftEngineVersion?: string;
  /** holderName of the edit lock we took. */
  lockHolder?: string;
  /** holderId of the edit lock we took: how the provider recognises its own lock later. */
  lockHolderId?: string;
  /** The deployment's newest job. */
  jobId?: string;
  /** Its currentJobStatus (STARTING, RUNNING, CANCELLING, CANCELLED, FAILED, FINISHED), or NOT_STARTED. */
  jobStatus?: string;
  /** "<reason>: <message>" of a FAILED job. */
  jobFailure?: string;
  /** The savepoint the last stop took, or the last start restored from. */
  lastSavepointId?: string;
  /** The service's flag: what is deployed differs from what the running job was started with. */
  deploymentHasChanged?: boolean;
}

export type DeployedDraftOutputs = DeployedDraftInputs & ServiceFacts & { schemaVersion: number };

/** Outputs as a plain object the engine can store: no `undefined` values (protobuf Struct rejects them). */
export function buildOutputs(inputs: DeployedDraftInputs, facts: ServiceFacts): Record<string, unknown> {
  const merged: Record<string, unknown> = {
    ...inputs,
    // The mode in effect, so `executionMode` is readable when the program left it to the default.
    executionMode: inputs.executionMode ?? DEFAULT_EXECUTION_MODE,
    ...facts,
    jobState: observedOrDesired(inputs, facts),
    schemaVersion: SCHEMA_VERSION,
  };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
}

/** The observed jobState when the job was looked at, else the desired one. */
function observedOrDesired(inputs: DeployedDraftInputs, facts: ServiceFacts): string {
  const desired = inputs.jobState ?? DEFAULT_JOB_STATE;
  return facts.jobStatus === undefined
    ? desired
    : observedJobState(facts.jobStatus, inputs.executionMode, desired);
}

/** The alicloud ID convention: `<workspace>:<namespace>:<deploymentDraftId>`. */
export function formatId(workspace: string, namespace: string, deploymentDraftId: string): string {
  return `${workspace}:${namespace}:${deploymentDraftId}`;
}

export interface ParsedId {
  workspace: string;
  namespace: string;
  deploymentDraftId: string;
}

export function parseId(id: string): ParsedId {
  const parts = id.split(":");
  if (parts.length !== 3 || parts.some((p) => p === "")) {
    throw new Error(
      `"${id}" is not a DeployedDraft ID of the form <workspace>:<namespace>:<deploymentDraftId>`,
    );
  }
  const [workspace, namespace, deploymentDraftId] = parts;
  return { workspace, namespace, deploymentDraftId };
}
