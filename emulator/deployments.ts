/**
 * Deployments, the domain service: lookup, ListDeployments' filters, UpdateDeployment and
 * DeleteDeployment. Deployments are created (and their artifact updated) by deploy tickets (tickets.ts).
 * Names are not unique: GetDeploymentsByName documents "not guaranteed to be unique", newest first.
 */
import type { Backend } from "./backend";
import type { UpdateDeploymentMode } from "./config";
import { resourceFieldsOf } from "./deployment-defaults";
import { forgetDeployment, type Scope } from "./drafts";
import { invalidParameter, notFound, productError } from "./errors";
import { recordEvent } from "./events";
import { ACTIVE_JOB_STATES } from "./jobs";
import { unixSeconds, type Actor, type DeploymentRecord, type DeploymentResources } from "./store";

export function findDeployment(backend: Backend, scope: Scope, deploymentId: string): DeploymentRecord {
  const deployment = backend.store.state.deployments[deploymentId];
  if (!deployment || deployment.namespace !== scope.namespace || deployment.workspace !== scope.workspace) {
    throw notFound(`Deployment ${deploymentId} in namespace ${scope.namespace}`);
  }
  return deployment;
}

/** ListDeployments' query parameters (SDK ListDeploymentsRequest). */
export interface DeploymentFilter {
  /** Fuzzy: a substring of the name, case-insensitive (ASSUMPTION on case; "fuzzy" per a user script). */
  name?: string;
  executionMode?: string;
  creator?: string;
  modifier?: string;
  labelKey?: string;
  /** Comma-separated label values; with labelKey, a deployment matches when its label is one of them. */
  labelValueArray?: string;
  /** The current status of the deployment's newest job (ASSUMPTION: the SDK does not say which status). */
  status?: string;
  /** gmt_create (default) or gmt_modified; always descending (SDK: "descending order by ..."). */
  sortName?: string;
}

const SORT_FIELDS = { gmt_create: "createdAt", gmt_modified: "modifiedAt" } as const;

export function listDeployments(
  backend: Backend,
  scope: Scope,
  filter: DeploymentFilter,
): DeploymentRecord[] {
  const sortName = filter.sortName ?? "gmt_create";
  if (!(sortName in SORT_FIELDS)) {
    throw invalidParameter(`ListDeployments: sortName must be gmt_create or gmt_modified, got ${sortName}.`);
  }
  const field = SORT_FIELDS[sortName as keyof typeof SORT_FIELDS];
  const labelValues = filter.labelValueArray?.split(",").map((v) => v.trim());
  const name = filter.name?.toLowerCase();
  return Object.values(backend.store.state.deployments)
    .filter((d) => d.namespace === scope.namespace && d.workspace === scope.workspace)
    .filter((d) => !name || d.name.toLowerCase().includes(name))
    .filter((d) => !filter.executionMode || d.executionMode === filter.executionMode)
    .filter((d) => !filter.creator || d.creator === filter.creator || d.creatorName === filter.creator)
    .filter((d) => !filter.modifier || d.modifier === filter.modifier || d.modifierName === filter.modifier)
    .filter((d) => {
      if (!filter.labelKey) return true;
      const value = d.labels?.[filter.labelKey];
      if (value === undefined) return false;
      return labelValues === undefined || labelValues.includes(String(value));
    })
    .filter((d) => !filter.status || newestJobStatus(backend, d) === filter.status)
    .reverse()
    .sort((a, b) => Number(b[field]) - Number(a[field]));
}

function newestJobStatus(backend: Backend, deployment: DeploymentRecord): string | undefined {
  const jobs = Object.values(backend.store.state.jobs).filter(
    (j) => j.deploymentId === deployment.deploymentId,
  );
  return jobs.sort((a, b) => Number(b.createdAt) - Number(a.createdAt))[0]?.status;
}

/** The fields UpdateDeployment may change (output-only and identity fields are ignored). */
export type DeploymentChanges = Partial<
  Pick<
    DeploymentRecord,
    "name" | "description" | "engineVersion" | "artifact" | "deploymentTarget" | "labels" | "localVariables"
  > &
    DeploymentResources
>;

/**
 * UpdateDeployment (PUT, the whole Deployment as body). ASSUMPTION (setting updateDeploymentMode):
 * "merge" changes the fields present and keeps the rest; "replace" also resets absent resource
 * fields, description, labels and variables to their defaults. The executionMode cannot change.
 */
export function updateDeployment(
  backend: Backend,
  deployment: DeploymentRecord,
  changes: DeploymentChanges & { executionMode?: string },
  mode: UpdateDeploymentMode,
  actor: Actor,
  now: number,
): void {
  if (changes.executionMode !== undefined && changes.executionMode !== deployment.executionMode) {
    throw invalidParameter(
      `UpdateDeployment: body.executionMode cannot change (deployment is ${deployment.executionMode}).`,
    );
  }
  if (changes.artifact && changes.artifact.kind !== deployment.artifact.kind) {
    throw invalidParameter(
      `UpdateDeployment: body.artifact.kind cannot change (deployment is ${deployment.artifact.kind}).`,
    );
  }
  const defined = Object.fromEntries(
    Object.entries(changes).filter(([key, v]) => v !== undefined && key !== "executionMode"),
  );
  if (mode === "replace") {
    Object.assign(deployment, resourceFieldsOf(undefined), {
      description: undefined,
      labels: undefined,
      localVariables: undefined,
    });
  }
  Object.assign(deployment, structuredClone(defined), {
    modifier: actor.userId,
    modifierName: actor.userName,
    modifiedAt: String(unixSeconds(now)),
  });
  recordEvent(backend, {
    atMs: now,
    kind: "DEPLOYMENT_UPDATED",
    namespace: deployment.namespace,
    deploymentId: deployment.deploymentId,
    by: actor.userName,
  });
}

/** DeleteDeployment: refused while a job is active; its jobs and savepoints go with it (ASSUMPTION). */
export function deleteDeployment(
  backend: Backend,
  deployment: DeploymentRecord,
  actor: Actor,
  now: number,
): void {
  const state = backend.store.state;
  const active = Object.values(state.jobs).find(
    (j) => j.deploymentId === deployment.deploymentId && ACTIVE_JOB_STATES.includes(j.status),
  );
  if (active) {
    throw productError(
      "DeploymentHasActiveJob",
      `Deployment ${deployment.name} cannot be deleted while job ${active.jobId} is ${active.status}; stop the job first (StopJob).`,
    );
  }
  for (const job of Object.values(state.jobs)) {
    if (job.deploymentId === deployment.deploymentId) delete state.jobs[job.jobId];
  }
  for (const savepoint of Object.values(state.savepoints)) {
    if (savepoint.deploymentId === deployment.deploymentId) delete state.savepoints[savepoint.savepointId];
  }
  forgetDeployment(backend, deployment.deploymentId);
  delete state.deployments[deployment.deploymentId];
  delete state.autopilot[deployment.deploymentId];
  recordEvent(backend, {
    atMs: now,
    workspace: deployment.workspace,
    kind: "DEPLOYMENT_DELETED",
    namespace: deployment.namespace,
    deploymentId: deployment.deploymentId,
    by: actor.userName,
  });
}
