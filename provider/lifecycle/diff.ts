/**
 * diff: purely local, no network. `olds` are the stored outputs, `news` the
 * checked inputs.
 *
 * - SQL counts by meaning: normalized statements (whitespace, comments,
 *   keyword case, a trailing `;` do not count), against both the SQL in state
 *   and the hash of the SQL last deployed (so a failed deploy is retried).
 * - Every other cloud-relevant input counts, with defaults applied on both
 *   sides (an omitted executionMode equals "STREAMING").
 * - Behaviour knobs (timeouts, lockPolicy, lockWaitTimeout, validation,
 *   onOutOfBandChange, adopt) never count.
 * - Replaced: workspace, namespace, executionMode, name. Delete-before-replace
 *   only when the replacement would reuse an explicit name in the same
 *   namespace (names are unique there); otherwise the new draft is deployed
 *   before the old one goes.
 * - A state without deploymentId or sqlHash (a create that failed part-way)
 *   is a change, so the next `up` resumes.
 *
 * `stables` is not returned: the Node dynamic-provider host drops it.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { DEFAULT_DEPLOYMENT_TARGET, DEFAULT_EXECUTION_MODE, DEFAULT_TARGET_MODE, dropNulls } from "../inputs";
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

export async function diff(_id: string, olds: unknown, news: unknown): Promise<dynamic.DiffResult> {
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

  // Never deployed by us (no deploymentId, or no sqlHash: set only by a successful deploy).
  const resumes = !isNonEmptyString(before.deploymentId) || !isNonEmptyString(before.sqlHash);
  const replaces = changed.filter((key) => REPLACING.has(key));
  const reusesExplicitName =
    after.__autoNamed !== true &&
    after.name === before.name &&
    after.workspace === before.workspace &&
    after.namespace === before.namespace;

  if (changed.length > 0 || resumes) {
    const log = resourceLogger(String(after.__resourceName ?? after.name ?? _id));
    if (changed.includes("sql") && typeof before.sql === "string" && typeof after.sql === "string") {
      for (const line of describeStatementChanges(before.sql, after.sql)) log.info(`sql ${line}`);
    }
  }
  return {
    changes: changed.length > 0 || resumes,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && reusesExplicitName,
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
