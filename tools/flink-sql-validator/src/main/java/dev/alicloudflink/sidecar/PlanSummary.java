package dev.alicloudflink.sidecar;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

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
        }
        return operators;
    }

    /** "stream-exec-group-aggregate_1" → "group-aggregate". */
    private static String kind(String type) {
        return type.replaceFirst("^(stream|batch)-exec-", "").replaceFirst("_\\d+$", "");
    }
}
