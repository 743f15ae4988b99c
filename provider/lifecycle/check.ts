/**
 * check: validate the inputs before anything reaches the service, fill in the
 * autoname, and check the SQL (docs/design.md §6, §8).
 *
 * - Shapes: zod; each failure names its property and says what is expected.
 *   Fields still unknown during preview are not judged.
 * - Name: kept from the previous inputs when it was generated, else
 *   `<resource name>-<7 hex>`; `__autoNamed` records which.
 * - SQL, when it is new or changed, per `validation.preview` (default
 *   "server"): `${var}` placeholders are filled from localVariables.
 * - The service (server-checks.ts), with `validation.preview: "server"` and
 *   explicit credentials, only when every local check passed: workspace,
 *   namespace, engine version and queues when new or changed, then
 *   ValidateSqlStatement for new or changed SQL. All read-only. A new
 *   resource's name is looked up beside them (checkNewName); its verdict
 *   counts only when they pass.
 * - The local Flink grammar: with `validation.strict`, before the service
 *   (its problems are failures); otherwise its warnings only when the
 *   service did not judge the SQL (no credentials, "local", or the service
 *   could not be asked). Where Flink itself answered, a second, weaker
 *   opinion adds only false alarms, and parsing every script of a large
 *   stack synchronously held back the first request of an `up` by seconds
 *   (bench/RESULTS.md, fleet).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { PREVIEW_PROFILE } from "../connections";
import type { ProviderServices } from "../context";
import { heldLogger, resourceLogger, type Logger } from "../log";
import { autoName } from "../naming";
import { Secrets } from "../secrets";
import { DeployedDraftSchema, defaultOf } from "../resources/deployed-draft/schema";
import { dropNulls } from "../resources/deployed-draft/settings";
import { checkShapes, printable } from "../schema/check-inputs";
import type { Fields } from "../schema/resource-schema";
import {
  checkSyntax,
  formatProblem,
  normalizeSql,
  splitStatements,
  substituteVariables,
  type SqlProblem,
} from "../sql";
import { containsUnknown, UNKNOWN } from "../unknowns";
import { decideAdoption, draftDifferences } from "./adoption";
import { checkSecretReferences, withDeclaredSecretsFilled } from "./secret-references";
import { serverChecks } from "./server-checks";

const RecordSchema = z.record(z.string(), z.unknown());
const StringMapSchema = z.record(z.string(), z.string());
const StringListSchema = z.array(z.string());
const INPUTS = DeployedDraftSchema.inputs;
/** Reported without their value: the engine would print megabytes of SQL, or secrets (schema/check-inputs.ts). */
const VALUE_HIDING = ["sql", "localVariables"];

function asRecord(value: unknown): Fields {
  const parsed = RecordSchema.safeParse(dropNulls(value ?? {}));
  return parsed.success ? parsed.data : {};
}

