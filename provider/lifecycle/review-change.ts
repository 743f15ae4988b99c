/**
 * The reviewer's block for a DeployedDraft change, written by diff (so it
 * shows in `pulumi preview`, `--diff` and `--json`, and in `up`): the
 * statements changed, added and removed with their kind, what happens to the
 * running job, and the state-compatibility verdict with its reasons
 * (provider/review). One line of JSON (`[alicloud-flink:review <name>] {…}`)
 * for `alicloud-flink-review` to turn into a pull-request comment, then the
 * same for people. With `stateCompatibility: "fail"`, an incompatible change
 * that would restore from a savepoint stops preview and `up` before anything
 * is written.
 */
import type { PlanComparer, PlanJudgement } from "../review/planner/plan-judgement";
import type { Logger } from "../log";
import { defaultOf, type RestoreStrategy } from "../resources/deployed-draft/schema";
import type { Fields } from "../schema/resource-schema";
import type { Secrets } from "../secrets";
import {
  buildReview,
  formatReviewDiagnostic,
  type CompatibilityPolicy,
  type UpgradeStrategy,
} from "../review";
import { LIVE_JOB_STATUSES, NOT_STARTED } from "../jobs";
import { ownedSettings } from "../jobs";
import { footprintOf, withOwned, type ServiceSettings } from "../deployment-settings";
import {
  HOT_UPDATABLE_CONF_KEYS,
  memoryMiB,
  ownedLeaves,
  SETTINGS_KEYS,
} from "../resources/deployed-draft/job-settings";
import { canonical } from "../schema/resource-schema";
import { normalizeSql } from "../sql/normalize";
import { substituteVariables } from "../sql/variables";

/** Inputs whose change reaches the running job (what a review is about). */
const REVIEWED = ["sql", "engineVersion", "additionalDependencies", "localVariables", ...SETTINGS_KEYS];
const CONTENT = ["sql", "engineVersion", "additionalDependencies", "localVariables"];

export interface ReviewedChange {
  before: Fields;
  after: Fields;
  changed: readonly string[];
  replaces: readonly string[];
  resource: string;
  log: Logger;
  secrets: Secrets;
  /** Flink's planner, asked when the job would restart from a savepoint with other SQL. */
  plans: PlanComparer;
}

/** Logs the review; returns the policy's refusal when `stateCompatibility: "fail"` forbids the change. */
export async function reviewChange(change: ReviewedChange): Promise<string | undefined> {
  const { before, after } = change;
  if (!change.changed.some((key) => REVIEWED.includes(key)) && change.replaces.length === 0) return undefined;
  if (typeof before.sql !== "string" || typeof after.sql !== "string") return undefined;
  const side = (inputs: Fields) => ({
    sql: String(inputs.sql),
    engineVersion: typeof inputs.engineVersion === "string" ? inputs.engineVersion : undefined,
    additionalDependencies: stringList(inputs.additionalDependencies),
    localVariables: stringMap(inputs.localVariables),
  });
  const jobStatus = jobStatusOf(before.jobStatus);
  const upgradeStrategy =
    (after.upgradeStrategy as UpgradeStrategy | undefined) ?? defaultOf("upgradeStrategy");
  const { review, lines } = buildReview({
    resource: change.resource,
    action: change.replaces.length > 0 ? "replace" : "update",
    old: side(before),
    new: side(after),
    jobStatus,
    upgradeStrategy,
    jobState: after.jobState === "STOPPED" ? "STOPPED" : "RUNNING",
    restoreStrategy: (after.restoreStrategy as RestoreStrategy | undefined) ?? defaultOf("restoreStrategy"),
    policy: (after.stateCompatibility as CompatibilityPolicy | undefined) ?? defaultOf("stateCompatibility"),
    ...settingsReview(change),
    plan: await askPlanner(change, jobStatus, upgradeStrategy),
    mask: (text) => change.secrets.mask(text),
  });
  change.log.info(formatReviewDiagnostic(review));
  for (const line of lines) change.log.info(line);
  return review.policy?.outcome === "fail" ? review.policy.message : undefined;
}

/**
 * Flink's compiled plans of both scripts, when a savepoint restore would meet
 * other SQL (a running job, an update that keeps state); otherwise the rules
 * alone are enough and no JVM is started.
 */
async function askPlanner(
  change: ReviewedChange,
  jobStatus: "RUNNING" | "STOPPED" | "NOT_STARTED",
  upgradeStrategy: UpgradeStrategy,
): Promise<PlanJudgement | undefined> {
  const { before, after } = change;
  if (change.replaces.length > 0 || jobStatus !== "RUNNING" || upgradeStrategy === "stateless")
    return undefined;
  if (after.jobState === "STOPPED") return undefined;
  const substituted = (inputs: Fields): string =>
    substituteVariables(String(inputs.sql), { ...stringMap(inputs.localVariables) }).sql;
  const oldSql = substituted(before);
  const newSql = substituted(after);
  if (normalizeSql(oldSql) === normalizeSql(newSql)) return undefined;
  const mode = after.executionMode === "BATCH" ? "BATCH" : "STREAMING";
  return change.plans.compare(oldSql, newSql, mode);
}

function jobStatusOf(status: unknown): "RUNNING" | "STOPPED" | "NOT_STARTED" {
  if (typeof status !== "string" || status === NOT_STARTED) return "NOT_STARTED";
  return LIVE_JOB_STATUSES.has(status) ? "RUNNING" : "STOPPED";
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/**
 * The deployment settings' part of the review, from state alone (diff is
 * local): the job's total CPU and memory before (as last observed) → after
 * (the owned settings laid over it), and whether a settings-only change
 * restarts the job (not when it is a hot update).
 */
function settingsReview(change: ReviewedChange): {
  resources?: { before?: { cpu: number; memoryGiB: number }; after?: { cpu: number; memoryGiB: number } };
  restartNeeded?: boolean;
} {
  const { before, after } = change;
  const settingsChanged = change.changed.filter((key) => (SETTINGS_KEYS as readonly string[]).includes(key));
  const observed = before.observedResources as
    | { parallelism?: number; jobManager?: object; taskManager?: object; cpu?: number; memory?: string }
    | undefined;
  const flinkConf = (before.flinkConf ?? {}) as Record<string, string>;
  const base: ServiceSettings | undefined = observed
    ? {
        resources: {
          parallelism: observed.parallelism,
          jobManager: observed.jobManager,
          taskManager: observed.taskManager,
        },
        flinkConf,
        logging: {},
      }
    : undefined;
  const resources =
    after.resources !== undefined
      ? {
          before:
            observed?.cpu !== undefined
              ? { cpu: observed.cpu, memoryGiB: (memoryMiB(observed.memory ?? "") ?? 0) / 1024 }
              : undefined,
          after: footprintOf(
            withOwned(base ?? { resources: {}, flinkConf: {}, logging: {} }, ownedSettings(after)),
          ),
        }
      : undefined;
  if (settingsChanged.length === 0 || change.changed.some((key) => CONTENT.includes(key)))
    return { resources };
  const differing = SETTINGS_KEYS.flatMap((key) =>
    ownedLeaves(key, after)
      .filter(([path, value]) => canonical(value) !== canonical(valueAt(before[key], path)))
      .map(([path]) => `${key}.${path.join(".")}`),
  );
  const hot =
    after.hotUpdate === "auto" &&
    differing.every(
      (path) =>
        path === "resources.parallelism" || HOT_UPDATABLE_CONF_KEYS.some((k) => path === `flinkConf.${k}`),
    );
  return { resources, restartNeeded: !hot };
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
