/**
 * The checks during `pulumi preview` that only the service can answer, all
 * read-only (they touch no draft) and bounded by the preview client's short
 * retries and timeout:
 *
 * - the workspace and namespace exist (their refusal comes from any call);
 * - the engine version is offered (ListEngineVersionMetadata): unknown or
 *   EXPIRED is an error, DEPRECATED a warning;
 * - the deployment target and resourceQueueName are queues of the namespace
 *   (ListDeploymentTargets);
 * - the SQL passes ValidateSqlStatement, once the above hold.
 *
 * The catalogues are cached per provider instance (catalogue.ts). A check that cannot
 * run (network, permissions) is a warning: the deploy's own validation still
 * guards the draft.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { FlinkApiError, type FlinkClient, type Scope } from "../client";
import type { Catalogue } from "../catalogue";
import { defaultOf } from "../resources/deployed-draft/schema";
import type { Logger } from "../log";
import type { Secrets } from "../secrets";
import { describeServiceFailure } from "../service-problems";
import {
  footprintOf,
  settingsOf,
  withOwned,
  type Footprint,
  type ServiceSettings,
} from "../deployment-settings";
import { currentJobOf, isLive, ownedSettings } from "../jobs";
import { memoryMiB } from "../resources/deployed-draft/job-settings";

export interface ServerCheckRequest {
  client: FlinkClient;
  scope: Scope;
  inputs: Record<string, unknown>;
  /** Inputs unknown during this preview: not judged. */
  unknownKeys: ReadonlySet<string>;
  /** Whether to look at the engine version and queues (they are new or changed). */
  checkCatalogue: boolean;
  /** Whether to judge the job's size against its queue's quota (resources or their context changed). */
  checkQuota?: boolean;
  /** The provider instance's cache of the service's catalogues. */
  catalogue: Catalogue;
  /** The script with `${var}` filled in, when the SQL is new or changed. */
  sql?: string;
  secrets: Secrets;
  log: Logger;
}

type Failure = dynamic.CheckFailure;

/**
 * A refusal of the scope itself. No error code for an unknown workspace or
 * namespace is documented, so none is keyed on (docs/design.md §7): any
 * definitive refusal (not retryable, not 990301) of these read-only catalogue
 * calls (not the gateway's: signatures, RAM, throttling), which take nothing but
 * the scope, means the workspace or namespace is
 * wrong or not accessible. Which of the two the message names is a guess from
 * the service's own words; the reason always says what the service said.
 */
function scopeFailure(err: unknown, scope: Scope): Failure | undefined {
  if (!(err instanceof FlinkApiError) || err.fromGateway || err.retryable || err.isNotFound) return undefined;
  const said = `${err.errorCode ? `${err.errorCode}: ` : ""}${err.serviceMessage}`;
  // The subject the service names first: "Namespace x does not exist in workspace y" is about the namespace.
  const first = (word: RegExp): number => word.exec(err.serviceMessage)?.index ?? Infinity;
  if (first(/namespace/i) < first(/workspace/i)) {
    return {
      property: "namespace",
      reason:
        `namespace "${scope.namespace}" does not exist in workspace ${scope.workspace} or is not accessible ` +
        `(the service said: ${said}): check the namespace name, usually "<workspace-name>-default".`,
    };
  }
  return {
    property: "workspace",
    reason:
      `workspace "${scope.workspace}" (namespace "${scope.namespace}") does not exist or is not accessible with these ` +
      `credentials (the service said: ${said}): check the workspace ID and namespace in the Realtime Compute console.`,
  };
}

/**
 * The gateway refused the AccessKey itself (unknown key, wrong secret,
 * malformed signature, bad STS token): every call will fail the same way, so
 * preview fails now. These are the gateway's documented POP codes.
 */
function credentialFailure(err: unknown): Failure | undefined {
  if (!(err instanceof FlinkApiError) || !err.fromGateway) return undefined;
  if (
    !/^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|InvalidSecurityToken)/.test(
      err.errorCode ?? "",
    )
  ) {
    return undefined;
  }
  return {
    property: "",
    reason:
      `credentials: the service refused the AccessKey (${err.errorCode}: ${err.serviceMessage}): check ` +
      "alicloud:accessKey / alicloud:secretKey (or ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET) and, for STS, the security token.",
  };
}

