/**
 * read (pulumi refresh): the draft as the service has it now.
 *
 * Cloud-side inputs (SQL, engine version, labels, …) are taken from the draft
 * and returned both as outputs and as `inputs`, so that the next diff shows
 * drift against the program. Behaviour knobs and internal inputs are kept
 * from state. A draft that is gone returns an empty ID, which removes the
 * resource from the stack; a deployment that is gone drops `deploymentId`,
 * so the next `up` deploys again. `sqlHash` stays the hash of the SQL last
 * deployed, so SQL edited in the console shows as a change to deploy.
 *
 * The job is observed too (jobId, jobStatus, jobFailure,
 * deploymentHasChanged), and `jobState` becomes the observed state: a job
 * that died or was stopped outside Pulumi reads as `jobState: "STOPPED"`,
 * which the next `up` turns back into the program's jobState.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import {
  FlinkApiError,
  type Deployment,
  type DeploymentDraft,
  type FlinkClient,
  type Scope,
} from "../client";
import type { Facts, ProviderServices } from "../context";
import { userLabels } from "../draft-body";
import {
  autotuningOf,
  currentJobOf,
  LIVE_JOB_STATUSES,
  NOT_STARTED,
  observedJobState,
  recordJob,
} from "../jobs";
import type { Autotuning } from "../resources/deployed-draft/job-settings";
import { diagnoseJob } from "../jobs";
import { Secrets } from "../secrets";
import { DeployedDraftSchema, defaultOf, type JobState } from "../resources/deployed-draft/schema";
import { storedLocation } from "../resources/deployed-draft/state";
import {
  autopilotOn,
  ownedLeaves,
  restrictTo,
  SETTINGS_KEYS,
} from "../resources/deployed-draft/job-settings";
import { observedOf, settingsOf } from "../deployment-settings";
import type { KeysOfClass } from "../schema/resource-schema";
import { sqlHash } from "../sql";

type Inputs = typeof DeployedDraftSchema.inputs;

/**
 * Inputs whose value comes from the cloud on refresh; every other input is
 * kept from state. The type demands a mapping for each replace/update
 * property, so a new one cannot be forgotten here: workspace and namespace
 * come from the ID, jobState is observed (below), the owner is ours.
 */
type CloudKey = Exclude<KeysOfClass<Inputs, "replace" | "update">, "workspace" | "namespace" | "jobState">;

/** Output-only keys (not inputs): left out of the refreshed `inputs`. */
const OUTPUT_ONLY_KEYS: ReadonlySet<string> = new Set(Object.keys(DeployedDraftSchema.outputs));

/** A value the service masked (e.g. "******"): keep what state has. */
const isMasked = (value: string): boolean => /^\*+$/.test(value);

/** `state`: the stored outputs, already upgraded (state.ts). */
export async function read(
  services: ProviderServices,
  id: string,
  state: Record<string, unknown>,
): Promise<dynamic.ReadResult> {
  const where = storedLocation(id, state);
  const client = services.client();
  const scope = { workspace: where.workspace, namespace: where.namespace };
  const stored = {
    deploymentDraftId: where.deploymentDraftId,
    deploymentId: typeof state.deploymentId === "string" ? state.deploymentId : undefined,
    raw: state,
  };

  let draft: DeploymentDraft;
  try {
    draft = await client.getDeploymentDraft(scope, stored.deploymentDraftId);
  } catch (err) {
    if (err instanceof FlinkApiError && err.isNotFound) return { id: undefined };
    throw err;
  }

  const deploymentId = stored.deploymentId ?? draft.referencedDeploymentId;
  let deployment: Deployment | undefined;
  if (deploymentId) {
    try {
      deployment = await client.getDeployment(scope, deploymentId);
    } catch (err) {
      if (!(err instanceof FlinkApiError && err.isNotFound)) throw err;
    }
  }

  const cloud = {
    ...cloudInputs(draft, deployment, stored.raw),
    autotuning: await autotuningFrom(client, scope, deployment, stored.raw.autotuning),
  };
  const job = deployment?.deploymentId
    ? await observeJob(client, scope, deployment, stored.raw.jobFailure, Secrets.of(stored.raw))
    : NO_JOB;
  const outputs: Record<string, unknown> = {
    ...stored.raw,
    ...cloud,
    deploymentDraftId: stored.deploymentDraftId,
    deploymentId: deployment?.deploymentId ?? (deployment ? deploymentId : undefined),
    // A refresh accepts the draft as it is now: later out-of-band detection starts from here.
    draftModifiedAt: draft.modifiedAt ?? stored.raw.draftModifiedAt,
    draftSqlHash: typeof cloud.sql === "string" ? sqlHash(cloud.sql) : stored.raw.draftSqlHash,
    draftEngineVersion: draft.engineVersion ?? stored.raw.draftEngineVersion,
    ...job,
    // Observed, so that a job that died or was stopped outside Pulumi shows as drift from the program.
    jobState: observedJobState(
      job.jobStatus,
      typeof cloud.executionMode === "string" ? cloud.executionMode : undefined,
      desiredOf(stored.raw),
    ),
    schemaVersion: DeployedDraftSchema.schemaVersion,
  };
  for (const [key, value] of Object.entries(cloud)) if (value === undefined) delete outputs[key];
  for (const [key, value] of Object.entries(outputs)) if (value === undefined) delete outputs[key];
  const inputs = Object.fromEntries(Object.entries(outputs).filter(([k]) => !OUTPUT_ONLY_KEYS.has(k)));
  return { id, props: outputs, inputs };
}

