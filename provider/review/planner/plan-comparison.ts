/**
 * The state-compatibility verdict from Flink's compiled plans: the stateful
 * operators of each query of the old script (one per sink: inside a statement
 * set, the operators that feed that sink) are paired with those of the new
 * script's query into the same sink, and compared as a savepoint restore sees
 * them: the kind of each operator, what its state is keyed by (groupBy,
 * partitionBy, join condition, window, ORDER BY, rank range, …), the state it
 * declares, the rows it keeps and the aggregate calls it holds.
 *
 * Pure: the compiled scripts come from flink-planner.ts (or, in tests, canned
 * summaries). The published rules (state-compatibility.ts) decide the verdict
 * of the same pairs by reading the SQL; plan-judgement.ts combines the two.
 *
 * The verdict of each difference follows the published rules (rules.ts), so
 * that the two methods speak the same language: keys, windows, distinct
 * aggregates, operator kinds changed → incompatible; non-distinct aggregates
 * added → partially compatible, deleted → compatible; a new stateful query →
 * incompatible; a deleted one → compatible (its state is discarded).
 */
import { SOURCES, VERDICT_SEVERITY, type Verdict } from "../rules";
import type { Script, SinkQuery } from "../script";
import type { CompatibilityReason, CompatibilityResult } from "../state-compatibility";
import type { CompiledJob, CompiledScript, PlanOperator } from "./flink-planner";

export interface PlanSide {
  /** The script (after `${var}` substitution) the compiled statements were split from. */
  script: Script;
  compiled: CompiledScript;
}

/** A job of one script: its sinks and where it is written. */
interface Job {
  /** The sinks it writes, sorted, with an occurrence number for repeats: the pairing key. */
  key: string;
  sinks: string[];
  /** 1-based statement and line of its first INSERT. */
  statement: number;
  line: number;
  operators: PlanOperator[];
}

/** Plan kinds as the review names operators (analyzer.ts's OperatorKind where one fits). */
const OPERATOR_NAMES: Record<string, string> = {
  "group-aggregate": "group aggregation",
  "global-group-aggregate": "group aggregation",
  "incremental-group-aggregate": "group aggregation",
  "window-aggregate": "window aggregation",
  "global-window-aggregate": "window aggregation",
  "group-window-aggregate": "window aggregation",
  "over-aggregate": "OVER aggregation",
  join: "regular join",
  "interval-join": "interval join",
  "temporal-join": "temporal join",
  "window-join": "window join",
  deduplicate: "deduplication",
  "window-deduplicate": "deduplication",
  rank: "Top-N",
  "sort-limit": "Top-N",
  limit: "Top-N",
  "window-rank": "window Top-N",
  match: "MATCH_RECOGNIZE",
  "changelog-normalize": "changelog normalization",
  sink: "sink (upsert materializer)",
  sort: "sort",
  "temporal-sort": "sort",
};

export function operatorName(op: PlanOperator): string {
  return OPERATOR_NAMES[op.kind] ?? op.kind;
}