/** The outcome of one lookup: its value, a failure to report, or nothing known. */
type Lookup<T> = { value: T } | { failure: Failure } | { skipped: true };

async function lookUp<T>(what: string, req: ServerCheckRequest, load: () => Promise<T>): Promise<Lookup<T>> {
  try {
    return { value: await load() };
  } catch (err) {
    const failure = credentialFailure(err) ?? scopeFailure(err, req.scope);
    if (failure) return { failure };
    const reason = err instanceof Error ? err.message : String(err);
    req.log.warn(`${what} could not run: ${req.secrets.mask(reason)}`);
    return { skipped: true };
  }
}

async function checkEngineVersion(req: ServerCheckRequest): Promise<Failure[]> {
  const engineVersion = String(req.inputs.engineVersion);
  const looked = await lookUp("engine version check (ListEngineVersionMetadata)", req, () =>
    req.catalogue.engineVersionCatalogue(req.client, req.scope),
  );
  if (!("value" in looked)) return "failure" in looked ? [looked.failure] : [];
  const offered = looked.value.engineVersionMetadata ?? [];
  if (offered.length === 0) return [];
  const usable = offered
    .filter((v) => v.status !== "EXPIRED" && v.status !== "DEPRECATED" && v.engineVersion)
    .map((v) => v.engineVersion);
  const suggestion = looked.value.defaultEngineVersion ?? usable[0];
  const choose = suggestion
    ? `choose a supported version, e.g. "${suggestion}" (ListEngineVersionMetadata lists ${usable.join(", ")})`
    : "choose a version from ListEngineVersionMetadata";
  const entry = offered.find((v) => v.engineVersion === engineVersion);
  if (!entry) {
    return [
      {
        property: "engineVersion",
        reason: `engineVersion "${engineVersion}" is unknown to the service: ${choose}.`,
      },
    ];
  }
  if (entry.status === "EXPIRED") {
    return [
      {
        property: "engineVersion",
        reason: `engineVersion "${engineVersion}" has EXPIRED and can no longer be deployed: ${choose}.`,
      },
    ];
  }
  if (entry.status === "DEPRECATED") {
    req.log.warn(`engineVersion "${engineVersion}" is DEPRECATED: plan a move to a newer one (${choose}).`);
  }
  return [];
}

async function checkQueues(req: ServerCheckRequest): Promise<Failure[]> {
  const looked = await lookUp("deployment target check (ListDeploymentTargets)", req, () =>
    req.catalogue.namespaceTargets(req.client, req.scope),
  );
  if (!("value" in looked)) return "failure" in looked ? [looked.failure] : [];
  const names = looked.value.map((t) => t.name).filter((n): n is string => typeof n === "string");
  if (names.length === 0) return [];
  const listed = names.map((n) => `"${n}"`).join(", ");
  const where = `namespace ${req.scope.namespace} has ${listed} (ListDeploymentTargets)`;
  const failures: Failure[] = [];
  const target = z.object({ name: z.string() }).safeParse(req.inputs.deploymentTarget);
  const targetName = target.success ? target.data.name : defaultOf("deploymentTarget").name;
  if (!req.unknownKeys.has("deploymentTarget") && !names.includes(targetName)) {
    failures.push({
      property: "deploymentTarget",
      reason: target.success
        ? `deploymentTarget: the queue "${targetName}" does not exist; ${where}: set deploymentTarget: { name: <one of them> }.`
        : `deploymentTarget is unset and the default queue "${targetName}" does not exist; ${where}: set deploymentTarget: { name: <one of them> }.`,
    });
  }
  const queue = req.inputs.resourceQueueName;
  if (!req.unknownKeys.has("resourceQueueName") && typeof queue === "string" && !names.includes(queue)) {
    failures.push({
      property: "resourceQueueName",
      reason: `resourceQueueName: the queue "${queue}" does not exist; ${where}: use one of them, or leave it unset.`,
    });
  }
  return failures;
}

