// What a savepoint restore will make of a SQL change, judged per sink by the
// rules Alibaba publishes for the console's state compatibility check (see
// rules.ts for the rules and their pages). Local and heuristic: the console's
// own check (Start Job › Resume mode) and the deploy are the authority; this
// tells a reviewer before the merge.
//
// How it works: both scripts are read into a Script (statements, SETs, views,
// INSERTs); each INSERT's query (views inlined) is analysed into its stateful
// operators; the operators of the same sink are paired old → new and compared
// by the rule of their kind. Sinks only in the old script were deleted, only
// in the new one were added. Each reason names the statement, the line, the
// sink and the operator. The verdict is the worst reason (incompatible >
// unknown > partially compatible > compatible), and "more than one item
// changed" (Additional limitations) turns two or more item changes into
// unknown.
import { analyzeQuery, type Located, type Operator, type OperatorKind } from "./analyzer";
import { sourceOf, SOURCES, VERDICT_SEVERITY, type SourceId, type Verdict } from "./rules";
import { Script, type SinkQuery } from "./script";

export type { Verdict } from "./rules";

export interface CompatibilityContext {
  engineVersion?: { old?: string; new?: string };
  additionalDependencies?: { old?: readonly string[]; new?: readonly string[] };
}

export interface CompatibilityReason {
  /** What this reason alone makes of the restore. */
  verdict: Verdict;
  message: string;
  /** The published rule applied: a key of SOURCES, with its title and address. */
  rule: SourceId;
  ruleTitle: string;
  ruleUrl: string;
  sink?: string;
  /** 1-based statement number in `script`. */
  statement?: number;
  /** 1-based line in `script`. */
  line?: number;
  /** Which script statement and line refer to: the new one, or the old one for what was removed. */
  script?: "new" | "old";
  /** The operator: one of the analyzer's kinds, "sink", "SET", or a plan operator's name (planner/plan-comparison.ts). */
  operator?: OperatorKind | "sink" | "SET" | (string & {});
  /** The view the operator is defined in. */
  view?: string;
  /** True when this is one "item" of the multiple-items rule (an aggregate, a sink, a WHERE). */
  item?: boolean;
}

export interface CompatibilityResult {
  verdict: Verdict;
  reasons: CompatibilityReason[];
  /** Things a reviewer may want to know that do not change the verdict. */
  notes: string[];
}

/** The wording of the "more than one item changed" reason (plan-judgement.ts recognises it). */
export const MULTIPLE_ITEMS = "items change at once";

const IGNORE_FILTER = "table.optimizer.state-compatibility.ignore-filter";
const IGNORE_SINK = "table.optimizer.state-compatibility.ignore-sink";
const STATE_TTL = "table.exec.state.ttl";
/** Options that change how aggregations are planned (operators and their state); no published rule covers them. */
const AGGREGATION_PLAN_OPTIONS = [
  "table.exec.mini-batch.enabled",
  "table.optimizer.agg-phase-strategy",
  "table.optimizer.distinct-agg.split.enabled",
];
const FIRE_PREFIXES = [
  "table.exec.emit.early-fire.",
  "table.exec.emit.late-fire.",
  "table.exec.emit.allow-lateness",
];

interface AnalyzedSink {
  query: SinkQuery;
  /** The sink name plus an occurrence number when several INSERTs write to it. */
  key: string;
  operators: Operator[];
  problems: string[];
}

/**
 * The state-compatibility verdict of replacing `oldSql` with `newSql` (both
 * after `${var}` substitution), with its reasons. Never throws on odd SQL:
 * what it cannot read becomes an "unknown" reason.
 */
export function checkStateCompatibility(
  oldSql: string,
  newSql: string,
  context: CompatibilityContext = {},
): CompatibilityResult {
  try {
    const review = new Review(new Script(oldSql), new Script(newSql));
    review.context(context);
    review.settings();
    review.sinks();
    return review.result();
  } catch (err) {
    // A reading bug must not break a preview: say what happened and claim nothing.
    const message = err instanceof Error ? err.message : String(err);
    return {
      verdict: "unknown",
      reasons: [
        {
          verdict: "unknown",
          rule: "review",
          ruleTitle: SOURCES.review.title,
          ruleUrl: SOURCES.review.url,
          message: `the review could not read the SQL (${message}); check the state compatibility in the console`,
        },
      ],
      notes: [],
    };
  }
}

