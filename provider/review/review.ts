// The reviewer's block for one DeployedDraft change: which statements change
// (with their kinds), what happens to the running job, what a savepoint
// restore makes of the change (state-compatibility verdict and reasons), and
// the resource change. Pure: the caller (check/diff) passes what it knows and
// decides where the block goes (preview diagnostics, logs, the PR report).
//
// The structured review is also the wire format between the provider and the
// PR report: the provider writes one diagnostic line per resource,
//   [alicloud-flink:review <urn-or-name>] {"version":1,…}
// and report-cli reads those lines back out of `pulumi preview --json`.
// ReviewSchema (zod) is that contract.
import { z } from "zod";
import { alignStatements } from "../sql/changes";
import { normalizeSql } from "../sql/normalize";
import { substituteVariables } from "../sql/variables";
import { Script } from "./script";
import { combineVerdicts, type PlanJudgement } from "./planner/plan-judgement";
import { checkStateCompatibility, type CompatibilityResult, type Verdict } from "./state-compatibility";

/** The job impacts, stated exactly as the reviewer reads them. */
export const JOB_IMPACTS = [
  "the running job stops with a savepoint and restarts from it",
  "the running job stops and restarts without state (upgradeStrategy stateless)",
  "hot update, no restart",
  "no restart: the job keeps running the old version (upgradeStrategy none)",
  "replaced: the new draft starts without the old state",
  "not running: nothing restarts",
  // Not in the issue's list, but what job-reconcile.ts does when jobState is STOPPED.
  "the running job stops (jobState STOPPED)",
] as const;
export type JobImpact = (typeof JOB_IMPACTS)[number];

export const VERDICTS = ["compatible", "partially-compatible", "incompatible", "unknown"] as const;
export const STATEMENT_KINDS = ["DDL", "DML", "SET", "statement set", "other"] as const;

const ResourceAmountSchema = z.object({
  /** CPU cores of the whole job (JobManager + TaskManagers × parallelism). */
  cpu: z.number().nonnegative().optional(),
  /** Memory of the whole job in GiB. */
  memoryGiB: z.number().nonnegative().optional(),
});
export type ResourceAmount = z.infer<typeof ResourceAmountSchema>;

const ReasonSchema = z.object({
  verdict: z.enum(VERDICTS),
  message: z.string(),
  rule: z.string(),
  ruleTitle: z.string(),
  ruleUrl: z.string(),
  sink: z.string().optional(),
  statement: z.number().int().positive().optional(),
  line: z.number().int().positive().optional(),
  script: z.enum(["new", "old"]).optional(),
  operator: z.string().optional(),
  view: z.string().optional(),
  item: z.boolean().optional(),
});

const StatementChangeSchema = z.object({
  change: z.enum(["changed", "added", "removed"]),
  /** 1-based; in the new script for changed/added, in the old one for removed. */
  statement: z.number().int().positive(),
  line: z.number().int().positive(),
  kind: z.enum(STATEMENT_KINDS),
  /** The statement as written, masked. */
  before: z.string().optional(),
  after: z.string().optional(),
});
export type StatementChange = z.infer<typeof StatementChangeSchema>;

/** The structured review: one per resource, one JSON line in the preview diagnostics. */
export const ReviewSchema = z.object({
  version: z.literal(1),
  resource: z.string().min(1),
  action: z.enum(["create", "update", "replace"]),
  jobStatus: z.enum(["RUNNING", "STOPPED", "NOT_STARTED"]),
  upgradeStrategy: z.enum(["savepoint", "stateless", "none"]),
  statements: z.array(StatementChangeSchema),
  jobImpact: z.enum(JOB_IMPACTS),
  stateCompatibility: z.object({
    verdict: z.enum(VERDICTS),
    /** True when the job restarts from a savepoint, i.e. when the verdict decides the restart. */
    appliesToRestart: z.boolean(),
    /**
     * Which method spoke: "flink-plan" (Flink's compiled plans decided the
     * operators and their state, the published rules the rest) or
     * "published-rules" (the rules alone; the notes say why). Absent for a create.
     */
    method: z.enum(["flink-plan", "published-rules"]).optional(),
    reasons: z.array(ReasonSchema),
    notes: z.array(z.string()),
  }),
  /** Present when deployment settings are known: the job's resources before → after. */
  resources: z
    .object({ before: ResourceAmountSchema.optional(), after: ResourceAmountSchema.optional() })
    .optional(),
  policy: z.object({ outcome: z.enum(["ok", "warn", "fail"]), message: z.string().optional() }).optional(),
});
export type Review = z.infer<typeof ReviewSchema>;