/** An engine-version complaint is the engine version's problem, whatever call it came from. */
function propertyOfSqlCheckFailure(message: string): "sql" | "engineVersion" {
  return /engine ?version/i.test(message) ? "engineVersion" : "sql";
}

async function checkSqlOnService(
  req: ServerCheckRequest,
  sql: string,
): Promise<{ failures: Failure[]; sqlJudged: boolean }> {
  const dependencies = z.array(z.string()).safeParse(req.inputs.additionalDependencies ?? []);
  const flinkConf = z.record(z.string(), z.string()).safeParse(req.inputs.flinkConf ?? {});
  const looked = await lookUp("server SQL check (ValidateSqlStatement)", req, () =>
    req.client.validateSqlStatement(req.scope, {
      statement: sql,
      batchMode: req.inputs.executionMode === "BATCH",
      versionName: String(req.inputs.engineVersion),
      additionalDependencies: dependencies.success ? dependencies.data : [],
      ...(flinkConf.success && Object.keys(flinkConf.data).length > 0
        ? { flinkConfiguration: flinkConf.data }
        : {}),
    }),
  );
  if (!("value" in looked))
    return { failures: "failure" in looked ? [looked.failure] : [], sqlJudged: false };
  const result = looked.value;
  const invalidConf = result.errorDetails?.invalidflinkConf ?? [];
  if (invalidConf.length > 0) {
    const failure: Failure = {
      property: "flinkConf",
      reason:
        `flinkConf: the service does not accept ${invalidConf.map((k) => `"${k}"`).join(", ")} ` +
        "(ValidateSqlStatement's flinkConfiguration check): correct or remove those keys.",
    };
    return { failures: [failure], sqlJudged: true };
  }
  if (result.success !== false) return { failures: [], sqlJudged: true };
  const message = result.message || result.validationResult;
  const property = propertyOfSqlCheckFailure(`${message ?? ""} ${result.errorDetails?.message ?? ""}`);
  const described = describeServiceFailure(
    "the service's SQL check (ValidateSqlStatement)",
    message,
    result.errorDetails,
    String(req.inputs.sql),
    req.secrets,
  );
  const fix = property === "engineVersion" ? " Choose an engine version from ListEngineVersionMetadata." : "";
  return { failures: [{ property, reason: `${property}: ${described}${fix}` }], sqlJudged: true };
}

/** restoreStrategy FROM_SAVEPOINT names a savepoint that exists (GetSavepoint, read-only). */
async function checkSavepoint(req: ServerCheckRequest): Promise<Failure[]> {
  const restore = req.inputs.restoreStrategy;
  if (restore === null || typeof restore !== "object" || req.unknownKeys.has("restoreStrategy")) return [];
  const { kind, savepointId } = restore as { kind?: unknown; savepointId?: unknown };
  if (kind !== "FROM_SAVEPOINT" || typeof savepointId !== "string") return [];
  try {
    await req.client.getSavepoint(req.scope, savepointId);
    return [];
  } catch (err) {
    if (!(err instanceof FlinkApiError && err.isNotFound)) return [];
    return [
      {
        property: "restoreStrategy.savepointId",
        reason:
          `restoreStrategy.savepointId: savepoint ${savepointId} does not exist in namespace ${req.scope.namespace}: ` +
          'use the ID of a savepoint of this deployment, or kind "LATEST_SAVEPOINT".',
      },
    ];
  }
}

const gib = (text: string | undefined): number => (memoryMiB(text ?? "") ?? 0) / 1024;
const round = (n: number): number => Math.round(n * 1000) / 1000;
const show = (f: Footprint): string => `${round(f.cpu)} CPU / ${round(f.memoryGiB)} GiB`;

/**
 * The job's total CPU and memory, before → after, against its queue's quota
 * (ListDeploymentTargets; the deployment and its job are read to know
 * "before" and what the job already occupies). A job that cannot fit fails
 * here, with the numbers. Read-only.
 */