class Review {
  readonly reasons: CompatibilityReason[] = [];
  readonly notes: string[] = [];
  private readonly ignoreFilter: boolean;

  constructor(
    private readonly old: Script,
    private readonly new_: Script,
  ) {
    this.ignoreFilter = isTrue(new_.settings.get(IGNORE_FILTER));
  }

  private add(reason: Omit<CompatibilityReason, "ruleTitle" | "ruleUrl">): void {
    const source = SOURCES[reason.rule];
    this.reasons.push({ ...reason, ruleTitle: source.title, ruleUrl: source.url });
  }

  context(context: CompatibilityContext): void {
    const engine = context.engineVersion;
    if (engine && engine.old !== undefined && engine.new !== undefined && engine.old !== engine.new) {
      const flink = (v: string): string => /flink-(\d+\.\d+)$/.exec(v)?.[1] ?? v;
      const sameFlink = flink(engine.old) === flink(engine.new);
      this.add({
        verdict: "unknown",
        rule: "otherLimits",
        message:
          `the engine version changes (${engine.old} → ${engine.new}${sameFlink ? `, both Flink ${flink(engine.new)}` : ""}): ` +
          "the console cannot determine state compatibility across versions",
      });
    }
    const deps = context.additionalDependencies;
    if (deps) {
      const before = [...(deps.old ?? [])].sort();
      const after = [...(deps.new ?? [])].sort();
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        const added = after.filter((d) => !before.includes(d));
        const removed = before.filter((d) => !after.includes(d));
        const parts = [...added.map((d) => `+${d}`), ...removed.map((d) => `-${d}`)];
        this.add({
          verdict: "unknown",
          rule: "otherLimits",
          message:
            `the additional dependencies change (${parts.join(", ")}): the state of custom connectors and UDFs ` +
            "cannot be checked; verify their compatibility by hand",
        });
      }
    }
  }

  settings(): void {
    const before = this.old.settings;
    const after = this.new_.settings;
    const keys = new Set([...before.keys(), ...after.keys()]);
    const changed = [...keys].filter((k) => before.get(k) !== after.get(k));
    const operators = this.new_.sinks.flatMap((s) => analyzeQuery(this.new_, s.first, s.end).operators);
    const has = (kinds: OperatorKind[]): boolean => operators.some((o) => kinds.includes(o.kind));
    for (const key of changed) {
      const at = this.new_.settingAt.get(key) ?? this.old.settingAt.get(key);
      const script = this.new_.settingAt.has(key) ? "new" : "old";
      const where = at ? { statement: at.statement + 1, line: at.line, script: script as "new" | "old" } : {};
      const values = `${before.get(key) ?? "(unset)"} → ${after.get(key) ?? "(unset)"}`;
      if (FIRE_PREFIXES.some((p) => key.startsWith(p)) && has(["window aggregation"])) {
        this.add({
          verdict: "incompatible",
          rule: "groupWindowAggregate",
          operator: "SET",
          ...where,
          message: `${key} changes (${values}): early-/late-fire settings are part of a window aggregation's state`,
        });
      } else if (key === STATE_TTL && operators.length > 0) {
        if (ttlEnabled(before.get(key)) !== ttlEnabled(after.get(key))) {
          this.add({
            verdict: "unknown",
            rule: "flinkTtl",
            operator: "SET",
            ...where,
            message:
              `${key} turns state TTL ${ttlEnabled(after.get(key)) ? "on" : "off"} (${values}): before Flink 2.2 ` +
              "a restore may fail when TTL is enabled or disabled on existing state",
          });
        } else
          this.notes.push(`${key} changes (${values}): the TTL value alone does not change the state layout`);
      } else if (AGGREGATION_PLAN_OPTIONS.includes(key) && has(["group aggregation", "window aggregation"])) {
        this.add({
          verdict: "unknown",
          rule: "review",
          operator: "SET",
          ...where,
          message:
            `${key} changes (${values}): it changes how aggregations are planned (operators and their state), ` +
            "which no published rule covers",
        });
      } else if (key === IGNORE_FILTER || key === IGNORE_SINK) {
        this.notes.push(`${key} changes (${values}); the new value is applied to this review`);
      }
    }
  }

  sinks(): void {
    const before = this.analyze(this.old);
    const after = this.analyze(this.new_);
    const removed = [...before.keys()].filter((k) => !after.has(k));
    const added = [...after.keys()].filter((k) => !before.has(k));
    const pairs: [AnalyzedSink, AnalyzedSink, boolean][] = [];
    for (const key of before.keys()) {
      const next = after.get(key);
      if (next) pairs.push([before.get(key) as AnalyzedSink, next, false]);
    }
    // A sink renamed (MySink → MySink2) keeps its query: pair a deleted sink with
    // an added one whose operators are of the same kinds, so that the change reads
    // as "the sink changed" (+ whatever changed in the query), as the published
    // example does, rather than as a deleted and a new stateful query.
    for (const key of [...removed]) {
      const gone = before.get(key) as AnalyzedSink;
      if (gone.operators.length === 0) continue;
      const kinds = kindsOf(gone.operators);
      const match = added.find((k) => kindsOf((after.get(k) as AnalyzedSink).operators) === kinds);
      if (match === undefined) continue;
      pairs.push([gone, after.get(match) as AnalyzedSink, true]);
      removed.splice(removed.indexOf(key), 1);
      added.splice(added.indexOf(match), 1);
    }
    const ignoreSink = !isFalse(this.new_.settings.get(IGNORE_SINK));
    const temporaryTouched = [...this.old.temporaryTables].filter(
      ([name, text]) => this.new_.temporaryTables.get(name) !== text,
    );
    for (const key of removed) {
      const gone = before.get(key) as AnalyzedSink;
      const where = {
        sink: gone.query.sink,
        statement: gone.query.statement + 1,
        line: gone.query.line,
        script: "old" as const,
      };
      if (temporaryTouched.length > 0) {
        this.add({
          verdict: "unknown",
          rule: "otherLimits",
          operator: "sink",
          item: true,
          ...where,
          message:
            `the INSERT into ${gone.query.sink} is deleted while TEMPORARY TABLE ` +
            `${temporaryTouched.map(([n]) => n).join(", ")} is modified or deleted`,
        });
      } else {
        this.add({
          verdict: "compatible",
          rule: "otherLimits",
          operator: "sink",
          item: true,
          ...where,
          message:
            `the INSERT into ${gone.query.sink} is deleted` +
            (gone.operators.length > 0
              ? `; the state of its ${describeKinds(gone.operators)} is discarded`
              : ""),
        });
      }
    }
    for (const key of added) {
      const fresh = after.get(key) as AnalyzedSink;
      const where = { sink: fresh.query.sink, statement: fresh.query.statement + 1, script: "new" as const };
      if (fresh.operators.length > 0) {
        const op = fresh.operators[0];
        this.add({
          verdict: "incompatible",
          rule: "otherLimits",
          operator: op.kind,
          ...where,
          line: op.line,
          ...(op.view ? { view: op.view } : {}),
          message: `a new INSERT into ${fresh.query.sink} adds a query with new state (${describeKinds(fresh.operators)})`,
        });
      } else {
        this.add({
          verdict: "compatible",
          rule: "sink",
          operator: "sink",
          item: true,
          ...where,
          line: fresh.query.line,
          message: `a new INSERT into ${fresh.query.sink} with a stateless query`,
        });
      }
    }
    for (const [was, is, renamed] of pairs) {
      if (renamed) {
        this.add({
          verdict: ignoreSink ? "compatible" : "unknown",
          rule: "sink",
          operator: "sink",
          item: true,
          sink: is.query.sink,
          statement: is.query.statement + 1,
          line: is.query.line,
          script: "new",
          message:
            `the sink changes from ${was.query.sink} to ${is.query.sink}` +
            (ignoreSink ? "" : ` (${IGNORE_SINK} is false, so the sink is checked as a stateful operator)`),
        });
      }
      this.compareSink(was, is);
    }
  }

  private analyze(script: Script): Map<string, AnalyzedSink> {
    const out = new Map<string, AnalyzedSink>();
    const seen = new Map<string, number>();
    for (const query of script.sinks) {
      const n = (seen.get(query.sink) ?? 0) + 1;
      seen.set(query.sink, n);
      const key = n === 1 ? query.sink : `${query.sink}#${n}`;
      const { operators, problems } = analyzeQuery(script, query.first, query.end);
      out.set(key, { query, key, operators, problems });
    }
    return out;
  }

  private compareSink(was: AnalyzedSink, is: AnalyzedSink): void {
    const sink = is.query.sink;
    const statement = is.query.statement + 1;
    const oldStatement = this.old.statements[was.query.statement];
    const newStatement = this.new_.statements[is.query.statement];
    if (is.problems.length > 0 && oldStatement?.normalized !== newStatement?.normalized) {
      this.add({
        verdict: "unknown",
        rule: "review",
        sink,
        statement,
        line: is.query.line,
        script: "new",
        message: `the query of ${sink} changed and could not be read completely (${is.problems.join("; ")})`,
      });
    }
    const before = was.operators;
    const after = is.operators;
    if (kindsOf(before) !== kindsOf(after)) {
      const beforeKinds = before.map((o) => o.kind);
      for (const op of after) {
        const i = beforeKinds.indexOf(op.kind);
        if (i !== -1) beforeKinds.splice(i, 1);
        else
          this.add({
            verdict: "incompatible",
            rule: "otherLimits",
            operator: op.kind,
            sink,
            statement,
            line: op.line,
            script: "new",
            ...(op.view ? { view: op.view } : {}),
            message: `the query of ${sink} gains a ${op.kind}: new state in the middle of an existing pipeline`,
          });
      }
      const afterKinds = after.map((o) => o.kind);
      for (const op of before) {
        const i = afterKinds.indexOf(op.kind);
        if (i !== -1) afterKinds.splice(i, 1);
        else
          this.add({
            verdict: "incompatible",
            rule: "otherLimits",
            operator: op.kind,
            sink,
            statement: was.query.statement + 1,
            line: op.line,
            script: "old",
            ...(op.view ? { view: op.view } : {}),
            message: `the query of ${sink} loses its ${op.kind}: the operators after it read different input`,
          });
      }
      return;
    }
    for (let i = 0; i < after.length; i++) this.compareOperator(sink, statement, before[i], after[i]);
  }

  private compareOperator(sink: string, statement: number, was: Operator, is: Operator): void {
    const kind = is.kind;
    // A window TVF's definition names its input "<input>"; a legacy GROUP BY TUMBLE(ts, …) does not.
    const rule = sourceOf(kind, (is.window ?? "").includes("<input>"));
    const at = {
      sink,
      statement,
      line: is.line,
      script: "new" as const,
      ...(is.view ? { view: is.view } : {}),
    };
    const incompatible = (
      message: string,
      line = is.line,
      source: SourceId = rule,
      operator: OperatorKind = kind,
    ): void => this.add({ verdict: "incompatible", rule: source, operator, ...at, line, message });

    // Inputs: source tables, then the WHERE clauses and lookup joins before the operator.
    if (!sameList(was.input.sources, is.input.sources)) {
      incompatible(
        `the ${kind} reads other source tables (${was.input.sources.join(", ")} → ${is.input.sources.join(", ")})`,
        is.line,
        "source",
      );
      return;
    }
    const filters = diff(was.input.filters, is.input.filters);
    if (filters.added.length + filters.removed.length > 0) {
      const line = filters.added[0]?.line ?? is.line;
      const what = describeDiff(filters);
      if (this.ignoreFilter) {
        this.add({
          verdict: "compatible",
          rule: "where",
          operator: kind,
          item: true,
          ...at,
          line,
          message: `the filter before the ${kind} changes (${what}); ${IGNORE_FILTER} is true, so its effect on the state is ignored`,
        });
      } else {
        this.add({
          verdict: "incompatible",
          rule: "where",
          operator: kind,
          item: true,
          ...at,
          line,
          message:
            `the filter before the ${kind} changes (${what}): the ${kind} then holds state built from other rows ` +
            `(set ${IGNORE_FILTER}=true to accept that)`,
        });
      }
    }
    const projectionsChanged = !sameList(was.input.projections, is.input.projections);

    switch (kind) {
      case "group aggregation":
      case "window aggregation": {
        if (!sameList(was.keys ?? [], is.keys ?? [])) {
          incompatible(
            `the GROUP BY keys change (${(was.keys ?? []).join(", ")} → ${(is.keys ?? []).join(", ")})`,
          );
        }
        if (!sameList(was.windowKeys ?? [], is.windowKeys ?? [])) {
          incompatible(
            `the window keys in GROUP BY change (${(was.windowKeys ?? []).join(", ")} → ${(is.windowKeys ?? []).join(", ")})`,
          );
        }
        if ((was.window ?? "") !== (is.window ?? "")) {
          incompatible(`the window changes (${was.window ?? "none"} → ${is.window ?? "none"})`);
        }
        const distinctBefore = (was.distinct ?? []).map((d) => d.text);
        const distinctAfter = (is.distinct ?? []).map((d) => d.text);
        if (!sameList(distinctBefore, distinctAfter, true)) {
          const line = (is.distinct ?? [])[0]?.line ?? is.line;
          incompatible(
            `the distinct aggregates change (${distinctBefore.join(", ") || "none"} → ${distinctAfter.join(", ") || "none"}); ` +
              "their order is part of the state key",
            line,
            rule,
            "DISTINCT aggregate",
          );
        }
        this.compareAggregates(was, is, at, rule, true);
        if (projectionsChanged) {
          this.add({
            verdict: "partially-compatible",
            rule,
            operator: kind,
            item: true,
            ...at,
            message: `a field the ${kind} reads is computed differently: the aggregates over it start again from the restart`,
          });
        }
        break;
      }
      case "OVER aggregation": {
        if (!sameList(was.overWindows ?? [], is.overWindows ?? [])) {
          incompatible(
            `the OVER window changes (${(was.overWindows ?? []).join("; ")} → ${(is.overWindows ?? []).join("; ")}): ` +
              "its state is keyed and ordered by it",
          );
        }
        if (!sameList(was.inputColumns ?? [], is.inputColumns ?? []) || projectionsChanged) {
          incompatible("the input schema of the OVER aggregation changes");
        }
        this.compareAggregates(was, is, at, rule, false);
        break;
      }
      case "deduplication":
      case "Top-N":
      case "window Top-N": {
        if (!sameList(was.partition ?? [], is.partition ?? [])) {
          incompatible(
            `the PARTITION BY keys change (${(was.partition ?? []).join(", ")} → ${(is.partition ?? []).join(", ")})`,
          );
        }
        if (was.order !== is.order)
          incompatible(`the ORDER BY changes (${was.order ?? ""} → ${is.order ?? ""})`);
        if (was.limit !== is.limit)
          incompatible(`the rank filter changes (${was.limit ?? ""} → ${is.limit ?? ""})`);
        if (kind === "window Top-N" && (was.window ?? "") !== (is.window ?? "")) {
          incompatible(
            `the window changes (${was.window ?? "none"} → ${is.window ?? "none"})`,
            is.line,
            "windowTvf",
          );
        }
        if (kind === "deduplication") {
          // Keep-first-row on processing time stores only the key; the other modes store the row.
          if (
            !is.proctimeAscending &&
            (!sameList(was.fieldNames ?? [], is.fieldNames ?? [], true) || projectionsChanged)
          ) {
            incompatible(
              "the selected fields change the schema of a deduplication that keeps rows (rowtime or proctime DESC)",
            );
          }
        } else if (!sameList(was.fields ?? [], is.fields ?? [], true) || projectionsChanged) {
          incompatible(`the selected fields of the ${kind} change`);
        }
        break;
      }
      case "MATCH_RECOGNIZE":
        if (was.definition !== is.definition)
          incompatible(
            "the MATCH_RECOGNIZE clause changes (pattern, measures, AFTER, PARTITION BY or ORDER BY)",
          );
        else if (projectionsChanged) incompatible("the input of MATCH_RECOGNIZE changes");
        break;
      default:
        if (was.definition !== is.definition)
          incompatible(`the ${kind} changes (${was.definition ?? ""} → ${is.definition ?? ""})`);
        else if ((was.window ?? "") !== (is.window ?? "")) incompatible(`the window of the ${kind} changes`);
        else if (projectionsChanged) incompatible(`the input schema of the ${kind} changes`);
    }
  }

  /** Non-distinct aggregates: the add/delete/modify rules of the aggregation pages. */
  private compareAggregates(
    was: Operator,
    is: Operator,
    at: { sink: string; statement: number; line: number; script: "new"; view?: string },
    rule: SourceId,
    strict: boolean,
  ): void {
    const { added, removed } = diff(was.aggregates ?? [], is.aggregates ?? []);
    if (added.length + removed.length === 0) return;
    const before = was.aggregates ?? [];
    const after = is.aggregates ?? [];
    const line = added[0]?.line ?? is.line;
    const what = describeDiff({ added, removed });
    const base = { rule, operator: is.kind, item: true, ...at, line };
    // The Window TVF page lists four incompatible cases; group aggregation state has the
    // same layout (keyed by GROUP BY, one accumulator per aggregate), so they apply to it too.
    const distinctLeft = (is.distinct ?? []).length + (was.distinct ?? []).length;
    let incompatible: string | undefined;
    if (strict && before.length > 0 && after.length === 0 && distinctLeft === 0)
      incompatible = "every aggregate is deleted";
    else if (strict && before.length === 0 && after.length > 0 && distinctLeft === 0)
      incompatible = "aggregates are added where there were none";
    else if (strict && before.length === 1 && after.length === 1) incompatible = "the only aggregate changes";
    else if (strict && removed.length === before.length && added.length === after.length)
      incompatible = "the whole set of aggregates is replaced";
    if (incompatible) {
      this.add({ verdict: "incompatible", ...base, message: `${incompatible} (${what})` });
    } else if (added.length === 0) {
      this.add({
        verdict: "compatible",
        ...base,
        message: `aggregates are deleted (${what}); their state is discarded`,
      });
    } else {
      this.add({
        verdict: "partially-compatible",
        ...base,
        message: `aggregates change (${what}): the new ones start from zero at the restart, the others keep their state`,
      });
    }
  }

  result(): CompatibilityResult {
    const items = this.reasons.filter((r) => r.item);
    if (items.length > 1) {
      this.add({
        verdict: "unknown",
        rule: "otherLimits",
        message:
          `${items.length} ${MULTIPLE_ITEMS} (${items.map((r) => `${r.operator ?? "item"} in ${r.sink ?? "?"}`).join(", ")}); ` +
          "the console checks one change (an aggregate, a sink or a WHERE clause) at a time",
      });
    }
    let verdict: Verdict = "compatible";
    for (const r of this.reasons)
      if (VERDICT_SEVERITY[r.verdict] > VERDICT_SEVERITY[verdict]) verdict = r.verdict;
    return { verdict, reasons: this.reasons, notes: this.notes };
  }
}