export interface ReviewSide {
  /** The script as the user wrote it: `${var}` placeholders are substituted here from localVariables. */
  sql: string;
  engineVersion?: string;
  additionalDependencies?: readonly string[];
  localVariables?: Readonly<Record<string, string>>;
}

export type UpgradeStrategy = "savepoint" | "stateless" | "none";
export type CompatibilityPolicy = "warn" | "fail" | "ignore";
export interface RestoreStrategyLike {
  kind?: string;
  allowNonRestoredState?: boolean;
}

export interface ReviewRequest {
  /** The URN, or the resource name when the URN is not known. */
  resource: string;
  action: "create" | "update" | "replace";
  /** Absent for a create. */
  old?: ReviewSide;
  new: ReviewSide;
  /** The job as last observed: RUNNING, STOPPED (cancelled, failed, finished) or NOT_STARTED (none yet). */
  jobStatus: "RUNNING" | "STOPPED" | "NOT_STARTED";
  upgradeStrategy?: UpgradeStrategy;
  /** The desired job state (default RUNNING). */
  jobState?: "RUNNING" | "STOPPED";
  restoreStrategy?: RestoreStrategyLike;
  /** How a state-compatibility problem is treated (default "warn"). */
  policy?: CompatibilityPolicy;
  /**
   * Whether the deploy changes the running job. Default: the SQL (by meaning),
   * the engine version or the dependencies differ. Pass false for a change the
   * service applies without a restart (labels, a HotUpdateJob parallelism change).
   */
  restartNeeded?: boolean;
  resources?: { before?: ResourceAmount; after?: ResourceAmount };
  /** What Flink's planner made of the change (planner/plan-judgement.ts); absent: the published rules alone. */
  plan?: PlanJudgement;
  /** Replaces secret values in a text; every SQL excerpt and message goes through it. */
  mask: (text: string) => string;
}

/** Statement text in rendered lines is cut to this many characters. */
const LINE_WIDTH = 100;
/** Statement text in the structured review is cut to this many characters (a PR comment has a size limit). */
const EXCERPT_WIDTH = 4000;

export function buildReview(request: ReviewRequest): { review: Review; lines: string[] } {
  const mask = request.mask;
  const oldSql = request.old ? substitute(request.old) : "";
  const newSql = substitute(request.new);
  const upgradeStrategy = request.upgradeStrategy ?? "savepoint";
  const statements = statementChanges(oldSql, newSql, mask);
  const engineChanged =
    request.old !== undefined &&
    request.old.engineVersion !== undefined &&
    request.old.engineVersion !== request.new.engineVersion;
  const depsChanged =
    request.old !== undefined &&
    JSON.stringify([...(request.old.additionalDependencies ?? [])].sort()) !==
      JSON.stringify([...(request.new.additionalDependencies ?? [])].sort());
  const restartNeeded = request.restartNeeded ?? (statements.length > 0 || engineChanged || depsChanged);
  const impact = jobImpact(request, upgradeStrategy, restartNeeded, engineChanged);

  const compatibility: CompatibilityResult & { method?: "flink-plan" | "published-rules" } =
    request.old === undefined
      ? { verdict: "compatible", reasons: [], notes: ["a new resource has no earlier state"] }
      : combineVerdicts(
          checkStateCompatibility(oldSql, newSql, {
            engineVersion: { old: request.old.engineVersion, new: request.new.engineVersion },
            additionalDependencies: {
              old: request.old.additionalDependencies,
              new: request.new.additionalDependencies,
            },
          }),
          request.plan,
        );
  const appliesToRestart = impact === "the running job stops with a savepoint and restarts from it";
  const policy = appliesToRestart
    ? stateCompatibilityPolicy(
        compatibility,
        request.policy ?? "warn",
        upgradeStrategy,
        request.restoreStrategy,
      )
    : undefined;

  const review: Review = {
    version: 1,
    resource: request.resource,
    action: request.action,
    jobStatus: request.jobStatus,
    upgradeStrategy,
    statements,
    jobImpact: impact,
    stateCompatibility: {
      verdict: compatibility.verdict,
      appliesToRestart,
      ...(compatibility.method ? { method: compatibility.method } : {}),
      reasons: compatibility.reasons.map((r) => ({ ...r, message: mask(r.message) })),
      notes: compatibility.notes.map(mask),
    },
    ...(request.resources ? { resources: request.resources } : {}),
    ...(policy
      ? { policy: { outcome: policy.outcome, ...(policy.message ? { message: mask(policy.message) } : {}) } }
      : {}),
  };
  return { review, lines: renderReview(review) };
}