export async function check(
  services: ProviderServices,
  olds: unknown,
  news: unknown,
): Promise<dynamic.CheckResult> {
  const oldInputs = asRecord(olds);
  const inputs = asRecord(news);
  const unknownKeys = new Set(Object.keys(inputs).filter((k) => containsUnknown(inputs[k])));
  const naming = resolveName(oldInputs, inputs);
  // The default jobState is written out so that a preview after a refresh that saw the job
  // stopped shows `jobState: "STOPPED" => "RUNNING"`.
  const { checked, failures: shapeFailures } = checkShapes(
    DeployedDraftSchema,
    "DeployedDraft",
    { ...inputs, ...naming, jobState: inputs.jobState ?? defaultOf("jobState") },
    unknownKeys,
  );
  const failures = [
    ...(naming.__autoNamed ? shapeFailures.map((f) => autonameFailure(f, inputs)) : shapeFailures),
    ...resourcesForMode(checked, unknownKeys),
  ];
  const log = resourceLogger(
    services.sink,
    typeof inputs.__resourceName === "string" ? inputs.__resourceName : String(naming.name),
  );
  const sqlInputsInvalid = failures.some(
    (f) => f.property.split(".")[0] === "sql" || f.property.startsWith("localVariables"),
  );
  const sqlChanged = !sqlInputsInvalid && contextChanged(oldInputs, checked, SQL_CONTEXT_KEYS);
  const secrets = Secrets.of(checked);
  const local = sqlChanged ? fillVariables(checked, unknownKeys) : undefined;
  // validation.strict trusts the grammar: its problems fail preview before the service is asked.
  const strict = sqlSettings(checked).strict;
  const grammarFirst =
    local?.sql !== undefined && strict ? checkGrammar(local.sql, strict, secrets, log) : [];
  const found = [...failures, ...(local?.failures ?? []), ...grammarFirst];
  // The service is asked only about inputs that are right in every way the provider can tell.
  if (found.length > 0) return { inputs: checked, failures: printable(found, secrets, VALUE_HIDING) };
  // The engine calls check one resource at a time (pacing/pacer.ts, "urgent"), so every
  // round trip here delays every resource registered after this one: the service's checks, the
  // secret references and a new resource's name lookup go out together. The name's verdict, and
  // what its lookup logs, count only when the others pass, as if it had been asked after them.
  const nameLog = heldLogger();
  const [server, referenceFailures, nameVerdict] = await Promise.all([
    checkOnServer(services, oldInputs, checked, unknownKeys, local, secrets, log),
    local?.sql !== undefined && !unknownKeys.has("variables") && !unknownKeys.has("namespace")
      ? checkSecretReferences({
          sql: String(checked.sql),
          declared: StringListSchema.safeParse(checked.variables ?? []).data ?? [],
          scope: { workspace: String(checked.workspace), namespace: String(checked.namespace) },
          client: services.hasExplicitConnection() ? services.client(PREVIEW_PROFILE) : undefined,
          log,
        })
      : [],
    Object.keys(oldInputs).length === 0 ? checkNewName(services, checked, unknownKeys, nameLog) : [],
  ]);
  // Otherwise the grammar warns only where the service did not judge the SQL.
  const grammarWarnings =
    local?.sql !== undefined && !strict && !server.sqlJudged
      ? checkGrammar(local.sql, strict, secrets, log)
      : [];
  const serverFailures = [...server.failures, ...grammarWarnings];
  const nameCounts = serverFailures.length === 0 && referenceFailures.length === 0;
  if (nameCounts) nameLog.replayTo(log);
  const nameFailures = nameCounts ? nameVerdict : [];
  return {
    inputs: checked,
    failures: printable([...nameFailures, ...serverFailures, ...referenceFailures], secrets, VALUE_HIDING),
  };
}

/** Inputs that decide whether the service accepts the SQL. */
const SQL_CONTEXT_KEYS = [
  "sql",
  "engineVersion",
  "executionMode",
  "additionalDependencies",
  "localVariables",
  "variables",
  "validation",
  // ValidateSqlStatement judges the Flink configuration too (flinkConfiguration).
  "flinkConf",
];

/** Inputs that decide whether the job fits its queue's quota. */
const QUOTA_CONTEXT_KEYS = ["resources", "flinkConf", "deploymentTarget", "resourceQueueName", "autotuning"];

