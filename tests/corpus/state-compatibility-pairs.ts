// The state-compatibility verdict table: old/new pairs built from the query
// types of the Flink SQL documentation and the examples of Alibaba's "SQL
// modifications and compatibility" pages, each with the verdict the published
// rules give and the reason it must name. Read by the rules' table
// (tests/unit/review-state-compatibility.test.ts) and, through Flink's own
// planner, by tests/sidecar/plan-verdicts.test.ts.
import type {
  CompatibilityContext,
  CompatibilityReason,
  Verdict,
} from "../../provider/review/state-compatibility";

// Statements 1-5 on lines 1-5; the queries of each case start at statement 6, line 6.
export const DDL = [
  "CREATE TEMPORARY TABLE MyTable (a INT, b BIGINT, c VARCHAR, d INT, ts TIMESTAMP(3), proctime AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen');",
  "CREATE TEMPORARY TABLE Other (a INT, e VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');",
  "CREATE TEMPORARY TABLE Dim (a INT, name VARCHAR, PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'jdbc');",
  "CREATE TEMPORARY TABLE MySink (a INT, b BIGINT, c VARCHAR) WITH ('connector' = 'print');",
  "CREATE TEMPORARY TABLE MySink2 (a INT, b BIGINT, c VARCHAR) WITH ('connector' = 'print');",
];
export const FIRST = DDL.length + 1;

/** The DDL then one statement per line. */
export function script(...statements: string[]): string {
  return [...DDL, ...statements.map((s) => `${s};`)].join("\n");
}

export const GROUP = "INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM MyTable GROUP BY a";
const TVF = (
  aggs: string,
  size = "INTERVAL '1' MINUTE",
  fn = "TUMBLE",
  keys = "window_start, window_end, a",
) =>
  `INSERT INTO MySink SELECT a, ${aggs} FROM TABLE(${fn}(TABLE MyTable, DESCRIPTOR(ts), ${size}${fn === "HOP" ? ", INTERVAL '2' MINUTE" : ""})) GROUP BY ${keys}`;
const LEGACY = (aggs: string, size = "INTERVAL '1' MINUTE") =>
  `INSERT INTO MySink SELECT a, ${aggs} FROM MyTable GROUP BY a, TUMBLE(ts, ${size})`;
const OVER = (extra = "", partition = "a") =>
  `INSERT INTO MySink SELECT a, SUM(b) OVER (PARTITION BY ${partition} ORDER BY ts), MAX(c) OVER (PARTITION BY ${partition} ORDER BY ts)${extra} FROM MyTable`;
const DEDUP = (fields: string, order = "proctime ASC", partition = "a") =>
  `INSERT INTO MySink SELECT ${fields} FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY ${order}) AS rk FROM MyTable) WHERE rk = 1`;
const TOPN = (fields = "a, b, c", limit = "rk < 3", partition = "a") =>
  `INSERT INTO MySink SELECT ${fields} FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY c) AS rk FROM MyTable) WHERE ${limit}`;
const WINDOW_TOPN = (fields = "a, b, c, window_start", limit = "rk < 3") =>
  `INSERT INTO MySink SELECT ${fields} FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY b, window_start, window_end ORDER BY c) AS rk FROM (SELECT a, SUM(b) AS b, MAX(c) AS c, window_start, window_end FROM TABLE(TUMBLE(TABLE MyTable, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY a, window_start, window_end)) WHERE ${limit}`;
const JOIN = (kind = "JOIN", on = "o.a = t.a") =>
  `INSERT INTO MySink SELECT o.a, o.b, t.e FROM MyTable o ${kind} Other t ON ${on}`;
const INTERVAL_JOIN = (bound = "INTERVAL '1' HOUR") =>
  `INSERT INTO MySink SELECT o.a, o.b, t.e FROM MyTable o JOIN Other t ON o.a = t.a AND o.ts BETWEEN t.ts - ${bound} AND t.ts`;
const TEMPORAL = (on = "o.a = t.a") =>
  `INSERT INTO MySink SELECT o.a, o.b, t.e FROM MyTable o JOIN Other FOR SYSTEM_TIME AS OF o.ts AS t ON ${on}`;