export function comparePlans(old: PlanSide, next: PlanSide): CompatibilityResult {
  const reasons: CompatibilityReason[] = [];
  const notes: string[] = [];
  const add = (reason: Omit<CompatibilityReason, "rule" | "ruleTitle" | "ruleUrl">): void => {
    reasons.push({
      ...reason,
      rule: "flinkPlan",
      ruleTitle: SOURCES.flinkPlan.title,
      ruleUrl: SOURCES.flinkPlan.url,
    });
  };
  const before = jobsOf(old);
  const after = jobsOf(next);
  // A sink renamed keeps its query: a deleted job and a new one with the same chain of
  // stateful operators are the same job (as the rules pair them), compared as such.
  const kinds = (job: Job): string => job.operators.map((o) => o.kind).join();
  const gone = [...before.values()].filter((job) => !after.has(job.key));
  const renamed = new Map<string, Job>();
  for (const job of [...after.values()].filter((j) => !before.has(j.key) && j.operators.length > 0)) {
    const match = gone.findIndex((g) => g.operators.length > 0 && kinds(g) === kinds(job));
    if (match === -1) continue;
    renamed.set(job.key, gone[match]);
    gone.splice(match, 1);
  }
  let unchanged = 0;
  for (const [key, job] of after) {
    const was = before.get(key) ?? renamed.get(key);
    const at = {
      sink: job.sinks.join(", "),
      statement: job.statement,
      line: job.line,
      script: "new" as const,
    };
    if (was === undefined) {
      if (job.operators.length > 0)
        add({
          verdict: "incompatible",
          ...at,
          operator: operatorName(job.operators[0]),
          message: `a new query into ${at.sink} adds state (${describe(job.operators)}) that the savepoint does not have`,
        });
      continue;
    }
    const found = compareOperators(was.operators, job.operators);
    if (found.length === 0) {
      if (job.operators.length > 0) unchanged++;
      continue;
    }
    for (const f of found) add({ ...at, ...f });
  }
  for (const job of gone) {
    if (job.operators.length === 0) continue;
    add({
      verdict: "compatible",
      sink: job.sinks.join(", "),
      statement: job.statement,
      line: job.line,
      script: "old",
      operator: operatorName(job.operators[0]),
      message: `the query into ${job.sinks.join(", ")} is deleted; the state of its ${describe(job.operators)} is discarded`,
    });
  }
  if (unchanged > 0)
    notes.push(
      `Flink's compiled plans: the stateful operators of ${unchanged} unchanged ${unchanged === 1 ? "query keep" : "queries keep"} their keys and state`,
    );
  let verdict: Verdict = "compatible";
  for (const r of reasons) if (VERDICT_SEVERITY[r.verdict] > VERDICT_SEVERITY[verdict]) verdict = r.verdict;
  return { verdict, reasons, notes };
}

type Finding = Pick<CompatibilityReason, "verdict" | "message" | "operator">;

/** Kinds whose state holds aggregate accumulators: their `select` lists group keys and aggregate calls. */
const AGGREGATING = new Set([
  "group-aggregate",
  "global-group-aggregate",
  "incremental-group-aggregate",
  "window-aggregate",
  "global-window-aggregate",
  "group-window-aggregate",
  "over-aggregate",
]);

/** The differences a restore meets between two jobs' stateful operators, in plan order. */
function compareOperators(before: PlanOperator[], after: PlanOperator[]): Finding[] {
  const kinds = (ops: PlanOperator[]): string => ops.map(operatorName).join(" → ");
  if (before.map((o) => o.kind).join() !== after.map((o) => o.kind).join()) {
    return [
      {
        verdict: "incompatible",
        operator: operatorName(after[0] ?? before[0]),
        message: `the stateful operators change (${kinds(before) || "none"} ⇒ ${kinds(after) || "none"}): the savepoint's state cannot be mapped to the new operators`,
      },
    ];
  }
  const found: Finding[] = [];
  for (let i = 0; i < after.length; i++) {
    const finding = compareOperator(before[i], after[i]);
    if (finding) found.push({ ...finding, operator: operatorName(after[i]) });
  }
  return found;
}

/**
 * Two operators of the same kind, compared by Flink's description of each
 * node (`GroupAggregate(groupBy=[a], select=[a, SUM(b) AS EXPR$1])`): its
 * attributes name fields rather than positions, so a projection that moves a
 * column does not read as a new key. Every attribute but `select` says what the
 * state is keyed and ordered by (groupBy, partitionBy, orderBy, window,
 * joinType, where, rankRange, windowBounds, pattern, …); `select` holds the
 * aggregate calls of an aggregation, and the fields an operator keeps in its
 * state otherwise (joins, Top-N, OVER, MATCH_RECOGNIZE).
 */