/** Inputs whose values the service's catalogues judge (engine versions, queues). */
const CATALOGUE_CONTEXT_KEYS = [
  "workspace",
  "namespace",
  "engineVersion",
  "deploymentTarget",
  "resourceQueueName",
  "restoreStrategy",
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
  // The common case of a no-change preview, without normalizing both scripts.
  if (olds === news) return false;
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

interface SqlSettings {
  preview: "server" | "local" | "off";
  strict: boolean;
}

function sqlSettings(inputs: Record<string, unknown>): SqlSettings {
  const parsed = INPUTS.validation.schema.safeParse(inputs.validation);
  const validation = parsed.success ? parsed.data : undefined;
  return { preview: validation?.preview ?? "server", strict: validation?.strict ?? false };
}

interface LocalSqlCheck {
  failures: dynamic.CheckFailure[];
  /** The script with `${var}` filled in, for the service's check; undefined when not checked. */
  sql?: string;
}

/**
 * `${name}` placeholders filled from localVariables. A `${name}` with no value
 * is an error: the service's validation refuses it for certain, so it must not
 * pass preview.
 */
function fillVariables(inputs: Record<string, unknown>, unknownKeys: ReadonlySet<string>): LocalSqlCheck {
  const settings = sqlSettings(inputs);
  const variables = StringMapSchema.safeParse(inputs.localVariables ?? {});
  if (settings.preview === "off" || typeof inputs.sql !== "string" || unknownKeys.has("sql")) {
    return { failures: [] };
  }
  if (unknownKeys.has("localVariables")) return { failures: [] };
  const substituted = substituteVariables(inputs.sql, variables.success ? variables.data : {});
  const failures = substituted.missing.map((name) => ({
    property: "sql",
    reason:
      `sql uses \${${name}} but localVariables has no "${name}": add it to localVariables ` +
      `(or use \${secret_values.${name}} for a namespace variable); the service refuses the script otherwise.`,
  }));
  return { failures, sql: substituted.sql };
}

/** The Flink grammar's problems: warnings (the grammar has gaps), or failures with `validation.strict`. */
function checkGrammar(sql: string, strict: boolean, secrets: Secrets, log: Logger): dynamic.CheckFailure[] {
  const failures: dynamic.CheckFailure[] = [];
  for (const problem of localProblems(sql, secrets, log)) {
    const text = formatProblem(problem, "sql");
    if (strict) failures.push({ property: "sql", reason: text });
    else log.warn(`${text}\n  (local Flink grammar check; set validation.strict to make this an error)`);
  }
  return failures;
}

interface ServerVerdict {
  failures: dynamic.CheckFailure[];
  /** True when ValidateSqlStatement answered about the SQL (accepted or refused it). */
  sqlJudged: boolean;
}

/** The service's read-only checks (server-checks.ts), with `validation.preview: "server"` and explicit credentials. */
async function checkOnServer(
  services: ProviderServices,
  olds: Record<string, unknown>,
  inputs: Record<string, unknown>,
  unknownKeys: ReadonlySet<string>,
  local: LocalSqlCheck | undefined,
  secrets: Secrets,
  log: Logger,
): Promise<ServerVerdict> {
  const none: ServerVerdict = { failures: [], sqlJudged: false };
  if (sqlSettings(inputs).preview !== "server") return none;
  const needed = ["workspace", "namespace", "engineVersion"];
  if (needed.some((k) => unknownKeys.has(k) || typeof inputs[k] !== "string")) return none;
  const catalogue = contextChanged(olds, inputs, CATALOGUE_CONTEXT_KEYS);
  const quota = inputs.resources !== undefined && contextChanged(olds, inputs, QUOTA_CONTEXT_KEYS);
  if (!catalogue && !quota && local?.sql === undefined) return none;
  if (!services.hasExplicitConnection()) {
    const problem = connectionProblem(services);
    if (problem) return { failures: [{ property: "", reason: `credentials: ${problem}` }], sqlJudged: false };
    log.info(
      "server checks skipped (SQL, engine version, deployment target): no explicit AccessKey and " +
        'endpoint/region in stack config or environment (set validation.preview: "local" to silence this)',
    );
    return none;
  }
  return serverChecks({
    client: services.client(PREVIEW_PROFILE),
    catalogue: services.catalogue,
    scope: { workspace: String(inputs.workspace), namespace: String(inputs.namespace) },
    inputs,
    unknownKeys,
    checkCatalogue: catalogue,
    checkQuota: quota,
    sql:
      local?.sql === undefined
        ? undefined
        : withDeclaredSecretsFilled(local.sql, StringListSchema.safeParse(inputs.variables ?? []).data ?? []),
    secrets,
    log,
  });
}

/** Half an AccessKey pair is a mistake, not "no credentials": say so at preview instead of skipping the checks. */
function connectionProblem(services: ProviderServices): string | undefined {
  try {
    services.client(PREVIEW_PROFILE);
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return / is set but .* is not/.test(message) ? message : undefined;
  }
}

/** The grammar check, or none with a warning when the grammar cannot load (it must never block a deploy). */
/**
 * Above this size the local grammar check is skipped (with a note): the
 * grammar's time grows steeply on very long lines, and preview must stay
 * quick. The service's validation still judges the script.
 */
const MAX_LOCAL_CHECK_CHARS = 256 * 1024;

/**
 * A single statement longer than this is not given to the grammar: measured,
 * a 24 KB chain of `1 + 1 + …` takes 1.6 s and a 40 KB one more than two
 * minutes (the parser backtracks), which would stall preview.
 */
const MAX_LOCAL_CHECK_STATEMENT_CHARS = 32 * 1024;

function localProblems(sql: string, secrets: Secrets, log: Logger): SqlProblem[] {
  const longest = Math.max(0, ...splitStatements(sql).map((s) => s.text.length));
  if (longest > MAX_LOCAL_CHECK_STATEMENT_CHARS) {
    log.info(
      `local Flink grammar check skipped: a statement has ${longest} characters (more than ${MAX_LOCAL_CHECK_STATEMENT_CHARS}); ` +
        "the service's validation judges it",
    );
    return [];
  }
  if (sql.length > MAX_LOCAL_CHECK_CHARS) {
    log.info(
      `local Flink grammar check skipped: the script has ${sql.length} characters (more than ${MAX_LOCAL_CHECK_CHARS}); ` +
        "the service's validation judges it",
    );
    return [];
  }
  try {
    return checkSyntax(sql, {
      mask: (text) => secrets.mask(text),
      maskExcerpt: (text) => secrets.maskKeepingColumns(text),
    });
  } catch (err) {
    log.warn(`local SQL check unavailable: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}

/**
 * A new resource's name, before anything is written: another resource of
 * this program must not claim it (both would manage one draft), and an
 * existing draft of that name must be this resource's own (a crashed create)
 * or be adopted on purpose (`adopt: true`), in which case preview says what
 * taking it over will change. The lookup is read-only and needs explicit
 * credentials; without them only the in-program check runs.
 */
async function checkNewName(
  services: ProviderServices,
  inputs: Fields,
  unknownKeys: ReadonlySet<string>,
  log: Logger,
): Promise<dynamic.CheckFailure[]> {
  if (unknownKeys.size > 0) return [];
  const parsed = DeployedDraftSchema.inputObject.safeParse(inputs);
  if (!parsed.success || parsed.data.name === undefined) return [];
  const named = { ...parsed.data, name: parsed.data.name };
  const claim = `${named.workspace}/${named.namespace}/${named.name}`;
  const claimedBy = services.nameClaims.get(claim);
  const owner = named.__owner ?? named.__resourceName ?? "";
  if (claimedBy !== undefined && claimedBy !== owner) {
    return [
      {
        property: "name",
        reason:
          `name: ${claimedBy.split("/").pop()} in this program already uses the name "${named.name}" in namespace ` +
          `${named.namespace}: give each DeployedDraft its own name (adopt: true would make both manage one draft).`,
      },
    ];
  }
  services.nameClaims.set(claim, owner);
  if (!services.hasExplicitConnection()) return [];
  const scope = { workspace: named.workspace, namespace: named.namespace };
  try {
    const client = services.client(PREVIEW_PROFILE);
    const found = await client.findDeploymentDraftByName(scope, named.name);
    if (!found?.deploymentDraftId) return [];
    const decision = decideAdoption(found, { ...named, owner: named.__owner });
    if (!decision.adopt) return [{ property: "name", reason: `name: ${decision.refusal}` }];
    if (decision.reason === "owned") return [];
    const draft = await client.getDeploymentDraft(scope, found.deploymentDraftId);
    const differences = draftDifferences(draft, named);
    if (differences.length === 0) {
      log.info(
        `adopt: draft ${named.name} already has the program's content` +
          (draft.referencedDeploymentId
            ? " and is deployed: it will be taken over without a write or a restart"
            : ""),
      );
    } else {
      log.info(`adopt: taking over draft ${named.name} will change it:\n  ${differences.join("\n  ")}`);
    }
  } catch (err) {
    log.warn(`the name could not be looked up: ${err instanceof Error ? err.message : String(err)}`);
  }
  return [];
}

