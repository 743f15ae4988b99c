// A light structural analysis of the query behind one sink: the query blocks
// (SELECT … FROM … WHERE … GROUP BY …) with views and WITH items inlined, and
// the stateful operators each block creates. It reads clauses from tokens and
// parentheses; it is not a parser and does not resolve types, so where the
// planner's choice depends on a type (processing time or event time) it uses
// what the script declares (`col AS PROCTIME()`) and, failing that, the name.
//
// What it recognises, after Flink's SQL query documentation (Queries: Group
// Aggregation, Window TVF / Window Aggregation, Over Aggregation, Joins,
// Window Join, Top-N, Window Top-N, Deduplication, Pattern Recognition):
// - aggregate calls in the SELECT list and HAVING, DISTINCT inside them, SELECT DISTINCT;
// - GROUP BY keys, legacy group windows (GROUP BY TUMBLE(ts, …)) and window
//   TVFs (TABLE(TUMBLE|HOP|CUMULATE|SESSION(…))) with their arguments;
// - OVER aggregates with their (possibly named) windows;
// - JOIN kinds: regular, interval (a time bound with INTERVAL in the condition),
//   temporal and lookup (FOR SYSTEM_TIME AS OF; lookup when the time is a
//   processing-time column), window joins (window_start/window_end equalities);
// - ROW_NUMBER()/RANK()/DENSE_RANK() OVER (PARTITION BY … ORDER BY …) filtered
//   by the enclosing WHERE (rk = 1, rk <= N, rk < N): Top-N, deduplication, window Top-N;
// - MATCH_RECOGNIZE.
import { findTopLevel, Script, startsQuery } from "./script";

export type OperatorKind =
  | "group aggregation"
  | "window aggregation"
  | "OVER aggregation"
  | "regular join"
  | "interval join"
  | "temporal join"
  | "lookup join"
  | "window join"
  | "deduplication"
  | "Top-N"
  | "window Top-N"
  | "MATCH_RECOGNIZE"
  | "DISTINCT aggregate";

export interface Located {
  text: string;
  line: number;
}

export interface Operator {
  kind: OperatorKind;
  /** 1-based line of the token that makes the operator (GROUP, JOIN, OVER, ROW_NUMBER, …). */
  line: number;
  /** The view the operator is defined in, when it is not in the INSERT itself. */
  view?: string;
  /** Aggregations: GROUP BY keys other than the window, in order. */
  keys?: string[];
  /** Window aggregations: window keys (window_start, window_end, TUMBLE(…)) as a set. */
  windowKeys?: string[];
  /** Window aggregations and window joins: the window definition (function and arguments). */
  window?: string;
  /** Non-distinct aggregate calls (OVER aggregates: without their window). */
  aggregates?: Located[];
  /** Distinct aggregate calls, in order (their order is part of the state layout). */
  distinct?: Located[];
  /** OVER aggregation: the window specifications; Top-N/dedup: PARTITION BY keys. */
  overWindows?: string[];
  partition?: string[];
  order?: string;
  /** Top-N: the rank filter with the alias replaced by "rank" (e.g. "rank <= 3"). */
  limit?: string;
  /** Deduplication: ordered by a processing-time column ascending (keeps the first row). */
  proctimeAscending?: boolean;
  /** Top-N and deduplication: the output column names, rank column excluded. */
  fieldNames?: string[];
  /** Top-N: the output expressions, rank column excluded. */
  fields?: string[];
  /** OVER aggregation: the names of the plain (non-aggregate) columns it outputs. */
  inputColumns?: string[];
  /** Joins and MATCH_RECOGNIZE: everything that defines them, canonical. */
  definition?: string;
  /** The WHERE conditions, lookup joins and source tables that feed this operator, up to the previous stateful one. */
  input: { filters: Located[]; projections: string[]; sources: string[] };
}

