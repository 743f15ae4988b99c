package dev.alicloudflink.sidecar;

import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The stateful operators of a compiled plan (CompiledPlan#asJsonString): what a
 * savepoint restore has to match. An exec node is stateful when it declares state
 * entries ("state": name, index, TTL) or is of a kind that keeps state without
 * declaring it in 1.20 (windows, interval and temporal joins, OVER, MATCH_RECOGNIZE).
 */
final class PlanSummary {
    private static final Set<String> UNDECLARED_STATE = Set.of(
            "window-aggregate", "global-window-aggregate", "group-window-aggregate", "python-group-window-aggregate",
            "window-join", "window-rank", "window-deduplicate", "interval-join", "temporal-join",
            "over-aggregate", "python-over-aggregate", "match", "temporal-sort", "sort", "sort-limit", "limit");

    /** Fields that say what the state is keyed by and what it holds. */
    private static final List<String> KEY_FIELDS = List.of(
            "grouping", "partitionSpec", "orderBy", "sortSpec", "rankType", "rankRange", "joinSpec",
            "leftUpsertKeys", "rightUpsertKeys", "uniqueKeys", "inputUpsertKey", "upsertMaterialize",
            "isRowtime", "keepLastRow", "generateUpdateBefore", "needRetraction", "aggCalls",
            "aggCallNeedRetractions", "windowing", "window", "overSpec", "matchSpec", "temporalJoinCondition");

    private PlanSummary() {}

    static ArrayNode statefulOperators(String planJson) {
        JsonNode plan;
        try {
            plan = Main.JSON.readTree(planJson);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        ArrayNode operators = Main.JSON.createArrayNode();
        Map<Integer, List<String>> sinksOf = sinksDownstream(plan);
        for (JsonNode node : plan.path("nodes")) {
            String type = node.path("type").asText();
            JsonNode state = node.path("state");
            boolean declares = state.isArray() && !state.isEmpty();
            if (!declares && !UNDECLARED_STATE.contains(kind(type))) continue;
            ObjectNode operator = operators.addObject();
            operator.put("id", node.path("id").asInt());
            operator.put("type", type);
            operator.put("description", node.path("description").asText());
            operator.set("state", declares ? state : Main.JSON.createArrayNode());
            ObjectNode keys = operator.putObject("keys");
            for (String field : KEY_FIELDS) {
                if (node.has(field)) keys.set(field, node.get(field));
            }
            operator.put("outputType", node.path("outputType").toString());
            ArrayNode sinks = operator.putArray("sinks");
            sinksOf.getOrDefault(node.path("id").asInt(), List.of()).forEach(sinks::add);
        }
        return operators;
    }

    /**
     * For each node, the tables of the sinks it feeds (through the plan's edges): in a
     * statement set, which INSERT each stateful operator belongs to.
     */
    private static Map<Integer, List<String>> sinksDownstream(JsonNode plan) {
        Map<Integer, List<Integer>> targets = new HashMap<>();
        for (JsonNode edge : plan.path("edges")) {
            targets.computeIfAbsent(edge.path("source").asInt(), k -> new ArrayList<>()).add(edge.path("target").asInt());
        }
        Map<Integer, String> sinkTables = new HashMap<>();
        for (JsonNode node : plan.path("nodes")) {
            if (kind(node.path("type").asText()).equals("sink")) {
                sinkTables.put(node.path("id").asInt(),
                        node.path("dynamicTableSink").path("table").path("identifier").asText());
            }
        }
        Map<Integer, List<String>> out = new HashMap<>();
        for (JsonNode node : plan.path("nodes")) {
            int start = node.path("id").asInt();
            Set<Integer> seen = new HashSet<>();
            Deque<Integer> queue = new ArrayDeque<>(List.of(start));
            Set<String> found = new TreeSet<>();
            while (!queue.isEmpty()) {
                int id = queue.poll();
                if (!seen.add(id)) continue;
                String table = sinkTables.get(id);
                if (table != null) found.add(table);
                queue.addAll(targets.getOrDefault(id, List.of()));
            }
            out.put(start, new ArrayList<>(found));
        }
        return out;
    }

    /** "stream-exec-group-aggregate_1" → "group-aggregate". */
    private static String kind(String type) {
        return type.replaceFirst("^(stream|batch)-exec-", "").replaceFirst("_\\d+$", "");
    }
}