function kindsOf(ops: Operator[]): string {
  return ops.map((o) => o.kind).join(",");
}

function describeKinds(ops: Operator[]): string {
  return [...new Set(ops.map((o) => o.kind))].join(", ");
}

function sameList(a: readonly string[], b: readonly string[], ordered = true): boolean {
  if (a.length !== b.length) return false;
  if (ordered) return a.every((x, i) => x === b[i]);
  const sorted = [...b].sort();
  return [...a].sort().every((x, i) => x === sorted[i]);
}

/** Multiset difference of located texts. */
function diff(
  before: readonly Located[],
  after: readonly Located[],
): { added: Located[]; removed: Located[] } {
  const left = [...before];
  const added: Located[] = [];
  for (const x of after) {
    const i = left.findIndex((y) => y.text === x.text);
    if (i === -1) added.push(x);
    else left.splice(i, 1);
  }
  return { added, removed: left };
}

function describeDiff(d: { added: Located[]; removed: Located[] }): string {
  return [...d.added.map((x) => `+ ${x.text}`), ...d.removed.map((x) => `- ${x.text}`)].join(", ");
}

function isTrue(v: string | undefined): boolean {
  return v?.trim().toLowerCase() === "true";
}

function isFalse(v: string | undefined): boolean {
  return v?.trim().toLowerCase() === "false";
}

/** `table.exec.state.ttl`: unset, 0, "0 ms" … mean no TTL. */
function ttlEnabled(v: string | undefined): boolean {
  if (v === undefined) return false;
  const m = /^\s*(\d+(?:\.\d+)?)/.exec(v);
  return m ? Number(m[1]) > 0 : true;
}