function substitute(side: ReviewSide): string {
  return side.localVariables ? substituteVariables(side.sql, { ...side.localVariables }).sql : side.sql;
}

function jobImpact(
  request: ReviewRequest,
  strategy: UpgradeStrategy,
  restartNeeded: boolean,
  engineChanged: boolean,
): JobImpact {
  if (request.action === "replace") return "replaced: the new draft starts without the old state";
  if (request.action === "create" || request.jobStatus !== "RUNNING") return "not running: nothing restarts";
  if ((request.jobState ?? "RUNNING") === "STOPPED") return "the running job stops (jobState STOPPED)";
  if (!restartNeeded) return "hot update, no restart";
  // As job-reconcile.ts: an engine change goes through a savepoint even with "none".
  const effective = engineChanged && strategy === "none" ? "savepoint" : strategy;
  if (effective === "stateless")
    return "the running job stops and restarts without state (upgradeStrategy stateless)";
  if (effective === "none") return "no restart: the job keeps running the old version (upgradeStrategy none)";
  return "the running job stops with a savepoint and restarts from it";
}

/**
 * Whether a state-compatibility verdict fails the operation. Only a restart
 * from a savepoint uses the state, so "stateless" never fails; "ignore" never
 * fails; "fail" fails on incompatible unless the user already accepted
 * losing state with restoreStrategy.allowNonRestoredState. Unknown and
 * partially compatible warn: the console itself lets those start ("proceed
 * with caution"; "start based on other states or without states").
 */
export function stateCompatibilityPolicy(
  verdict: Verdict | CompatibilityResult,
  policy: CompatibilityPolicy,
  upgradeStrategy: UpgradeStrategy,
  restoreStrategy?: RestoreStrategyLike,
): { outcome: "ok" | "warn" | "fail"; message?: string } {
  const result = typeof verdict === "string" ? undefined : verdict;
  const v = typeof verdict === "string" ? verdict : verdict.verdict;
  if (policy === "ignore" || upgradeStrategy === "stateless" || v === "compatible") return { outcome: "ok" };
  const why = result?.reasons
    .filter((r) => r.verdict === v)
    .slice(0, 3)
    .map((r) => (r.statement ? `statement ${r.statement}, line ${r.line}: ${r.message}` : r.message))
    .join("; ");
  const accepted = restoreStrategy?.allowNonRestoredState === true;
  const ways =
    'Ways out: restoreStrategy.allowNonRestoredState: true (start with the state that can be restored), upgradeStrategy: "stateless" ' +
    "(restart without state), or a new name (a new deployment and job, without the old state).";
  const message =
    `State compatibility of the change: ${v}${why ? ` (${why})` : ""}. ` +
    (v === "incompatible" ? "A restart from the savepoint will likely fail or give wrong results. " : "") +
    (accepted
      ? "restoreStrategy.allowNonRestoredState is true: state that cannot be restored is dropped. "
      : "") +
    ways;
  const fail = policy === "fail" && v === "incompatible" && !accepted;
  return { outcome: fail ? "fail" : "warn", message };
}

/** Changed, added and removed statements, aligned like provider/sql/changes.ts (which does not export its alignment). */
function statementChanges(oldSql: string, newSql: string, mask: (text: string) => string): StatementChange[] {
  const before = new Script(oldSql);
  const after = new Script(newSql);
  const a = normalizeSql(oldSql);
  const b = normalizeSql(newSql);
  const excerpt = (text: string): string => {
    const masked = mask(text);
    return masked.length <= EXCERPT_WIDTH ? masked : `${masked.slice(0, EXCERPT_WIDTH - 1)}…`;
  };
  const out: StatementChange[] = [];
  let removed: number[] = [];
  let added: number[] = [];
  const flush = (): void => {
    const paired = Math.min(removed.length, added.length);
    for (let k = 0; k < paired; k++) {
      const s = after.statements[added[k]];
      out.push({
        change: "changed",
        statement: s.index + 1,
        line: s.line,
        kind: s.kind,
        before: excerpt(before.statements[removed[k]].text),
        after: excerpt(s.text),
      });
    }
    for (const i of removed.slice(paired)) {
      const s = before.statements[i];
      out.push({ change: "removed", statement: i + 1, line: s.line, kind: s.kind, before: excerpt(s.text) });
    }
    for (const i of added.slice(paired)) {
      const s = after.statements[i];
      out.push({ change: "added", statement: i + 1, line: s.line, kind: s.kind, after: excerpt(s.text) });
    }
    removed = [];
    added = [];
  };
  for (const step of alignStatements(a, b)) {
    if (step.kind === "same") flush();
    else if (step.kind === "removed") removed.push(step.old);
    else added.push(step.new);
  }
  flush();
  return out;
}

