/**
 * check: validate the inputs before anything reaches the service, fill in the
 * autoname, and check the SQL (reference/pulumi-dynamic.md §3, DESIGN.md §6).
 *
 * - Shapes: zod; each failure names its property and says what is expected.
 *   Fields still unknown during preview are not judged.
 * - Name: kept from the previous inputs when it was generated, else
 *   `<resource name>-<7 hex>`; `__autoNamed` records which.
 * - SQL, when it is new or changed, per `validation.preview` (default
 *   "server"): `${var}` placeholders are filled from localVariables, then the
 *   script is parsed with the Flink grammar (warnings, or failures with
 *   `validation.strict`).
 * - The service (server-checks.ts), with `validation.preview: "server"` and
 *   explicit credentials, only when every local check passed: workspace,
 *   namespace, engine version and queues when new or changed, then
 *   ValidateSqlStatement for new or changed SQL. All read-only.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { hasExplicitConnection } from "../config";
import { DEFAULT_JOB_STATE, DeployedDraftInputsSchema, dropNulls } from "../inputs";
import { resourceLogger, type Logger } from "../log";
import { autoName } from "../naming";
import { getPreviewClient } from "../session";
import { checkSyntax, formatProblem, normalizeSql, substituteVariables, type SqlProblem } from "../sql";
import { containsUnknown, UNKNOWN } from "../unknowns";
import { serverChecks } from "./server-checks";

/** What to set, per property, appended to "is required" and type failures. */
const HINTS: Record<string, string> = {
  workspace: "the Flink workspace ID (sent as the `workspace` header)",
  namespace: 'the Flink namespace, e.g. "<workspace-name>-default"',
  sql: "the Flink SQL script",
  engineVersion: 'an engine version, e.g. "vvr-8.0.11-flink-1.17"',
  executionMode: '"STREAMING" or "BATCH"',
  deploymentTarget: '{ name: "<queue>", mode?: "PER_JOB" }',
  localVariables: "a map of variable name to string value",
  labels: "a map of label key to string value",
  lockPolicy: '"fail", "steal" or "wait"',
  onOutOfBandChange: '"warn" or "fail"',
  jobState: '"RUNNING" or "STOPPED"',
  restoreStrategy:
    '{ kind: "LATEST_SAVEPOINT" | "LATEST_STATE" | "NONE" | "FROM_SAVEPOINT", savepointId?, allowNonRestoredState? }',
  stopStrategy: '"STOP_WITH_SAVEPOINT", "STOP_WITH_DRAIN" or "NONE"',
  resourceQueueName: 'the queue jobs start on, e.g. "default-queue"',
  upgradeStrategy: '"savepoint", "stateless" or "none"',
  healthySeconds: "a number of seconds between 0 and 3600",
  rollbackOnFailure: "true or false",
};

const RecordSchema = z.record(z.string(), z.unknown());
const StringMapSchema = z.record(z.string(), z.string());

function asRecord(value: unknown): Record<string, unknown> {
  const parsed = RecordSchema.safeParse(dropNulls(value ?? {}));
  return parsed.success ? parsed.data : {};
}

export async function check(olds: unknown, news: unknown): Promise<dynamic.CheckResult> {
  const oldInputs = asRecord(olds);
  const inputs = asRecord(news);
  const unknownKeys = new Set(Object.keys(inputs).filter((k) => containsUnknown(inputs[k])));
  const naming = resolveName(oldInputs, inputs);
  // The default jobState is written out so that a preview after a refresh that saw the job
  // stopped shows `jobState: "STOPPED" => "RUNNING"`.
  const checked = { ...inputs, ...naming, jobState: inputs.jobState ?? DEFAULT_JOB_STATE };

  const failures = shapeFailures(checked, unknownKeys);
  const log = resourceLogger(
    typeof inputs.__resourceName === "string" ? inputs.__resourceName : String(naming.name),
  );
  const sqlInputsInvalid = failures.some(
    (f) => f.property.split(".")[0] === "sql" || f.property.startsWith("localVariables"),
  );
  const sqlChanged = !sqlInputsInvalid && contextChanged(oldInputs, checked, SQL_CONTEXT_KEYS);
  const local = sqlChanged ? checkSqlLocally(checked, unknownKeys, log) : undefined;
  const found = [...failures, ...(local?.failures ?? [])];
  // The service is asked only about inputs that are right in every way the provider can tell.
  if (found.length > 0) return { inputs: checked, failures: found };
  const serverFailures = await checkOnServer(oldInputs, checked, unknownKeys, local, log);
  return { inputs: checked, failures: serverFailures };
}

/** Inputs that decide whether the service accepts the SQL. */
const SQL_CONTEXT_KEYS = [
  "sql",
  "engineVersion",
  "executionMode",
  "additionalDependencies",
  "localVariables",
  "validation",
];

/** Inputs whose values the service's catalogues judge (engine versions, queues). */
const CATALOGUE_CONTEXT_KEYS = [
  "workspace",
  "namespace",
  "engineVersion",
  "deploymentTarget",
  "resourceQueueName",
];

/**
 * Checks run for new or changed inputs only: unchanged ones were checked when
 * they changed, and re-checking them on every `up` would repeat the same
 * warnings and call the service for nothing.
 */
function contextChanged(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  keys: readonly string[],
): boolean {
  if (Object.keys(olds).length === 0) return true;
  return keys.some((key) =>
    key === "sql" ? sqlChanged(olds.sql, news.sql) : JSON.stringify(olds[key]) !== JSON.stringify(news[key]),
  );
}