function compareOperator(was: PlanOperator, is: PlanOperator): Omit<Finding, "operator"> | undefined {
  const name = operatorName(is);
  const before = describedAttributes(was.description);
  const after = describedAttributes(is.description);
  const attributes = [...new Set([...before.keys(), ...after.keys()])].filter((a) => a !== "select");
  const changed = attributes.filter((a) => before.get(a) !== after.get(a));
  if (changed.length > 0 || was.state.join() !== is.state.join()) {
    const what =
      changed.map((a) => `${a} ${short(before.get(a))} ⇒ ${short(after.get(a))}`).join("; ") ||
      `state ${was.state.join(", ")} ⇒ ${is.state.join(", ")}`;
    return { verdict: "incompatible", message: `the ${name} is keyed or defined differently (${what})` };
  }
  const selectBefore = selectEntries(before.get("select"));
  const selectAfter = selectEntries(after.get("select"));
  if (!AGGREGATING.has(is.kind) || is.kind === "over-aggregate") {
    // These keep input rows in their state: other fields are another row layout.
    const kept = (entries: SelectEntry[]) => entries.filter((e) => !e.call && !/^w\d+\$o\d+$/.test(e.text));
    const fields = (entries: SelectEntry[]) =>
      kept(entries)
        .map((e) => e.text)
        .join(", ");
    const rowsBefore = is.kind === "deduplicate" ? rowTypes(was.outputType) : fields(selectBefore);
    const rowsAfter = is.kind === "deduplicate" ? rowTypes(is.outputType) : fields(selectAfter);
    const keepsOnlyAFlag =
      is.kind === "deduplicate" &&
      /keep=\[FirstRow\]/.test(is.description) &&
      /order=\[PROCTIME\]/.test(is.description);
    if (!keepsOnlyAFlag && rowsBefore !== rowsAfter)
      return {
        verdict: "incompatible",
        message: `the ${name} keeps other fields in its state ([${rowsBefore}] ⇒ [${rowsAfter}])`,
      };
  }
  return AGGREGATING.has(is.kind) ? compareAggregates(selectBefore, selectAfter) : undefined;
}

interface SelectEntry {
  /** As Flink prints it, without the alias: `SUM(b)`, `COUNT(DISTINCT c)`, `a`. */
  text: string;
  /** True for a function call (an aggregate); window properties (`start('w$)`) are not. */
  call: boolean;
  distinct: boolean;
}

/** The aggregate calls of two aggregations with the same keys, by the published aggregate rules. */
function compareAggregates(
  before: SelectEntry[],
  after: SelectEntry[],
): Omit<Finding, "operator"> | undefined {
  const calls = (entries: SelectEntry[], distinct: boolean) =>
    entries.filter((e) => e.call && e.distinct === distinct).map((e) => e.text);
  const distinctBefore = calls(before, true);
  const distinctAfter = calls(after, true);
  const old = calls(before, false);
  const now = calls(after, false);
  const added = multisetMinus(now, old);
  const removed = multisetMinus(old, now);
  if (distinctBefore.join() !== distinctAfter.join())
    return {
      verdict: "incompatible",
      message: `distinct aggregates change ([${distinctBefore.join(", ")}] ⇒ [${distinctAfter.join(", ")}]): their state is kept per aggregate, in order`,
    };
  if (added.length === 0 && removed.length === 0) return undefined;
  const change = [
    added.length > 0 ? `+ ${added.join(", ")}` : "",
    removed.length > 0 ? `- ${removed.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join("; ");
  if (old.length === 0 || now.length === 0 || (old.length === 1 && removed.length === 1))
    return {
      verdict: "incompatible",
      message: `the aggregates are replaced (${change}): no aggregate state carries over`,
    };
  if (added.length === 0)
    return { verdict: "compatible", message: `aggregates deleted (${change}): their state is discarded` };
  return {
    verdict: "partially-compatible",
    message: `aggregates change (${change}): the new ones start from zero at the restart, the others keep their state`,
  };
}

/** `Kind(a=[x, y], b=[(p = q)], c=z)` → a → "x, y", b → "(p = q)", c → "z". */
export function describedAttributes(description: string): Map<string, string> {
  const out = new Map<string, string>();
  const open = description.indexOf("(");
  if (open === -1 || !description.endsWith(")")) return out;
  for (const part of splitTopLevel(description.slice(open + 1, -1))) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const value = part.slice(eq + 1).trim();
    out.set(
      part.slice(0, eq).trim(),
      value.startsWith("[") && value.endsWith("]") ? value.slice(1, -1).trim() : value,
    );
  }
  return out;
}

function selectEntries(select: string | undefined): SelectEntry[] {
  if (select === undefined) return [];
  return splitTopLevel(select).map((entry) => {
    const text = entry.replace(/\s+AS\s+[^\s()]+$/i, "").trim();
    const call = /^[$\w]+\(/.test(text) && !/\('w\$\)$/.test(text);
    // Two-phase aggregations name their local accumulators by position (SUM(sum$0)): the position is not the state.
    const canonicalText = text.replace(/\b(\w+)\$\d+\b/g, "$1");
    return { text: canonicalText, call, distinct: /^[$\w]+\(\s*DISTINCT\b/i.test(text) };
  });
}

/** Splits at commas outside brackets, parentheses and backticks. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "`")
      quote = ch; // not "'": Flink prints window aliases as 'w$
    else if (ch === "(" || ch === "[") depth++;
    else if (ch === ")" || ch === "]") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== "") parts.push(last);
  return parts;
}