interface ObservedJob {
  jobId?: string;
  jobStatus: string;
  jobFailure?: string;
  deploymentHasChanged?: boolean;
  observedParallelism?: number;
  observedResources?: unknown;
}

const NO_JOB: ObservedJob = {
  jobId: undefined,
  jobStatus: NOT_STARTED,
  jobFailure: undefined,
  observedParallelism: undefined,
  observedResources: undefined,
};

/**
 * The deployment's current job. A job found FAILED carries the service's
 * diagnosis in jobFailure (read only when the failure is new: a refresh of a
 * job that stays failed does not ask again).
 */
async function observeJob(
  client: FlinkClient,
  scope: Scope,
  deployment: Deployment,
  knownFailure: unknown,
  secrets: Secrets,
): Promise<ObservedJob> {
  const facts: Facts = { deploymentDraftId: "" };
  let job: Awaited<ReturnType<typeof currentJobOf>>;
  try {
    job = await currentJobOf(client, scope, deployment.deploymentId ?? "");
  } catch (err) {
    if (!(err instanceof FlinkApiError && err.isNotFound)) throw err;
  }
  recordJob(facts, job);
  const observed = observedOf(
    job && LIVE_JOB_STATUSES.has(facts.jobStatus ?? "") ? job : undefined,
    deployment.executionMode ?? "STREAMING",
  );
  if (facts.jobFailure !== undefined && facts.jobId !== undefined) {
    const known =
      typeof knownFailure === "string" && knownFailure.startsWith(facts.jobFailure)
        ? knownFailure
        : undefined;
    const details =
      known === undefined
        ? await diagnoseJob(client, scope, deployment.deploymentId ?? "", facts.jobId, secrets)
        : "";
    facts.jobFailure = known ?? (details ? `${facts.jobFailure}\n${details}` : facts.jobFailure);
  }
  return {
    jobId: facts.jobId,
    jobStatus: facts.jobStatus ?? NOT_STARTED,
    jobFailure: facts.jobFailure,
    deploymentHasChanged: deployment.deploymentHasChanged,
    observedParallelism: observed.observedParallelism,
    observedResources: observed.observedResources,
  };
}

/** The desired jobState last written (a BATCH job that FINISHED keeps it). */
function desiredOf(stored: Record<string, unknown>): JobState {
  return stored.jobState === "STOPPED" ? "STOPPED" : defaultOf("jobState");
}

/** The owned Autopilot policy (GetAutopilotPolicy), only when the program declares autotuning. */
async function autotuningFrom(
  client: FlinkClient,
  scope: Scope,
  deployment: Deployment | undefined,
  stored: unknown,
): Promise<unknown> {
  if (stored === undefined || !deployment?.deploymentId) return stored;
  const policy = await client.getAutopilotPolicy(scope, deployment.deploymentId);
  return autotuningOf(policy, stored as Autotuning);
}

function cloudInputs(
  draft: DeploymentDraft,
  deployment: Deployment | undefined,
  stored: Record<string, unknown>,
): Record<Exclude<CloudKey, "autotuning">, unknown> & { autotuning?: never } {
  const storedVariables = recordOfStrings(stored.localVariables);
  const variables = draft.localVariables?.length
    ? Object.fromEntries(
        draft.localVariables
          .filter((v) => v.name !== undefined)
          .map((v) => {
            const name = v.name ?? "";
            const value = v.value ?? "";
            return [
              name,
              isMasked(value) && storedVariables[name] !== undefined ? storedVariables[name] : value,
            ];
          }),
      )
    : undefined;
  const dependencies = draft.artifact?.sqlArtifact?.additionalDependencies;
  const target = deployment?.deploymentTarget;
  return {
    name: draft.name,
    sql: draft.artifact?.sqlArtifact?.sqlScript,
    engineVersion: draft.engineVersion,
    executionMode: draft.executionMode,
    additionalDependencies: dependencies && dependencies.length > 0 ? dependencies : undefined,
    localVariables: variables,
    labels: userLabels(draft),
    folderId: draft.parentId || undefined,
    deploymentTarget: target?.name
      ? { name: target.name, mode: target.mode ?? "PER_JOB" }
      : stored.deploymentTarget,
    ...ownedSettingsOf(deployment, draft.executionMode, stored),
  };
}

/**
 * The owned deployment settings as the service has them: only the leaves the
 * program declared (state echoes its inputs), so a setting changed outside
 * Pulumi shows as a diff and an unowned one never does.
 */
function ownedSettingsOf(
  deployment: Deployment | undefined,
  executionMode: string | undefined,
  stored: Record<string, unknown>,
): Record<(typeof SETTINGS_KEYS)[number], unknown> {
  if (!deployment)
    return { resources: stored.resources, flinkConf: stored.flinkConf, logging: stored.logging };
  const service = settingsOf(deployment, executionMode ?? deployment.executionMode ?? "STREAMING");
  const pick = (key: (typeof SETTINGS_KEYS)[number], observed: unknown): unknown => {
    if (stored[key] === undefined) return undefined;
    // While Autopilot is on the sizes are the service's: kept as the program wrote them, never drift.
    if (key === "resources" && autopilotOn(stored)) return stored[key];
    // An owned key the service no longer has is left out, so the next diff shows it and up restores it.
    return restrictTo(observed, ownedLeaves(key, stored)) ?? {};
  };
  return {
    resources: pick("resources", service.resources),
    flinkConf: pick("flinkConf", service.flinkConf),
    logging: pick("logging", service.logging),
  };
}

function recordOfStrings(value: unknown): Record<string, string> {
  if (value === null || typeof value !== "object") return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