async function checkQuota(req: ServerCheckRequest): Promise<Failure[]> {
  if (
    ["resources", "flinkConf", "deploymentTarget", "resourceQueueName", "name"].some((k) =>
      req.unknownKeys.has(k),
    )
  )
    return [];
  const mode = req.inputs.executionMode === "BATCH" ? "BATCH" : "STREAMING";
  const target = z.object({ name: z.string() }).safeParse(req.inputs.deploymentTarget);
  const queue =
    typeof req.inputs.resourceQueueName === "string"
      ? req.inputs.resourceQueueName
      : target.success
        ? target.data.name
        : defaultOf("deploymentTarget").name;
  const looked = await lookUp("quota check (ListDeploymentTargets)", req, async () => {
    const targets = await req.catalogue.namespaceTargets(req.client, req.scope);
    let service: ServiceSettings | undefined;
    let running = false;
    const draft =
      typeof req.inputs.name === "string"
        ? await req.client.findDeploymentDraftByName(req.scope, req.inputs.name)
        : undefined;
    if (draft?.referencedDeploymentId) {
      const deployment = await req.client.getDeployment(req.scope, draft.referencedDeploymentId);
      service = settingsOf(deployment, mode);
      running = isLive(await currentJobOf(req.client, req.scope, draft.referencedDeploymentId));
    }
    return { targets, service, running };
  });
  if (!("value" in looked)) return "failure" in looked ? [looked.failure] : [];
  const { targets, service, running } = looked.value;
  const base: ServiceSettings = service ?? { resources: {}, flinkConf: {}, logging: {} };
  const after = footprintOf(withOwned(base, ownedSettings(req.inputs)));
  const before = service ? footprintOf(service) : undefined;
  const quota = targets.find((t) => t.name === queue)?.quota;
  const limit = quota?.limit;
  const change = `${before ? show(before) : "(no deployment yet)"} → ${show(after)}`;
  if (!limit || limit.cpu === undefined) {
    req.log.info(`resources: the job's total ${change} (queue ${queue} reports no quota)`);
    return [];
  }
  const used = { cpu: quota?.used?.cpu ?? 0, memoryGiB: gib(quota?.used?.memory) };
  const mine = running && before ? before : { cpu: 0, memoryGiB: 0 };
  const free = {
    cpu: round(limit.cpu - used.cpu + mine.cpu),
    memoryGiB: round(gib(limit.memory) - used.memoryGiB + mine.memoryGiB),
  };
  const numbers =
    `queue ${queue} has ${show(free)} free for it (limit ${show({ cpu: limit.cpu, memoryGiB: gib(limit.memory) })}, ` +
    `used ${show(used)}${mine.cpu > 0 ? `, of which this job ${show(mine)}` : ""})`;
  req.log.info(`resources: the job's total ${change}; ${numbers}`);
  if (after.cpu <= free.cpu && after.memoryGiB <= free.memoryGiB) return [];
  return [
    {
      property: "resources",
      reason:
        `resources: the job would need ${show(after)} (now ${before ? show(before) : "not deployed"}) but ${numbers}: ` +
        "lower the parallelism or the JobManager/TaskManager sizes, raise taskmanager.numberOfTaskSlots, or use a bigger queue.",
    },
  ];
}

/** The failures found, and whether ValidateSqlStatement answered about the SQL (the grammar is then not asked). */
export async function serverChecks(
  req: ServerCheckRequest,
): Promise<{ failures: Failure[]; sqlJudged: boolean }> {
  const quota = req.checkQuota ? await checkQuota(req) : [];
  if (quota.length > 0) return { failures: quota, sqlJudged: false };
  if (req.checkCatalogue) {
    const found = (
      await Promise.all([checkEngineVersion(req), checkQueues(req), checkSavepoint(req)])
    ).flat();
    // An unknown workspace or namespace is reported once, not by each lookup.
    const unique = found.filter((f, i) => found.findIndex((g) => g.reason === f.reason) === i);
    if (unique.length > 0) return { failures: unique, sqlJudged: false };
  }
  return req.sql === undefined ? { failures: [], sqlJudged: false } : checkSqlOnService(req, req.sql);
}