const LOOKUP = (on = "o.a = d.a") =>
  `INSERT INTO MySink SELECT o.a, o.b, d.name FROM MyTable AS o JOIN Dim FOR SYSTEM_TIME AS OF o.proctime AS d ON ${on}`;
const LOOKUP_AGG = (on = "o.a = d.a") =>
  `INSERT INTO MySink SELECT d.name, SUM(o.b), MAX(o.c) FROM MyTable AS o JOIN Dim FOR SYSTEM_TIME AS OF o.proctime AS d ON ${on} GROUP BY d.name`;
const WINDOW_JOIN = (extra = "") =>
  `INSERT INTO MySink SELECT L.a, L.b, R.e FROM (SELECT * FROM TABLE(TUMBLE(TABLE MyTable, DESCRIPTOR(ts), INTERVAL '5' MINUTE))) L JOIN (SELECT * FROM TABLE(TUMBLE(TABLE Other, DESCRIPTOR(ts), INTERVAL '5' MINUTE))) R ON L.a = R.a AND L.window_start = R.window_start AND L.window_end = R.window_end${extra}`;
const MATCH = (pattern = "A B") =>
  `INSERT INTO MySink SELECT T.a, T.b, T.c FROM MyTable MATCH_RECOGNIZE (PARTITION BY a ORDER BY ts MEASURES A.a AS a, A.b AS b, B.c AS c PATTERN (${pattern}) DEFINE A AS A.b > 10, B AS B.b < 5) AS T`;

export type Expected = Partial<
  Pick<CompatibilityReason, "operator" | "sink" | "statement" | "line" | "script" | "view" | "rule">
>;

export interface Case {
  name: string;
  old: string;
  new: string;
  context?: CompatibilityContext;
  verdict: Verdict;
  /** A reason with the case's verdict must carry these fields; [] means no reason at all. */
  reason: Expected | [];
}

