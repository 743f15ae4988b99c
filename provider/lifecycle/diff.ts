/**
 * diff: purely local, no network. `olds` are the stored outputs, `news` the
 * checked inputs.
 *
 * - SQL counts by meaning: normalized statements (whitespace, comments,
 *   keyword case, a trailing `;` do not count), against both the SQL in state
 *   and the hash of the SQL last deployed (so a failed deploy is retried).
 * - Every other cloud-relevant input counts, with defaults applied on both
 *   sides (an omitted executionMode equals "STREAMING").
 * - `jobState` counts against the observed state in the outputs (see
 *   job-state.ts): a refresh that saw the job dead makes the next `up` an
 *   update that starts it.
 * - Behaviour knobs (timeouts, lockPolicy, lockWaitTimeout, validation,
 *   onOutOfBandChange, adopt, and the job knobs restoreStrategy, stopStrategy,
 *   resourceQueueName, upgradeStrategy, healthySeconds, rollbackOnFailure)
 *   never count: they shape the next start, stop or upgrade.
 * - Replaced: workspace, namespace, executionMode, name. Delete-before-replace
 *   when the replacement reuses the name in the same namespace (names are
 *   unique there; autonames are derived from the owner, so they are reused
 *   too); otherwise the new draft is deployed before the old one goes.
 * - A state without deploymentId or sqlHash (a create that failed part-way)
 *   is a change, so the next `up` resumes.
 *
 * `stables` is not returned: the Node dynamic-provider host drops it.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import {
  DEFAULT_DEPLOYMENT_TARGET,
  DEFAULT_EXECUTION_MODE,
  DEFAULT_JOB_STATE,
  DEFAULT_TARGET_MODE,
  dropNulls,
} from "../inputs";
import { resourceLogger } from "../log";
import { describeStatementChanges, normalizeSql, sqlHash } from "../sql";
import { containsUnknown } from "../unknowns";

const RecordSchema = z.record(z.string(), z.unknown());

function asRecord(value: unknown): Record<string, unknown> {
  const parsed = RecordSchema.safeParse(dropNulls(value ?? {}));
  return parsed.success ? parsed.data : {};
}

/** Deterministic JSON (sorted keys) for comparing plain values. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Each cloud-relevant input as the service sees it: defaults applied, empty = absent. */
const EFFECTIVE: Record<string, (inputs: Record<string, unknown>) => unknown> = {
  workspace: (i) => i.workspace,
  namespace: (i) => i.namespace,
  name: (i) => i.name,
  engineVersion: (i) => i.engineVersion,
  executionMode: (i) => i.executionMode ?? DEFAULT_EXECUTION_MODE,
  deploymentTarget: (i) => {
    const target = asRecord(i.deploymentTarget);
    return { name: target.name ?? DEFAULT_DEPLOYMENT_TARGET, mode: target.mode ?? DEFAULT_TARGET_MODE };
  },
  additionalDependencies: (i) => i.additionalDependencies ?? [],
  localVariables: (i) => i.localVariables ?? {},
  labels: (i) => i.labels ?? {},
  __owner: (i) => i.__owner,
};

const REPLACING = new Set(["workspace", "namespace", "executionMode", "name"]);

/**
 * The cloud-relevant inputs that differ (SQL by meaning): what a deploy
 * changes. update uses it to skip the draft when only the job state differs.
 */
export function contentChanges(olds: unknown, news: unknown): string[] {
  const before = asRecord(olds);
  const after = asRecord(news);
  const changed: string[] = [];
  for (const [key, effective] of Object.entries(EFFECTIVE)) {
    if (key === "__owner" && before.__owner === undefined) continue; // states written before ownership labels
    const next = effective(after);
    if (containsUnknown(next) || canonical(effective(before)) !== canonical(next)) changed.push(key);
  }
  // A folder cannot be unset through the API: only an explicit new folder counts.
  if (
    after.folderId !== undefined &&
    (containsUnknown(after.folderId) || after.folderId !== before.folderId)
  ) {
    changed.push("folderId");
  }
  if (sqlChanged(before, after)) changed.push("sql");
  return changed;
}

/** Never deployed by us (no deploymentId, or no sqlHash: set only by a successful deploy). */
export function isUndeployed(olds: unknown): boolean {
  const before = asRecord(olds);
  return !isNonEmptyString(before.deploymentId) || !isNonEmptyString(before.sqlHash);
}

/**
 * The `jobState` output is the observed state (RUNNING or STOPPED) once the
 * job was looked at, so a job that died, or was stopped, differs from the
 * desired one. States written before jobState existed have none: no change
 * until a refresh observes the job.
 */
function jobStateChanged(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  if (containsUnknown(after.jobState)) return true;
  const observed = before.jobState;
  return typeof observed === "string" && observed !== (after.jobState ?? DEFAULT_JOB_STATE);
}

export async function diff(_id: string, olds: unknown, news: unknown): Promise<dynamic.DiffResult> {
  const before = asRecord(olds);
  const after = asRecord(news);
  const changed = contentChanges(before, after);
  if (jobStateChanged(before, after)) changed.push("jobState");

  const resumes = isUndeployed(before);
  const replaces = changed.filter((key) => REPLACING.has(key));
  // Autonames are derived from the owner (naming.ts), so a replacement reuses them too.
  const reusesName =
    after.name === before.name &&
    after.workspace === before.workspace &&
    after.namespace === before.namespace;

  if (changed.length > 0 || resumes) {
    const log = resourceLogger(String(after.__resourceName ?? after.name ?? _id));
    if (changed.includes("sql") && typeof before.sql === "string" && typeof after.sql === "string") {
      for (const line of describeStatementChanges(before.sql, after.sql)) log.info(`sql ${line}`);
    }
    if (changed.includes("jobState")) {
      const status = typeof before.jobStatus === "string" ? ` (job ${before.jobStatus})` : "";
      log.info(
        `jobState ${String(before.jobState)}${status} → ${String(after.jobState ?? DEFAULT_JOB_STATE)}`,
      );
    }
  }
  return {
    changes: changed.length > 0 || resumes,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && reusesName,
  };
}

function sqlChanged(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  if (typeof after.sql !== "string" || containsUnknown(after.sql)) return true;
  if (typeof before.sql !== "string") return true;
  if (canonical(normalizeSql(before.sql)) !== canonical(normalizeSql(after.sql))) return true;
  // sqlHash is the hash of the SQL last deployed; it differs after a failed deploy.
  return typeof before.sqlHash === "string" && before.sqlHash !== sqlHash(after.sql);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}