function sqlChanged(olds: unknown, news: unknown): boolean {
  if (typeof olds !== "string" || typeof news !== "string") return true;
  return JSON.stringify(normalizeSql(olds)) !== JSON.stringify(normalizeSql(news));
}

function resolveName(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): { name: unknown; __autoNamed: boolean } {
  if (news.name !== undefined) return { name: news.name, __autoNamed: false };
  if (olds.__autoNamed === true && typeof olds.name === "string" && olds.name !== UNKNOWN) {
    return { name: olds.name, __autoNamed: true };
  }
  const resourceName = typeof news.__resourceName === "string" ? news.__resourceName : undefined;
  const owner = typeof news.__owner === "string" && news.__owner !== UNKNOWN ? news.__owner : undefined;
  return { name: autoName(resourceName, owner), __autoNamed: true };
}

function shapeFailures(
  inputs: Record<string, unknown>,
  unknownKeys: ReadonlySet<string>,
): dynamic.CheckFailure[] {
  const result = DeployedDraftInputsSchema.safeParse(inputs);
  if (result.success) return [];
  return result.error.issues
    .filter((issue) => !unknownKeys.has(String(issue.path[0])))
    .map((issue) => {
      const property = issue.path.map(String).join(".") || "(inputs)";
      const top = String(issue.path[0]);
      const hint = HINTS[top] ? ` Expected ${HINTS[top]}.` : "";
      const missing = issue.code === "invalid_type" && getPath(inputs, issue.path) === undefined;
      // A bad map key reports "Invalid key in record"; its own issue says why.
      const message =
        issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
      const reason = missing ? `${property} is required.${hint}` : `${property}: ${message}.${hint}`;
      return { property, reason };
    });
}

function getPath(value: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const record = RecordSchema.safeParse(current);
    if (!record.success) return undefined;
    current = record.data[String(key)];
  }
  return current;
}

interface SqlSettings {
  preview: "server" | "local" | "off";
  strict: boolean;
}

function sqlSettings(inputs: Record<string, unknown>): SqlSettings {
  const parsed = DeployedDraftInputsSchema.shape.validation.safeParse(inputs.validation);
  const validation = parsed.success ? parsed.data : undefined;
  return { preview: validation?.preview ?? "server", strict: validation?.strict ?? false };
}

interface LocalSqlCheck {
  failures: dynamic.CheckFailure[];
  /** The script with `${var}` filled in, for the service's check; undefined when not checked. */
  sql?: string;
  secrets: string[];
}

/** Variables, then the Flink grammar: warnings, or failures with `validation.strict`. */
function checkSqlLocally(
  inputs: Record<string, unknown>,
  unknownKeys: ReadonlySet<string>,
  log: Logger,
): LocalSqlCheck {
  const settings = sqlSettings(inputs);
  const variables = StringMapSchema.safeParse(inputs.localVariables ?? {});
  const secrets = variables.success ? Object.values(variables.data) : [];
  if (settings.preview === "off" || typeof inputs.sql !== "string" || unknownKeys.has("sql")) {
    return { failures: [], secrets };
  }
  if (unknownKeys.has("localVariables")) return { failures: [], secrets };
  const failures: dynamic.CheckFailure[] = [];
  const report = (property: string, text: string): void => {
    if (settings.strict) failures.push({ property, reason: text });
    else log.warn(text);
  };

  const substituted = substituteVariables(inputs.sql, variables.success ? variables.data : {});
  for (const name of substituted.missing) {
    report(
      "sql",
      `sql uses \${${name}} but localVariables has no "${name}": add it to localVariables, or the service will refuse the script.`,
    );
  }
  for (const problem of localProblems(substituted.sql, secrets, log)) {
    const hint = settings.strict
      ? ""
      : "\n  (local Flink grammar check; set validation.strict to make this an error)";
    report("sql", `${formatProblem(problem, "sql")}${hint}`);
  }
  return { failures, sql: substituted.sql, secrets };
}

/** The service's read-only checks (server-checks.ts), with `validation.preview: "server"` and explicit credentials. */
async function checkOnServer(
  olds: Record<string, unknown>,
  inputs: Record<string, unknown>,
  unknownKeys: ReadonlySet<string>,
  local: LocalSqlCheck | undefined,
  log: Logger,
): Promise<dynamic.CheckFailure[]> {
  if (sqlSettings(inputs).preview !== "server") return [];
  const needed = ["workspace", "namespace", "engineVersion"];
  if (needed.some((k) => unknownKeys.has(k) || typeof inputs[k] !== "string")) return [];
  const catalogue = contextChanged(olds, inputs, CATALOGUE_CONTEXT_KEYS);
  if (!catalogue && local?.sql === undefined) return [];
  if (!hasExplicitConnection()) {
    log.info(
      "server checks skipped (SQL, engine version, deployment target): no explicit AccessKey and " +
        'endpoint/region in stack config or environment (set validation.preview: "local" to silence this)',
    );
    return [];
  }
  return serverChecks({
    client: getPreviewClient(),
    scope: { workspace: String(inputs.workspace), namespace: String(inputs.namespace) },
    inputs,
    unknownKeys,
    catalogue,
    sql: local?.sql,
    secrets: local?.secrets ?? [],
    log,
  });
}

/** The grammar check, or none with a warning when the grammar cannot load (it must never block a deploy). */
function localProblems(sql: string, secrets: readonly string[], log: Logger): SqlProblem[] {
  try {
    return checkSyntax(sql, { redact: secrets });
  } catch (err) {
    log.warn(`local SQL check unavailable: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}