/** A generated name that the service would refuse: the cause is the resource name, the fix an explicit name. */
function autonameFailure(failure: dynamic.CheckFailure, inputs: Fields): dynamic.CheckFailure {
  if (failure.property !== "name") return failure;
  const resource = typeof inputs.__resourceName === "string" ? inputs.__resourceName : "?";
  const why = failure.reason.replace(/^name: /, "").replace(/\.$/, "");
  return {
    property: "name",
    reason:
      `name: the name generated from the resource name "${resource}" ${why}: give the resource a shorter ` +
      "name, or set an explicit `name`.",
  };
}

/** `resources` keys that belong to the other execution mode (resourcePlan: STREAMING; maxSlot: BATCH). */
function resourcesForMode(inputs: Fields, unknownKeys: ReadonlySet<string>): dynamic.CheckFailure[] {
  if (unknownKeys.has("resources") || unknownKeys.has("executionMode")) return [];
  const resources = asRecord(inputs.resources);
  const batch = inputs.executionMode === "BATCH";
  if (batch && resources.resourcePlan !== undefined) {
    return [
      {
        property: "resources.resourcePlan",
        reason:
          "resources.resourcePlan (expert mode) is for STREAMING jobs; this job is BATCH: size it with " +
          "parallelism, jobManager, taskManager and maxSlot.",
      },
    ];
  }
  if (!batch && resources.maxSlot !== undefined) {
    return [
      {
        property: "resources.maxSlot",
        reason:
          'resources.maxSlot is for BATCH jobs; this job is STREAMING: remove it, or set executionMode: "BATCH".',
      },
    ];
  }
  return [];
}