export const CASES: Case[] = [
  // Group aggregation (Group Aggregate page).
  {
    name: "group agg: add a non-distinct aggregate",
    old: script(GROUP),
    new: script("INSERT INTO MySink SELECT a, SUM(b), MAX(c), COUNT(c) FROM MyTable GROUP BY a"),
    verdict: "partially-compatible",
    reason: { operator: "group aggregation", sink: "MySink", statement: FIRST, line: FIRST, script: "new" },
  },
  {
    name: "group agg: delete a non-distinct aggregate",
    old: script(GROUP),
    new: script("INSERT INTO MySink SELECT a, MAX(c) FROM MyTable GROUP BY a"),
    verdict: "compatible",
    reason: { operator: "group aggregation", sink: "MySink", line: FIRST },
  },
  {
    name: "group agg: modify an aggregate (max → min)",
    old: script(GROUP),
    new: script("INSERT INTO MySink SELECT a, SUM(b), MIN(c) FROM MyTable GROUP BY a"),
    verdict: "partially-compatible",
    reason: { operator: "group aggregation", statement: FIRST },
  },
  {
    name: "group agg: move an aggregate",
    old: script(GROUP),
    new: script("INSERT INTO MySink SELECT a, MAX(c), SUM(b) FROM MyTable GROUP BY a"),
    verdict: "compatible",
    reason: [],
  },
  {
    name: "group agg: change the GROUP BY keys",
    old: script(GROUP),
    new: script("INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM MyTable GROUP BY a, d"),
    verdict: "incompatible",
    reason: { operator: "group aggregation", sink: "MySink", line: FIRST },
  },
  {
    name: "DISTINCT: add a distinct aggregate",
    old: script(GROUP),
    new: script("INSERT INTO MySink SELECT a, SUM(b), MAX(c), COUNT(DISTINCT c) FROM MyTable GROUP BY a"),
    verdict: "incompatible",
    reason: { operator: "DISTINCT aggregate", line: FIRST },
  },
  {
    name: "DISTINCT: reorder distinct aggregates",
    old: script("INSERT INTO MySink SELECT a, COUNT(DISTINCT b), COUNT(DISTINCT c) FROM MyTable GROUP BY a"),
    new: script("INSERT INTO MySink SELECT a, COUNT(DISTINCT c), COUNT(DISTINCT b) FROM MyTable GROUP BY a"),
    verdict: "incompatible",
    reason: { operator: "DISTINCT aggregate" },
  },
  {
    name: "group agg: HAVING on an existing aggregate (stateless filter after it)",
    old: script(GROUP),
    new: script("INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM MyTable GROUP BY a HAVING SUM(b) > 10"),
    verdict: "compatible",
    reason: [],
  },
  {
    name: "group agg: rename an alias",
    old: script("INSERT INTO MySink SELECT a, SUM(b) AS total, MAX(c) FROM MyTable GROUP BY a"),
    new: script("INSERT INTO MySink SELECT a, SUM(b) AS s, MAX(c) FROM MyTable GROUP BY a"),
    verdict: "compatible",
    reason: [],
  },
  // Window aggregation (Window TVF and Group Window Aggregate pages).
  {
    name: "window TVF: add an aggregate",
    old: script(TVF("SUM(b), MAX(c)")),
    new: script(TVF("SUM(b), MAX(c), COUNT(c)")),
    verdict: "partially-compatible",
    reason: { operator: "window aggregation", rule: "windowTvf", line: FIRST },
  },
  {
    name: "window TVF: change the window size",
    old: script(TVF("SUM(b), MAX(c)")),
    new: script(TVF("SUM(b), MAX(c)", "INTERVAL '5' MINUTE")),
    verdict: "incompatible",
    reason: { operator: "window aggregation", sink: "MySink" },
  },
  {
    name: "window TVF: change the window type",
    old: script(TVF("SUM(b), MAX(c)")),
    new: script(TVF("SUM(b), MAX(c)", "INTERVAL '1' MINUTE", "HOP")),
    verdict: "incompatible",
    reason: { operator: "window aggregation" },
  },
  {
    name: "window TVF: reorder the window keys",
    old: script(TVF("SUM(b), MAX(c)")),
    new: script(TVF("SUM(b), MAX(c)", undefined, undefined, "a, window_end, window_start")),
    verdict: "compatible",
    reason: [],
  },
  {
    name: "window TVF: delete the only aggregate",
    old: script(TVF("SUM(b)")),
    new: script(TVF("window_start")),
    verdict: "incompatible",
    reason: { operator: "window aggregation" },
  },
  {
    name: "window TVF: change the only aggregate",
    old: script(TVF("SUM(b)")),
    new: script(TVF("MAX(b)")),
    verdict: "incompatible",
    reason: { operator: "window aggregation" },
  },
  {
    name: "group window: add an aggregate",
    old: script(LEGACY("SUM(b), MAX(c)")),
    new: script(LEGACY("SUM(b), MAX(c), COUNT(c)")),
    verdict: "partially-compatible",
    reason: { operator: "window aggregation", rule: "groupWindowAggregate" },
  },
  {
    name: "group window: change the window size",
    old: script(LEGACY("SUM(b), MAX(c)")),
    new: script(LEGACY("SUM(b), MAX(c)", "INTERVAL '2' MINUTE")),
    verdict: "incompatible",
    reason: { operator: "window aggregation", line: FIRST },
  },
  {
    name: "group window: turn early fire on",
    old: script(LEGACY("SUM(b), MAX(c)")),
    new: [...DDL, "SET 'table.exec.emit.early-fire.enabled' = 'true';", `${LEGACY("SUM(b), MAX(c)")};`].join(
      "\n",
    ),
    verdict: "incompatible",
    reason: { operator: "SET", statement: FIRST, line: FIRST, script: "new" },
  },
  // OVER aggregation.
  {
    name: "OVER: add an aggregate",
    old: script(OVER()),
    new: script(OVER(", COUNT(c) OVER (PARTITION BY a ORDER BY ts)")),
    verdict: "partially-compatible",
    reason: { operator: "OVER aggregation", line: FIRST },
  },
  {
    name: "OVER: change PARTITION BY",
    old: script(OVER()),
    new: script(OVER("", "d")),
    verdict: "incompatible",
    reason: { operator: "OVER aggregation" },
  },
  // Joins.
  {
    name: "regular join: change the condition",
    old: script(JOIN()),
    new: script(JOIN("JOIN", "o.a = t.a AND o.c = t.e")),
    verdict: "incompatible",
    reason: { operator: "regular join", sink: "MySink", line: FIRST },
  },
  {
    name: "regular join: change the join type",
    old: script(JOIN()),
    new: script(JOIN("LEFT JOIN")),
    verdict: "incompatible",
    reason: { operator: "regular join" },
  },
  {
    name: "interval join: change the interval",
    old: script(INTERVAL_JOIN()),
    new: script(INTERVAL_JOIN("INTERVAL '2' HOUR")),
    verdict: "incompatible",
    reason: { operator: "interval join" },
  },
  {
    name: "temporal join: change the condition",
    old: script(TEMPORAL()),
    new: script(TEMPORAL("o.a = t.a AND o.c = t.e")),
    verdict: "incompatible",
    reason: { operator: "temporal join" },
  },
  {
    name: "lookup join (stateless): change the condition, nothing stateful after it",
    old: script(LOOKUP()),
    new: script(LOOKUP("o.a = d.a AND d.name <> ''")),
    verdict: "compatible",
    reason: [],
  },
  {
    name: "lookup join feeding a group aggregation: change the condition",
    old: script(LOOKUP_AGG()),
    new: script(LOOKUP_AGG("o.a = d.a AND d.name <> ''")),
    verdict: "incompatible",
    reason: { operator: "group aggregation", rule: "where" },
  },
  {
    name: "window join: change the condition",
    old: script(WINDOW_JOIN()),
    new: script(WINDOW_JOIN(" AND L.c = R.e")),
    verdict: "incompatible",
    reason: { operator: "window join" },
  },
  // Deduplication and Top-N.
  {
    name: "dedup (proctime ASC): add a selected field",
    old: script(DEDUP("a, b, c")),
    new: script(DEDUP("a, b, c, d")),
    verdict: "compatible",
    reason: [],
  },
  {
    name: "dedup (rowtime): add a selected field",
    old: script(DEDUP("a, b, c", "ts")),
    new: script(DEDUP("a, b, c, d", "ts")),
    verdict: "incompatible",
    reason: { operator: "deduplication", line: FIRST },
  },
  {
    name: "dedup: change the partition key",
    old: script(DEDUP("a, b, c")),
    new: script(DEDUP("a, b, c", "proctime ASC", "a, d")),
    verdict: "incompatible",
    reason: { operator: "deduplication" },
  },
  {
    name: "dedup: reorder the partition keys",
    old: script(DEDUP("a, b, c", "proctime ASC", "a, d")),
    new: script(DEDUP("a, b, c", "proctime ASC", "d, a")),
    verdict: "compatible",
    reason: [],
  },
  {
    name: "Top-N: change N",
    old: script(TOPN()),
    new: script(TOPN("a, b, c", "rk < 5")),
    verdict: "incompatible",
    reason: { operator: "Top-N", sink: "MySink", line: FIRST },
  },
  {
    name: "Top-N: show the rank column",
    old: script(TOPN()),
    new: script(TOPN("a, b, c, rk")),
    verdict: "compatible",
    reason: [],
  },
  {
    name: "Top-N: add a selected field",
    old: script(TOPN()),
    new: script(TOPN("a, b, c, d")),
    verdict: "incompatible",
    reason: { operator: "Top-N" },
  },
  {
    name: "window Top-N: add window_end to the result",
    old: script(WINDOW_TOPN()),
    new: script(WINDOW_TOPN("a, b, c, window_start, window_end")),
    verdict: "compatible",
    reason: [],
  },
  {
    name: "window Top-N: change N",
    old: script(WINDOW_TOPN()),
    new: script(WINDOW_TOPN(undefined, "rk < 5")),
    verdict: "incompatible",
    reason: { operator: "window Top-N" },
  },
  // MATCH_RECOGNIZE.
  {
    name: "MATCH_RECOGNIZE: change the pattern",
    old: script(MATCH()),
    new: script(MATCH("A B+")),
    verdict: "incompatible",
    reason: { operator: "MATCH_RECOGNIZE", line: FIRST },
  },
  // New or removed stateful operators in an existing query.
  {
    name: "add a Top-N over an existing stateless query",
    old: script("INSERT INTO MySink SELECT a, b, c FROM MyTable"),
    new: script(TOPN()),
    verdict: "incompatible",
    reason: { operator: "Top-N", script: "new" },
  },
  // Statement sets.
  {
    name: "statement set: add an aggregate in the second INSERT",
    old: script(
      "EXECUTE STATEMENT SET BEGIN INSERT INTO MySink2 SELECT a, b, c FROM MyTable WHERE a > 1",
      GROUP,
      "END",
    ),
    new: script(
      "EXECUTE STATEMENT SET BEGIN INSERT INTO MySink2 SELECT a, b, c FROM MyTable WHERE a > 1",
      "INSERT INTO MySink SELECT a, SUM(b), MAX(c), COUNT(c) FROM MyTable GROUP BY a",
      "END",
    ),
    verdict: "partially-compatible",
    reason: { operator: "group aggregation", sink: "MySink", statement: FIRST + 1, line: FIRST + 1 },
  },
  {
    name: "statement set: change the filter of the stateless INSERT",
    old: script(
      "EXECUTE STATEMENT SET BEGIN INSERT INTO MySink2 SELECT a, b, c FROM MyTable WHERE a > 1",
      GROUP,
      "END",
    ),
    new: script(
      "EXECUTE STATEMENT SET BEGIN INSERT INTO MySink2 SELECT a, b, c FROM MyTable WHERE a > 2",
      GROUP,
      "END",
    ),
    verdict: "compatible",
    reason: [],
  },
  // Views and WITH.
  {
    name: "view: change the WHERE of a view read by a group aggregation",
    old: script(
      "CREATE TEMPORARY VIEW v AS SELECT a, b, c FROM MyTable WHERE a > 1",
      "INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM v GROUP BY a",
    ),
    new: script(
      "CREATE TEMPORARY VIEW v AS SELECT a, b, c FROM MyTable WHERE a > 2",
      "INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM v GROUP BY a",
    ),
    verdict: "incompatible",
    reason: { operator: "group aggregation", rule: "where", statement: FIRST + 1, line: FIRST },
  },
  {
    name: "view: add an aggregate inside a view",
    old: script(
      "CREATE TEMPORARY VIEW agg AS SELECT a, SUM(b) AS b, MAX(c) AS c FROM MyTable GROUP BY a",
      "INSERT INTO MySink SELECT a, b, c FROM agg",
    ),
    new: script(
      "CREATE TEMPORARY VIEW agg AS SELECT a, SUM(b) AS b, MAX(c) AS c, COUNT(c) AS n FROM MyTable GROUP BY a",
      "INSERT INTO MySink SELECT a, b, c FROM agg",
    ),
    verdict: "partially-compatible",
    reason: { operator: "group aggregation", view: "agg", statement: FIRST + 1, line: FIRST },
  },
  {
    name: "WITH item: add an aggregate",
    old: script(
      "INSERT INTO MySink WITH t AS (SELECT a, SUM(b) AS b, MAX(c) AS c FROM MyTable GROUP BY a) SELECT a, b, c FROM t",
    ),
    new: script(
      "INSERT INTO MySink WITH t AS (SELECT a, SUM(b) AS b, MAX(c) AS c, COUNT(*) AS n FROM MyTable GROUP BY a) SELECT a, b, c FROM t",
    ),
    verdict: "partially-compatible",
    reason: { operator: "group aggregation" },
  },
  // Sinks (Modify sink table; Additional limitations).
  {
    name: "sink removed, temporary tables untouched",
    old: script(GROUP, "INSERT INTO MySink2 SELECT a, b, c FROM MyTable WHERE a > 10"),
    new: script("INSERT INTO MySink2 SELECT a, b, c FROM MyTable WHERE a > 10"),
    verdict: "compatible",
    reason: { operator: "sink", sink: "MySink", statement: FIRST, line: FIRST, script: "old" },
  },
  {
    name: "sink removed and a TEMPORARY TABLE deleted",
    old: script(GROUP, "INSERT INTO MySink2 SELECT a, b, c FROM MyTable"),
    new: [...DDL.slice(0, 4), "INSERT INTO MySink2 SELECT a, b, c FROM MyTable;"].join("\n"),
    verdict: "unknown",
    reason: { operator: "sink", sink: "MySink", script: "old" },
  },
  {
    name: "new sink with a stateful query",
    old: script(GROUP),
    new: script(GROUP, "INSERT INTO MySink2 SELECT a, COUNT(*), MAX(c) FROM MyTable GROUP BY a"),
    verdict: "incompatible",
    reason: { operator: "group aggregation", sink: "MySink2", statement: FIRST + 1, line: FIRST + 1 },
  },
  {
    name: "new sink with a stateless query",
    old: script(GROUP),
    new: script(GROUP, "INSERT INTO MySink2 SELECT a, b, c FROM MyTable WHERE a > 10"),
    verdict: "compatible",
    reason: { operator: "sink", sink: "MySink2" },
  },
  {
    name: "sink renamed",
    old: script(GROUP),
    new: script("INSERT INTO MySink2 SELECT a, SUM(b), MAX(c) FROM MyTable GROUP BY a"),
    verdict: "compatible",
    reason: { operator: "sink", sink: "MySink2" },
  },
  {
    name: "sink renamed and an aggregate changed (two items)",
    old: script(GROUP),
    new: script("INSERT INTO MySink2 SELECT a, SUM(b), MIN(c) FROM MyTable GROUP BY a"),
    verdict: "unknown",
    reason: { rule: "otherLimits" },
  },
  // WHERE (WHERE page) and stateless changes.
  {
    name: "WHERE added before a group aggregation",
    old: script(GROUP),
    new: script(
      "INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM (SELECT * FROM MyTable WHERE a > 10) GROUP BY a",
    ),
    verdict: "incompatible",
    reason: { operator: "group aggregation", rule: "where", line: FIRST },
  },
  {
    name: "WHERE added with ignore-filter=true",
    old: script(GROUP),
    new: [
      ...DDL,
      "SET 'table.optimizer.state-compatibility.ignore-filter' = 'true';",
      "INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM (SELECT * FROM MyTable WHERE a > 10) GROUP BY a;",
    ].join("\n"),
    verdict: "compatible",
    reason: { rule: "where", statement: FIRST + 1, line: FIRST + 1 },
  },
  {
    name: "WHERE added with ignore-filter=true and an aggregate changed (two items)",
    old: script(GROUP),
    new: [
      ...DDL,
      "SET 'table.optimizer.state-compatibility.ignore-filter' = 'true';",
      "INSERT INTO MySink SELECT a, SUM(b), MIN(c) FROM (SELECT * FROM MyTable WHERE a > 10) GROUP BY a;",
    ].join("\n"),
    verdict: "unknown",
    reason: { rule: "otherLimits" },
  },
  {
    name: "aggregates changed in two sinks (two items)",
    old: script(GROUP, "INSERT INTO MySink2 SELECT a, SUM(b), MAX(c) FROM MyTable GROUP BY a"),
    new: script(
      "INSERT INTO MySink SELECT a, SUM(b), MAX(c), COUNT(c) FROM MyTable GROUP BY a",
      "INSERT INTO MySink2 SELECT a, SUM(b), MAX(c), COUNT(c) FROM MyTable GROUP BY a",
    ),
    verdict: "unknown",
    reason: { rule: "otherLimits" },
  },
  {
    name: "filter before a stateless projection",
    old: script("INSERT INTO MySink SELECT a, b, c FROM MyTable"),
    new: script("INSERT INTO MySink SELECT a, b, UPPER(c) FROM MyTable WHERE a > 10"),
    verdict: "compatible",
    reason: [],
  },
  {
    name: "filter after the aggregation",
    old: script(
      `INSERT INTO MySink SELECT a, s, m FROM (SELECT a, SUM(b) AS s, MAX(c) AS m FROM MyTable GROUP BY a)`,
    ),
    new: script(
      `INSERT INTO MySink SELECT a, s, m FROM (SELECT a, SUM(b) AS s, MAX(c) AS m FROM MyTable GROUP BY a) WHERE s > 100`,
    ),
    verdict: "compatible",
    reason: [],
  },
  {
    name: "formatting only",
    old: script(GROUP),
    new: script("insert   into MySink\n  select a,\n    sum(b), max(c)\n  from MyTable\n  group by a"),
    verdict: "compatible",
    reason: [],
  },
  {
    name: "comments only",
    old: script(GROUP),
    new: `-- the job\n${script(`/* totals */ ${GROUP} -- per key`)}`,
    verdict: "compatible",
    reason: [],
  },
  {
    name: "sink WITH options",
    old: script(GROUP),
    new: script(GROUP).replace(
      "'connector' = 'print');\nCREATE TEMPORARY TABLE MySink2",
      "'connector' = 'print', 'print-identifier' = 'x');\nCREATE TEMPORARY TABLE MySink2",
    ),
    verdict: "compatible",
    reason: [],
  },
  {
    name: "source WITH options",
    old: script(GROUP),
    new: script(GROUP).replace(
      "'connector' = 'datagen');",
      "'connector' = 'datagen', 'rows-per-second' = '5');",
    ),
    verdict: "compatible",
    reason: [],
  },
  // Engine, dependencies and state options.
  {
    name: "engine version change",
    old: script(GROUP),
    new: script(GROUP),
    context: { engineVersion: { old: "vvr-8.0.11-flink-1.17", new: "vvr-11.1-jdk11-flink-1.20" } },
    verdict: "unknown",
    reason: { rule: "otherLimits" },
  },
  {
    name: "dependency change",
    old: script(GROUP),
    new: script(GROUP),
    context: { additionalDependencies: { old: ["oss://b/udf-1.jar"], new: ["oss://b/udf-2.jar"] } },
    verdict: "unknown",
    reason: { rule: "otherLimits" },
  },
  {
    name: "same engine and dependencies, reordered",
    old: script(GROUP),
    new: script(GROUP),
    context: {
      engineVersion: { old: "vvr-8.0.11-flink-1.17", new: "vvr-8.0.11-flink-1.17" },
      additionalDependencies: { old: ["a.jar", "b.jar"], new: ["b.jar", "a.jar"] },
    },
    verdict: "compatible",
    reason: [],
  },
  {
    name: "state TTL turned on",
    old: script(GROUP),
    new: [...DDL, "SET 'table.exec.state.ttl' = '1 d';", `${GROUP};`].join("\n"),
    verdict: "unknown",
    reason: { operator: "SET", rule: "flinkTtl", line: FIRST },
  },
  {
    name: "mini-batch turned on",
    old: script(GROUP),
    new: [...DDL, "SET 'table.exec.mini-batch.enabled' = 'true';", `${GROUP};`].join("\n"),
    verdict: "unknown",
    reason: { operator: "SET", line: FIRST },
  },
  {
    name: "an unrelated SET",
    old: script(GROUP),
    new: [...DDL, "SET 'pipeline.name' = 'totals';", `${GROUP};`].join("\n"),
    verdict: "compatible",
    reason: [],
  },
  // More shapes from the Flink documentation's query pages.
  {
    name: "window TVF with named arguments: change the size",
    old: script(
      "INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM TABLE(TUMBLE(DATA => TABLE MyTable, TIMECOL => DESCRIPTOR(ts), SIZE => INTERVAL '10' MINUTES)) GROUP BY a, window_start, window_end",
    ),
    new: script(
      "INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM TABLE(TUMBLE(DATA => TABLE MyTable, TIMECOL => DESCRIPTOR(ts), SIZE => INTERVAL '5' MINUTES)) GROUP BY a, window_start, window_end",
    ),
    verdict: "incompatible",
    reason: { operator: "window aggregation", rule: "windowTvf" },
  },
  {
    name: "CUMULATE with GROUPING SETS: change the grouping sets",
    old: script(
      "INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM TABLE(CUMULATE(TABLE MyTable, DESCRIPTOR(ts), INTERVAL '2' MINUTES, INTERVAL '10' MINUTES)) GROUP BY window_start, window_end, GROUPING SETS ((a), ())",
    ),
    new: script(
      "INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM TABLE(CUMULATE(TABLE MyTable, DESCRIPTOR(ts), INTERVAL '2' MINUTES, INTERVAL '10' MINUTES)) GROUP BY window_start, window_end, GROUPING SETS ((a, d), ())",
    ),
    verdict: "incompatible",
    reason: { operator: "window aggregation" },
  },
  {
    name: "interval join written as a comma join with bounds in WHERE: change the bound",
    old: script(
      "INSERT INTO MySink SELECT o.a, o.b, t.e FROM MyTable o, Other t WHERE o.a = t.a AND o.ts BETWEEN t.ts - INTERVAL '4' HOUR AND t.ts",
    ),
    new: script(
      "INSERT INTO MySink SELECT o.a, o.b, t.e FROM MyTable o, Other t WHERE o.a = t.a AND o.ts BETWEEN t.ts - INTERVAL '8' HOUR AND t.ts",
    ),
    verdict: "incompatible",
    reason: { operator: "interval join", rule: "where" },
  },
  {
    name: "SELECT DISTINCT: change the selected columns",
    old: script("INSERT INTO MySink SELECT DISTINCT a, b, c FROM MyTable"),
    new: script("INSERT INTO MySink SELECT DISTINCT a, b, UPPER(c) FROM MyTable"),
    verdict: "incompatible",
    reason: { operator: "group aggregation" },
  },
  {
    name: "UNION ALL of two aggregations: add an aggregate to one branch",
    old: script(
      "INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM MyTable GROUP BY a UNION ALL SELECT a, SUM(b), MAX(e) FROM Other GROUP BY a",
    ),
    new: script(
      "INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM MyTable GROUP BY a UNION ALL SELECT a, SUM(b), MIN(e) FROM Other GROUP BY a",
    ),
    verdict: "partially-compatible",
    reason: { operator: "group aggregation" },
  },
  {
    name: "BEGIN STATEMENT SET; … END; (older syntax): change a GROUP BY key",
    old: script("BEGIN STATEMENT SET", GROUP, "END"),
    new: script(
      "BEGIN STATEMENT SET",
      "INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM MyTable GROUP BY a, d",
      "END",
    ),
    verdict: "incompatible",
    reason: { operator: "group aggregation", statement: FIRST + 1, line: FIRST + 1 },
  },
  {
    name: "CREATE TABLE AS (CTAS) is a sink: add an aggregate",
    old: script(
      "CREATE TABLE agg WITH ('connector' = 'print') AS SELECT a, SUM(b) AS s, MAX(c) AS m FROM MyTable GROUP BY a",
    ),
    new: script(
      "CREATE TABLE agg WITH ('connector' = 'print') AS SELECT a, SUM(b) AS s, MAX(c) AS m, COUNT(*) AS n FROM MyTable GROUP BY a",
    ),
    verdict: "partially-compatible",
    reason: { operator: "group aggregation", sink: "agg" },
  },
  {
    name: "window Top-N straight on a window TVF: change the window",
    old: script(
      "INSERT INTO MySink SELECT a, b, c FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY b DESC) AS rn FROM TABLE(TUMBLE(TABLE MyTable, DESCRIPTOR(ts), INTERVAL '10' MINUTES))) WHERE rn <= 3",
    ),
    new: script(
      "INSERT INTO MySink SELECT a, b, c FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY b DESC) AS rn FROM TABLE(TUMBLE(TABLE MyTable, DESCRIPTOR(ts), INTERVAL '5' MINUTES))) WHERE rn <= 3",
    ),
    verdict: "incompatible",
    reason: { operator: "window Top-N", rule: "windowTvf" },
  },
  {
    name: "multi-line INSERT: the reason points at the line of the changed aggregate",
    old: script("INSERT INTO MySink\nSELECT a,\n  SUM(b),\n  MAX(c)\nFROM MyTable\nGROUP BY a"),
    new: script("INSERT INTO MySink\nSELECT a,\n  SUM(b),\n  MAX(c),\n  COUNT(c)\nFROM MyTable\nGROUP BY a"),
    verdict: "partially-compatible",
    reason: { operator: "group aggregation", statement: FIRST, line: FIRST + 4 },
  },
];