/** The review as text lines, for logs and for the preview's console output. */
export function renderReview(review: Review): string[] {
  const lines: string[] = [`review of ${review.resource} (${review.action})`];
  const count = (c: StatementChange["change"]): number =>
    review.statements.filter((s) => s.change === c).length;
  lines.push(
    review.statements.length === 0
      ? "  statements: no change (formatting and comments do not count)"
      : `  statements: ${count("changed")} changed, ${count("added")} added, ${count("removed")} removed`,
  );
  for (const s of review.statements) {
    const mark = s.change === "changed" ? "~" : s.change === "added" ? "+" : "-";
    const where = `statement ${s.statement} (${s.kind}, line ${s.line}${s.change === "removed" ? " of the old script" : ""})`;
    lines.push(`    ${mark} ${where}: ${oneLine(s.after ?? s.before ?? "")}`);
  }
  lines.push(`  job impact: ${review.jobImpact}`);
  const sc = review.stateCompatibility;
  const by =
    sc.method === "flink-plan" ? ", by Flink's compiled plans" : sc.method ? ", by the published rules" : "";
  lines.push(
    `  state compatibility: ${sc.verdict}${by}${sc.appliesToRestart ? "" : " (informative: this change does not restore from a savepoint)"}`,
  );
  for (const r of sc.reasons) lines.push(`    - ${describeReason(r)}`);
  for (const note of sc.notes) lines.push(`    note: ${note}`);
  lines.push(`  resources: ${describeResources(review.resources)}`);
  if (review.policy?.message)
    lines.push(`  ${review.policy.outcome === "fail" ? "error" : "warning"}: ${review.policy.message}`);
  return lines;
}

export function describeReason(r: Review["stateCompatibility"]["reasons"][number]): string {
  const where = [
    r.statement !== undefined ? `statement ${r.statement}` : undefined,
    r.line !== undefined ? `line ${r.line}${r.script === "old" ? " of the old script" : ""}` : undefined,
    r.sink !== undefined ? `sink ${r.sink}` : undefined,
    r.operator !== undefined ? r.operator + (r.view ? ` in view ${r.view}` : "") : undefined,
  ].filter((x): x is string => x !== undefined);
  return `${r.verdict}: ${where.length > 0 ? `${where.join(", ")}: ` : ""}${r.message} [${r.ruleTitle}]`;
}

export function describeResources(resources: Review["resources"]): string {
  if (!resources || (!resources.before && !resources.after))
    return "no deployment settings in the inputs: unchanged";
  const pair = (key: "cpu" | "memoryGiB", unit: string): string | undefined => {
    const b = resources.before?.[key];
    const a = resources.after?.[key];
    if (b === undefined && a === undefined) return undefined;
    return `${key === "cpu" ? "CPU" : "memory"} ${b ?? "?"} → ${a ?? "?"}${unit}`;
  };
  return [pair("cpu", " cores"), pair("memoryGiB", " GiB")].filter((x) => x !== undefined).join(", ");
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= LINE_WIDTH ? flat : `${flat.slice(0, LINE_WIDTH - 1)}…`;
}

/** The prefix of the diagnostic line that carries a review. */
export const REVIEW_DIAGNOSTIC_PREFIX = "[alicloud-flink:review ";

/** `[alicloud-flink:review <resource>] <one line of JSON>`: what the provider writes into the preview diagnostics. */
export function formatReviewDiagnostic(review: Review): string {
  return `${REVIEW_DIAGNOSTIC_PREFIX}${review.resource}] ${JSON.stringify(review)}`;
}

/**
 * The reviews in a text (a diagnostic message, a log): every line holding the
 * prefix and valid JSON. Lines that do not parse against ReviewSchema are
 * skipped (an older or newer provider may write other shapes).
 */
export function parseReviewDiagnostics(text: string): Review[] {
  const reviews: Review[] = [];
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(REVIEW_DIAGNOSTIC_PREFIX);
    if (at === -1) continue;
    const json = line.indexOf("] {", at);
    if (json === -1) continue;
    try {
      const parsed = ReviewSchema.safeParse(JSON.parse(line.slice(json + 2)));
      if (parsed.success) reviews.push(parsed.data);
    } catch {
      // not JSON: a line that merely mentions the prefix
    }
  }
  return reviews;
}
