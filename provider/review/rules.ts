// The published rules the state-compatibility review implements, each with the
// help page it comes from. Alibaba Cloud, Realtime Compute for Apache Flink,
// User Guide › Operations & maintenance › State management (pages read
// 2026-12; the console's check exists from vvr-4.0.11-flink-1.13 on):
//
// - "State compatibility" (overview-8): four results — fully compatible,
//   partially compatible ("only specific columns have matching state data"),
//   incompatible ("high probability of startup failure or unexpected
//   results"), compatibility unknown ("may fail to start or produce unexpected
//   results; proceed with caution").
// - "Additional limitations on SQL modifications" (other-limits): different
//   Flink version → unknown; modified custom connector or UDF dependencies →
//   unknown; more than one item changed (an item is an aggregate function, a
//   sink table, or a WHERE clause that affects stateful computation) → unknown;
//   a query that introduces new state added → incompatible; a sink deleted and
//   a TEMPORARY TABLE statement modified or deleted → unknown; a sink deleted
//   without touching any TEMPORARY TABLE → compatible.
// - "Group Aggregate", "Group Window Aggregate", "Window TVF", "Over
//   Aggregate": adding a non-distinct aggregate → partially compatible;
//   deleting one → fully compatible; adding and deleting, or modifying, →
//   partially compatible; moving one → compatible; changing the GROUP BY keys,
//   the window (type, size, time attribute), the distinct aggregates (their
//   relative order is part of the state key) or the early-/late-fire settings
//   → incompatible; window TVF also: deleting all aggregates, adding one where
//   there was none, changing the only one, or replacing the whole set →
//   incompatible; changing the calculation of a field an aggregate reads →
//   partially compatible; OVER: a changed input schema → incompatible.
// - "Deduplication": partition keys or ORDER BY changed → incompatible;
//   reordering partition keys → compatible; selected fields changed →
//   compatible for proctime ASC, incompatible (schema change) otherwise.
// - "Top-N": partition keys, ORDER BY, N or the selected fields changed →
//   incompatible; reordering partition keys or showing/hiding the rank → compatible.
// - "Window Top-N": the window TVF and the Top-N rules both apply.
// - "Join": regular, interval and temporal joins — join type, condition,
//   interval or input schema changed → incompatible; a lookup join holds no
//   state, but a change to it affects the operators after it.
// - "Pattern recognition": pattern, measures, after, PARTITION BY or ORDER BY
//   changed → incompatible.
// - "WHERE": a WHERE holds no state but a change to it breaks the operators
//   after it, unless table.optimizer.state-compatibility.ignore-filter=true
//   (default false).
// - "Modify sink table": sinks are stateless by default
//   (table.optimizer.state-compatibility.ignore-sink=true); deleting one of
//   several sinks, or adding a sink with a stateless query → compatible.
// - "Modify source table": renaming the source table or changing its connector → incompatible.
//
// Apache Flink, not Alibaba: before Flink 2.2 ("State TTL Migration
// Compatibility", apache/flink PR #26984) enabling or disabling state TTL on
// existing state could fail the restore with a StateMigrationException.
import type { OperatorKind } from "./analyzer";

export type Verdict = "compatible" | "partially-compatible" | "incompatible" | "unknown";

/** Worst first: incompatible is a near-certain failure, unknown may fail, partial loses some state. */
export const VERDICT_SEVERITY: Record<Verdict, number> = {
  compatible: 0,
  "partially-compatible": 1,
  unknown: 2,
  incompatible: 3,
};

const ALIBABA = "https://www.alibabacloud.com/help/en/flink/realtime-flink/user-guide/";

export const SOURCES = {
  overview: {
    title: "State compatibility",
    url: "https://www.alibabacloud.com/help/en/flink/user-guide/overview-8",
  },
  otherLimits: { title: "Additional limitations on SQL modifications", url: `${ALIBABA}other-limits` },
  groupAggregate: {
    title: "Group Aggregate",
    url: `${ALIBABA}aggregate-function-that-is-used-with-group-by`,
  },
  groupWindowAggregate: { title: "Group Window Aggregate", url: `${ALIBABA}group-window-aggregate` },
  windowTvf: { title: "Window TVF", url: `${ALIBABA}window-tvf` },
  overAggregate: {
    title: "Over Aggregate",
    url: "https://www.alibabacloud.com/help/en/flink/user-guide/over-aggregate",
  },
  deduplication: { title: "Deduplication", url: `${ALIBABA}deduplication` },
  topN: { title: "Top-N", url: `${ALIBABA}top-n` },
  windowTopN: { title: "Window Top-N", url: `${ALIBABA}window-based-topn-function` },
  join: { title: "Join", url: `${ALIBABA}join` },
  patternRecognition: { title: "Pattern recognition", url: `${ALIBABA}pattern-recognition` },
  where: { title: "WHERE", url: `${ALIBABA}where` },
  sink: { title: "Modify sink table", url: `${ALIBABA}modify-a-sink-connector` },
  source: { title: "Modify source table", url: `${ALIBABA}modify-the-source-connector` },
  flinkTtl: {
    title: "Apache Flink: State TTL Migration Compatibility (Flink 2.2)",
    url: "https://github.com/apache/flink/pull/26984",
  },
  flinkPlan: {
    title: "Flink's compiled plans (stateful operators and their keys)",
    url: "https://nightlies.apache.org/flink/flink-docs-release-1.20/docs/dev/table/concepts/overview/#stateful-upgrades-and-evolution",
  },
  review: { title: "this review (no published rule)", url: "provider/review/README.md" },
} as const;
export type SourceId = keyof typeof SOURCES;

/** The page whose rules apply to an operator. */
export function sourceOf(kind: OperatorKind, windowedByTvf: boolean): SourceId {
  switch (kind) {
    case "group aggregation":
    case "DISTINCT aggregate":
      return "groupAggregate";
    case "window aggregation":
      return windowedByTvf ? "windowTvf" : "groupWindowAggregate";
    case "OVER aggregation":
      return "overAggregate";
    case "deduplication":
      return "deduplication";
    case "Top-N":
      return "topN";
    case "window Top-N":
      return "windowTopN";
    case "MATCH_RECOGNIZE":
      return "patternRecognition";
    default:
      return "join";
  }
}