/** A row type's field types without their names: `ROW<\`a\` INT, \`b\` BIGINT>` → "INT, BIGINT". */
function rowTypes(outputType: string): string {
  const inner = /^"?ROW<(.*)>"?$/s.exec(outputType.trim())?.[1] ?? outputType;
  return splitTopLevel(inner.replace(/<[^<>]*>/g, (m) => m.replace(/,/g, ";")))
    .map((field) => field.replace(/^`(?:[^`]|``)*`\s*/, ""))
    .join(", ");
}

function multisetMinus(a: string[], b: string[]): string[] {
  const left = [...b];
  const out: string[] = [];
  for (const x of a) {
    const i = left.indexOf(x);
    if (i === -1) out.push(x);
    else left.splice(i, 1);
  }
  return out;
}

/**
 * The queries of a compiled script, one per sink: in a statement set each
 * stateful operator belongs to the INSERTs whose sinks it feeds (the plan's
 * edges, PlanSummary.java). Keyed by sink name, with an occurrence number when
 * several INSERTs write the same sink.
 */
function jobsOf(side: PlanSide): Map<string, Job> {
  const out = new Map<string, Job>();
  const put = (job: Job): void => {
    let key = job.key;
    for (let n = 2; out.has(key); n++) key = `${job.key}#${n}`;
    out.set(key, { ...job, key });
  };
  for (const compiled of side.compiled.jobs) {
    const sinks = side.script.sinks.filter((s) => compiled.statements.includes(s.statement));
    const attributed = compiled.operators.every((op) => op.sinks.length > 0);
    if (sinks.length === 0 || (sinks.length > 1 && !attributed)) {
      put(wholeJob(side.script, compiled, sinks));
      continue;
    }
    for (const sink of sinks) {
      const name = tableName(sink.sink);
      put({
        key: name,
        sinks: [sink.sink],
        statement: sink.statement + 1,
        line: sink.line,
        operators:
          sinks.length === 1
            ? compiled.operators
            : compiled.operators.filter((op) => op.sinks.some((t) => tableName(t) === name)),
      });
    }
  }
  return out;
}

/** A job whose operators cannot be told apart by sink: compared as one, keyed by all its sinks. */
function wholeJob(script: Script, compiled: CompiledJob, sinks: SinkQuery[]): Job {
  const names = [...new Set(sinks.map((s) => tableName(s.sink)))].sort();
  const first = sinks[0];
  const statement = first?.statement ?? compiled.statements[0] ?? 0;
  return {
    key: names.join(", ") || `statement ${statement + 1}`,
    sinks: names.length > 0 ? [...new Set(sinks.map((s) => s.sink))] : [`statement ${statement + 1}`],
    statement: statement + 1,
    line: first?.line ?? script.statements[statement]?.line ?? 1,
    operators: compiled.operators,
  };
}

/** The last part of a table name, unquoted and lower-cased: `cat`.`db`.`Totals` and db.totals are "totals". */
function tableName(name: string): string {
  const parts = name.match(/`(?:[^`]|``)*`|[^.]+/g) ?? [name];
  const last = parts[parts.length - 1] ?? name;
  return (last.startsWith("`") ? last.slice(1, -1).replace(/``/g, "`") : last).toLowerCase();
}

function describe(ops: PlanOperator[]): string {
  return [...new Set(ops.map(operatorName))].join(", ");
}

function short(value: string | undefined): string {
  const text = value === undefined ? "none" : `[${value}]`;
  return text.length <= 100 ? text : `${text.slice(0, 99)}…`;
}