interface Block {
  parent?: Block;
  children: Block[];
  /** WHERE conjuncts, canonical. */
  where: Located[];
  /** SELECT items (canonical expression, output name). */
  select: { expr: string; name: string; line: number; rank?: RankItem }[];
  ops: Operator[];
  /** Lookup joins: stateless themselves, but they change what the operators after them receive. */
  lookups: Located[];
  sources: string[];
  view?: string;
  /** The window TVF this block reads directly. */
  windowTvf?: { definition: string; line: number };
}

/** The window TVF a block reads, directly or through stateless blocks below it. */
function windowOf(block: Block): { definition: string; line: number } | undefined {
  if (block.windowTvf) return block.windowTvf;
  for (const child of block.children) {
    if (child.ops.length > 0) continue;
    const found = windowOf(child);
    if (found) return found;
  }
  return undefined;
}

interface RankItem {
  alias: string;
  partition: string[];
  order: string;
  orderColumn: string;
  ascending: boolean;
  line: number;
}

const AGGREGATE_FUNCTIONS = new Set(
  `COUNT SUM SUM0 MIN MAX AVG STDDEV STDDEV_POP STDDEV_SAMP VAR_POP VAR_SAMP VARIANCE COLLECT LISTAGG
   FIRST_VALUE LAST_VALUE ARRAY_AGG JSON_OBJECTAGG JSON_ARRAYAGG APPROX_COUNT_DISTINCT BIT_AND BIT_OR
   BIT_XOR STRING_AGG GROUP_CONCAT ANY_VALUE SINGLE_VALUE PERCENTILE PERCENTILE_CONT PERCENTILE_DISC`
    .trim()
    .split(/\s+/),
);
const RANK_FUNCTIONS = new Set(["ROW_NUMBER", "RANK", "DENSE_RANK"]);
const WINDOW_FUNCTIONS = new Set(["TUMBLE", "HOP", "CUMULATE", "SESSION"]);
const WINDOW_ATTRIBUTES = new Set(["WINDOW_START", "WINDOW_END", "WINDOW_TIME"]);
const CLAUSES = ["SELECT", "FROM", "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "QUALIFY"];
const JOIN_WORDS = new Set([
  "JOIN",
  "LEFT",
  "RIGHT",
  "FULL",
  "INNER",
  "OUTER",
  "CROSS",
  "NATURAL",
  "ANTI",
  "SEMI",
]);
/** Words that end an expression and are not an alias (CASE … END, x IS NULL, INTERVAL '1' MINUTE). */
const NOT_ALIASES = new Set(
  "END NULL TRUE FALSE UNKNOWN SECOND SECONDS MINUTE MINUTES HOUR HOURS DAY DAYS MONTH MONTHS YEAR YEARS".split(
    " ",
  ),
);
/** Words after which the next word is an operand, not an alias. */
const NOT_BEFORE_ALIAS = new Set(
  "IS NOT AND OR THEN ELSE WHEN CASE BY INTERVAL AS DISTINCT LIKE IN".split(" "),
);
/** View nesting deeper than this is taken as a cycle. */
const MAX_VIEW_DEPTH = 16;

export interface QueryAnalysis {
  operators: Operator[];
  /** Stateless parts that would matter if they fed a stateful operator (for the reviewer's notes). */
  problems: string[];
}

/** The stateful operators of the query in [first, end) of `script`, in data-flow order. */
export function analyzeQuery(script: Script, first: number, end: number): QueryAnalysis {
  const analyzer = new Analyzer(script);
  const root = analyzer.query(first, end, undefined, new Map(), 0, undefined);
  const operators: Operator[] = [];
  const visit = (block: Block): void => {
    for (const child of block.children) visit(child);
    for (const op of block.ops) operators.push(op);
  };
  for (const block of root) visit(block);
  for (const op of operators) {
    const owner = analyzer.ownerOf.get(op);
    op.input = inputOf(owner);
    // Window joins and window Top-N read the window from the stateless blocks below them.
    if (
      owner &&
      op.window === undefined &&
      op.kind !== "group aggregation" &&
      op.kind !== "OVER aggregation"
    ) {
      op.window = windowOf(owner)?.definition;
    }
  }
  return { operators, problems: analyzer.problems };
}

/** What feeds an operator: its block's filters and every stateless block below it. */
function inputOf(block: Block | undefined): Operator["input"] {
  const input: Operator["input"] = { filters: [], projections: [], sources: [] };
  if (!block) return input;
  const collect = (b: Block, own: boolean): void => {
    if (!own && b.ops.length > 0) return; // that operator's own changes are reported at its level
    input.filters.push(...b.where, ...b.lookups);
    input.sources.push(...b.sources);
    if (!own) input.projections.push(...b.select.filter((s) => s.expr !== "*").map((s) => s.expr));
    for (const child of b.children) collect(child, false);
  };
  collect(block, true);
  input.sources.sort();
  return input;
}

class Analyzer {
  readonly problems: string[] = [];
  readonly ownerOf = new Map<Operator, Block>();
  constructor(private readonly s: Script) {}

  private get u(): string[] {
    return this.s.upper;
  }

  /** A query: WITH items, then blocks joined by UNION/INTERSECT/EXCEPT. */
  query(
    first: number,
    end: number,
    parent: Block | undefined,
    scope: Map<string, [number, number]>,
    depth: number,
    view: string | undefined,
  ): Block[] {
    const u = this.u;
    let i = first;
    while (i < end && u[i] === "(" && this.s.match[i] === end - 1) {
      i++;
      end--;
    }
    if (u[i] === "WITH") {
      scope = new Map(scope);
      i++;
      for (;;) {
        const [name, after] = this.s.qualifiedName(i, end);
        let j = after;
        if (u[j] === "(" && u[j + 1] !== "SELECT" && this.s.match[j] > 0) j = this.s.match[j] + 1;
        if (!name || u[j] !== "AS" || u[j + 1] !== "(" || this.s.match[j + 1] < 0) break;
        scope.set(name, [j + 2, this.s.match[j + 1]]);
        i = this.s.match[j + 1] + 1;
        if (u[i] === ",") i++;
        else break;
      }
    }
    const blocks: Block[] = [];
    let start = i;
    for (let k = i; k <= end; k++) {
      if (k === end || u[k] === "UNION" || u[k] === "INTERSECT" || u[k] === "EXCEPT" || u[k] === "MINUS") {
        if (k > start) blocks.push(this.block(start, k, parent, scope, depth, view));
        if (k < end && (u[k + 1] === "ALL" || u[k + 1] === "DISTINCT")) k++;
        start = k + 1;
        continue;
      }
      if (u[k] === "(" && this.s.match[k] > k) k = this.s.match[k];
    }
    return blocks;
  }

  private block(
    first: number,
    end: number,
    parent: Block | undefined,
    scope: Map<string, [number, number]>,
    depth: number,
    view: string | undefined,
  ): Block {
    const s = this.s;
    const u = this.u;
    const block: Block = {
      parent,
      children: [],
      where: [],
      select: [],
      ops: [],
      lookups: [],
      sources: [],
      view,
    };
    if (u[first] === "(" && s.match[first] === end - 1) {
      block.children.push(...this.query(first + 1, end - 1, block, scope, depth, view));
      return block;
    }
    if (u[first] !== "SELECT") {
      if (u[first] !== "VALUES") this.problems.push(`unrecognised query at line ${s.lineOf(first)}`);
      return block;
    }
    // Clause boundaries at depth 0.
    const at = new Map<string, number>();
    for (let k = first; k < end; k++) {
      if (u[k] === "(" && s.match[k] > k) {
        k = s.match[k];
        continue;
      }
      if (CLAUSES.includes(u[k]) && !at.has(u[k]) && s.tokens[k].kind === "word") at.set(u[k], k);
    }
    const ends = (clause: string): number => {
      const from = at.get(clause) ?? end;
      let e = end;
      for (const [, k] of at) if (k > from && k < e) e = k;
      return e;
    };
    const selectFirst = first + 1;
    const selectDistinct = u[selectFirst] === "DISTINCT";
    const namedWindows = this.namedWindows(at.get("WINDOW"), ends("WINDOW"));

    // WHERE conjuncts (read first: a comma join's time bounds sit there).
    const whereAt = at.get("WHERE");
    if (whereAt !== undefined) block.where = this.conjuncts(whereAt + 1, ends("WHERE"));

    // FROM: tables, subqueries, views, window TVFs, joins, MATCH_RECOGNIZE.
    const fromAt = at.get("FROM");
    if (fromAt !== undefined)
      block.windowTvf = this.from(block, fromAt + 1, ends("FROM"), scope, depth, view);
    const windowTvf = windowOf(block);

    // SELECT items.
    const items = this.splitTopLevel(selectDistinct ? selectFirst + 1 : selectFirst, ends("SELECT"), ",");
    const aggregates: Located[] = [];
    const distinct: Located[] = [];
    const over: { call: Located; window: string; line: number }[] = [];
    for (const [a, b] of items) {
      const { expr, name } = this.selectItem(a, b);
      const rank = this.rankItem(a, name);
      block.select.push({ expr, name, line: s.lineOf(a), rank });
      if (!rank) this.calls(a, b, namedWindows, aggregates, distinct, over);
    }
    const havingAt = at.get("HAVING");
    if (havingAt !== undefined)
      this.calls(havingAt + 1, ends("HAVING"), namedWindows, aggregates, distinct, over);

    // GROUP BY.
    const groupAt = at.get("GROUP");
    const keys: string[] = [];
    const windowKeys: string[] = [];
    let groupWindow: { definition: string; line: number } | undefined;
    if (groupAt !== undefined && u[groupAt + 1] === "BY") {
      for (const [a, b] of this.splitTopLevel(groupAt + 2, ends("GROUP"), ",")) {
        const text = s.normalized(a, b);
        const last = u[b - 1];
        if (WINDOW_FUNCTIONS.has(u[a]) && u[a + 1] === "(") {
          groupWindow = { definition: text, line: s.lineOf(a) };
          windowKeys.push(text);
        } else if (WINDOW_ATTRIBUTES.has(last)) windowKeys.push(last.toLowerCase());
        else keys.push(text);
      }
    }
    const own = (op: Omit<Operator, "input" | "view">): void => {
      const full: Operator = { ...op, input: { filters: [], projections: [], sources: [] } };
      if (view) full.view = view;
      block.ops.push(full);
      this.ownerOf.set(full, block);
    };
    const grouped = groupAt !== undefined || selectDistinct || aggregates.length > 0 || distinct.length > 0;
    if (grouped) {
      const windowed = groupWindow ?? (windowTvf && windowKeys.length > 0 ? windowTvf : undefined);
      if (selectDistinct) keys.push(...block.select.map((x) => x.expr));
      own({
        kind: windowed ? "window aggregation" : "group aggregation",
        line: s.lineOf(groupAt ?? first),
        keys,
        windowKeys: [...windowKeys].sort(),
        window: windowed?.definition,
        aggregates,
        distinct,
      });
    }
    if (over.length > 0) {
      own({
        kind: "OVER aggregation",
        line: over[0].line,
        aggregates: over.map((o) => o.call),
        overWindows: [...new Set(over.map((o) => o.window))].sort(),
        inputColumns: block.select.filter((x) => !/\bOVER\b/.test(x.expr)).map((x) => x.name),
      });
    }
    // A rank in a child block becomes Top-N / deduplication when this block filters on it.
    for (const child of block.children) this.rankOperators(block, child, view);
    return block;
  }

  private rankOperators(parent: Block, child: Block, view: string | undefined): void {
    for (const item of child.select) {
      const rank = item.rank;
      if (!rank) continue;
      const alias = rank.alias.toUpperCase();
      const index = parent.where.findIndex((w) =>
        new RegExp(`(^|[^\\w$])${escape(alias)}([^\\w$]|$)`, "i").test(w.text),
      );
      if (index === -1) continue;
      const [condition] = parent.where.splice(index, 1);
      const limit = condition.text.replace(
        new RegExp(`(^|[^\\w$])${escape(alias)}([^\\w$]|$)`, "gi"),
        "$1rank$2",
      );
      const windowed =
        rank.partition.some((p) => /window_start$/i.test(p)) &&
        rank.partition.some((p) => /window_end$/i.test(p));
      const first = /^(rank = 1|1 = rank|rank <= 1|rank < 2)$/i.test(limit);
      // Window attributes (window_start, window_end, window_time) may come and go in a
      // window Top-N (Window Top-N page: "Add or delete a window attribute field" is compatible).
      const names = parent.select.filter(
        (x) => x.name.toUpperCase() !== alias && !(windowed && WINDOW_ATTRIBUTES.has(x.name.toUpperCase())),
      );
      const kind = windowed ? "window Top-N" : first ? "deduplication" : "Top-N";
      const op: Operator = {
        kind,
        line: rank.line,
        partition: [...rank.partition].sort(),
        order: rank.order,
        limit,
        proctimeAscending:
          rank.ascending &&
          (this.s.proctimeColumns.has(rank.orderColumn.toLowerCase()) ||
            /^PROCTIME\s*\(/i.test(rank.orderColumn)),
        fieldNames: names.map((x) => x.name),
        fields: [...names.map((x) => x.expr), "|", ...child.select.filter((x) => !x.rank).map((x) => x.expr)],
        input: { filters: [], projections: [], sources: [] },
      };
      if (view) op.view = view;
      child.ops.push(op);
      this.ownerOf.set(op, child);
    }
  }

  /** Parses the FROM clause into `block`; returns the window TVF read directly, if any. */
  private from(
    block: Block,
    first: number,
    end: number,
    scope: Map<string, [number, number]>,
    depth: number,
    view: string | undefined,
  ): { definition: string; line: number } | undefined {
    const s = this.s;
    const u = this.u;
    // Split into table references and the joins between them.
    interface Ref {
      join?: { words: string[]; line: number };
      first: number;
      end: number;
      on?: [number, number];
    }
    const refs: Ref[] = [];
    let current: Ref = { first, end };
    let k = first;
    const close = (at: number): void => {
      current.end = at;
      const onAt = findTopLevel(s, current.first, at, (x) => u[x] === "ON" || u[x] === "USING");
      if (onAt !== -1) {
        current.on = [onAt + 1, at];
        current.end = onAt;
      }
      refs.push(current);
    };
    while (k < end) {
      if (u[k] === "(" && s.match[k] > k) {
        k = s.match[k] + 1;
        continue;
      }
      if (u[k] === ",") {
        close(k);
        current = { join: { words: ["COMMA"], line: s.lineOf(k) }, first: k + 1, end };
        k++;
        continue;
      }
      if (JOIN_WORDS.has(u[k]) && s.tokens[k].kind === "word") {
        const words: string[] = [];
        const start = k;
        while (k < end && JOIN_WORDS.has(u[k])) words.push(u[k++]);
        if (words.includes("JOIN")) {
          close(start);
          current = { join: { words, line: s.lineOf(start) }, first: k, end };
          continue;
        }
        continue;
      }
      k++;
    }
    close(end);

    let windowTvf: { definition: string; line: number } | undefined;
    const names: string[] = [];
    for (const ref of refs) {
      const r = this.tableRef(block, ref.first, ref.end, scope, depth, view);
      names.push(r.name);
      if (r.windowTvf) windowTvf = r.windowTvf;
      if (!ref.join || r.stateless) continue;
      const on = ref.on ? s.normalized(ref.on[0], ref.on[1]) : "";
      const definition = `${ref.join.words.join(" ")} ${r.name}${r.asOf ? ` AS OF ${r.asOf}` : ""} ON ${on}`;
      const onUpper = on.toUpperCase();
      let kind: OperatorKind;
      if (r.asOf !== undefined) {
        const column = r.asOf.split(".").pop() ?? r.asOf;
        const proctime = this.s.proctimeColumns.has(column.toLowerCase()) || /PROCTIME/i.test(r.asOf);
        kind = proctime ? "lookup join" : "temporal join";
      } else if (/\bWINDOW_START\b/.test(onUpper) && /\bWINDOW_END\b/.test(onUpper)) kind = "window join";
      else if (/\bINTERVAL\b/.test(onUpper) || (ref.join.words[0] === "COMMA" && this.intervalWhere(block)))
        kind = "interval join";
      else kind = "regular join";
      const line = ref.join.line;
      if (kind === "lookup join") {
        // A lookup join keeps no state (Join page: "State data is not involved in a lookup join")
        // but changes what the operators after it receive, like a WHERE clause.
        block.lookups.push({ text: `lookup join ${definition}`, line });
        continue;
      }
      const op: Operator = {
        kind,
        line,
        definition: `${names[0]} ${definition}`,
        input: { filters: [], projections: [], sources: [] },
      };
      if (view) op.view = view;
      block.ops.push(op);
      this.ownerOf.set(op, block);
    }
    return windowTvf;
  }

  private intervalWhere(block: Block): boolean {
    return block.where.some((w) => /\bINTERVAL\b/i.test(w.text));
  }

  /** One table reference: a name (maybe a view or WITH item), a subquery, a window TVF, UNNEST, LATERAL TABLE. */
  private tableRef(
    block: Block,
    first: number,
    end: number,
    scope: Map<string, [number, number]>,
    depth: number,
    view: string | undefined,
  ): { name: string; stateless?: boolean; asOf?: string; windowTvf?: { definition: string; line: number } } {
    const s = this.s;
    const u = this.u;
    if (u[first] === "LATERAL" || u[first] === "UNNEST")
      return { name: s.normalized(first, end), stateless: true };
    if (u[first] === "(" && s.match[first] > first) {
      const close = s.match[first];
      if (startsQuery(u[first + 1])) {
        block.children.push(...this.query(first + 1, close, block, scope, depth, view));
        return { name: "(subquery)" };
      }
      return { name: s.normalized(first, end) };
    }
    if (
      u[first] === "TABLE" &&
      u[first + 1] === "(" &&
      WINDOW_FUNCTIONS.has(u[first + 2]) &&
      u[first + 3] === "("
    ) {
      const open = first + 3;
      const close = s.match[open];
      if (close < 0) return { name: s.normalized(first, end) };
      const args: string[] = [];
      let input = "";
      for (const [a, b] of this.splitTopLevel(open + 1, close, ",")) {
        const tableAt = findTopLevel(s, a, b, (x) => u[x] === "TABLE");
        if (tableAt !== -1) {
          const [name] = s.qualifiedName(tableAt + 1, b);
          input = this.source(block, name, scope, depth);
          args.push("<input>");
        } else args.push(s.normalized(a, b));
      }
      const definition = `${u[first + 2]}(${args.join(", ")})`;
      return { name: `${definition} over ${input}`, windowTvf: { definition, line: s.lineOf(first + 2) } };
    }
    const [name, after] = s.qualifiedName(first, end);
    if (!name) return { name: s.normalized(first, end) };
    const resolved = this.source(block, name, scope, depth);
    let asOf: string | undefined;
    if (
      u[after] === "FOR" &&
      u[after + 1] === "SYSTEM_TIME" &&
      u[after + 2] === "AS" &&
      u[after + 3] === "OF"
    ) {
      let e = s.qualifiedName(after + 4, end)[1];
      if (u[e] === "(" && s.match[e] > e) e = s.match[e] + 1; // PROCTIME()
      asOf = s.normalized(after + 4, Math.max(e, after + 5));
    }
    const matchAt = findTopLevel(s, after, end, (x) => u[x] === "MATCH_RECOGNIZE");
    if (matchAt !== -1 && u[matchAt + 1] === "(" && s.match[matchAt + 1] > 0) {
      const op: Operator = {
        kind: "MATCH_RECOGNIZE",
        line: s.lineOf(matchAt),
        definition: s.normalized(matchAt, s.match[matchAt + 1] + 1),
        input: { filters: [], projections: [], sources: [] },
      };
      if (view) op.view = view;
      // The pattern reads the referenced table; its state sits in this block.
      block.ops.push(op);
      this.ownerOf.set(op, block);
    }
    return { name: resolved, asOf };
  }

  /** A named input: a WITH item or a view is analysed in place; a table is a source. */
  private source(block: Block, name: string, scope: Map<string, [number, number]>, depth: number): string {
    const local = scope.get(name);
    if (local) {
      block.children.push(...this.query(local[0], local[1], block, scope, depth + 1, block.view));
      return name;
    }
    const definition = this.s.views.get(name);
    if (definition && depth < MAX_VIEW_DEPTH) {
      block.children.push(...this.query(definition.first, definition.end, block, new Map(), depth + 1, name));
      return name;
    }
    block.sources.push(name);
    return name;
  }

  private namedWindows(at: number | undefined, end: number): Map<string, string> {
    const windows = new Map<string, string>();
    if (at === undefined) return windows;
    for (const [a, b] of this.splitTopLevel(at + 1, end, ",")) {
      if (this.u[a + 1] === "AS" && this.u[a + 2] === "(")
        windows.set(this.u[a], this.s.normalized(a + 2, b));
    }
    return windows;
  }

  /** Aggregate calls in [first, end): plain, DISTINCT, and OVER ones (with their window). */
  private calls(
    first: number,
    end: number,
    namedWindows: Map<string, string>,
    aggregates: Located[],
    distinct: Located[],
    over: { call: Located; window: string; line: number }[],
  ): void {
    const s = this.s;
    const u = this.u;
    for (let k = first; k < end; k++) {
      if (u[k] === "(" && u[k + 1] === "SELECT" && s.match[k] > k) {
        k = s.match[k]; // a scalar subquery is its own query
        continue;
      }
      if (!(
        AGGREGATE_FUNCTIONS.has(u[k]) &&
        s.tokens[k].kind === "word" &&
        u[k + 1] === "(" &&
        s.match[k + 1] > k
      ))
        continue;
      if (u[k - 1] === ".") continue;
      const close = s.match[k + 1];
      let callEnd = close + 1;
      if (u[callEnd] === "FILTER" && u[callEnd + 1] === "(" && s.match[callEnd + 1] > 0)
        callEnd = s.match[callEnd + 1] + 1;
      if (u[callEnd] === "WITHIN" && u[callEnd + 1] === "GROUP" && s.match[callEnd + 2] > 0)
        callEnd = s.match[callEnd + 2] + 1;
      const call = { text: s.normalized(k, callEnd), line: s.lineOf(k) };
      if (u[callEnd] === "OVER") {
        let window: string;
        if (u[callEnd + 1] === "(" && s.match[callEnd + 1] > 0) {
          window = s.normalized(callEnd + 1, s.match[callEnd + 1] + 1);
          k = s.match[callEnd + 1];
        } else {
          window = namedWindows.get(u[callEnd + 1]) ?? s.normalized(callEnd + 1, callEnd + 2);
          k = callEnd + 1;
        }
        over.push({ call, window, line: s.lineOf(callEnd) });
        continue;
      }
      // The planner computes an aggregate written twice (SELECT SUM(b) … HAVING SUM(b) > 0) once.
      const into = u[k + 2] === "DISTINCT" ? distinct : aggregates;
      if (!into.some((x) => x.text === call.text)) into.push(call);
      k = callEnd - 1;
    }
  }

  private rankItem(first: number, name: string): RankItem | undefined {
    const s = this.s;
    const u = this.u;
    if (
      !RANK_FUNCTIONS.has(u[first]) ||
      u[first + 1] !== "(" ||
      u[first + 2] !== ")" ||
      u[first + 3] !== "OVER"
    )
      return undefined;
    const open = first + 4;
    const close = s.match[open];
    if (u[open] !== "(" || close < 0) return undefined;
    const partitionAt = findTopLevel(s, open + 1, close, (x) => u[x] === "PARTITION");
    const orderAt = findTopLevel(s, open + 1, close, (x) => u[x] === "ORDER");
    const partition =
      partitionAt === -1
        ? []
        : this.splitTopLevel(partitionAt + 2, orderAt === -1 ? close : orderAt, ",").map(([a, b]) =>
            s.normalized(a, b),
          );
    const orderFirst = orderAt === -1 ? close : orderAt + 2;
    const order = orderAt === -1 ? "" : s.normalized(orderFirst, close);
    const firstKey = (orderAt === -1 ? undefined : this.splitTopLevel(orderFirst, close, ",")[0]) ?? [
      orderFirst,
      orderFirst,
    ];
    let keyEnd = firstKey[1];
    let ascending = true;
    if (u[keyEnd - 1] === "DESC") {
      ascending = false;
      keyEnd--;
    } else if (u[keyEnd - 1] === "ASC") keyEnd--;
    const orderColumn = (s.normalized(firstKey[0], keyEnd).split(".").pop() ?? "").replace(/`/g, "");
    return { alias: name, partition, order, orderColumn, ascending, line: s.lineOf(first) };
  }

  private selectItem(first: number, end: number): { expr: string; name: string } {
    const s = this.s;
    const u = this.u;
    let exprEnd = end;
    let name: string | undefined;
    if (end - first >= 2 && u[end - 2] === "AS") {
      exprEnd = end - 2;
      name = s.identifier(end - 1);
    } else if (
      end - first >= 2 &&
      (s.tokens[end - 1].kind === "quotedIdentifier" ||
        (s.tokens[end - 1].kind === "word" && !NOT_ALIASES.has(u[end - 1]))) &&
      (u[end - 2] === ")" || (s.tokens[end - 2].kind !== "punctuation" && !NOT_BEFORE_ALIAS.has(u[end - 2])))
    ) {
      exprEnd = end - 1;
      name = s.identifier(end - 1);
    }
    const expr = s.normalized(first, exprEnd);
    const last = s.tokens[exprEnd - 1];
    const plainName =
      last && (last.kind === "word" || last.kind === "quotedIdentifier") ? s.identifier(exprEnd - 1) : expr;
    return { expr, name: name ?? plainName };
  }

  private conjuncts(first: number, end: number): Located[] {
    const out: Located[] = [];
    let start = first;
    let between = false;
    for (let k = first; k <= end; k++) {
      if (k < end && this.u[k] === "(" && this.s.match[k] > k) {
        k = this.s.match[k];
        continue;
      }
      if (k < end && this.u[k] === "BETWEEN") between = true;
      if (k === end || this.u[k] === "AND") {
        if (k < end && between) {
          between = false; // the AND of BETWEEN … AND …
          continue;
        }
        if (k > start) out.push({ text: this.s.normalized(start, k), line: this.s.lineOf(start) });
        start = k + 1;
      }
    }
    return out;
  }

  splitTopLevel(first: number, end: number, separator: string): [number, number][] {
    const parts: [number, number][] = [];
    let start = first;
    for (let k = first; k <= end; k++) {
      if (k < end && this.u[k] === "(" && this.s.match[k] > k) {
        k = this.s.match[k];
        continue;
      }
      if (k === end || this.u[k] === separator) {
        if (k > start) parts.push([start, k]);
        start = k + 1;
      }
    }
    return parts;
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
