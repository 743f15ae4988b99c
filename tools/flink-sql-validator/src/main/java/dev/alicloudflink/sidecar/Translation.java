package dev.alicloudflink.sidecar;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

import org.apache.flink.table.planner.plan.nodes.exec.ExecEdge;
import org.apache.flink.table.planner.plan.nodes.exec.ExecNode;
import org.apache.flink.table.planner.plan.nodes.exec.ExecNodeGraph;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecCalc;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecChangelogNormalize;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecDeduplicate;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecDropUpdateBefore;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecExchange;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecExpand;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecGlobalGroupAggregate;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecGlobalWindowAggregate;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecGroupAggregate;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecIncrementalGroupAggregate;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecJoin;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecLocalGroupAggregate;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecLocalWindowAggregate;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecMiniBatchAssigner;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecSink;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecTableSourceScan;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecUnion;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecValues;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecWatermarkAssigner;
import org.apache.flink.table.planner.plan.nodes.exec.stream.StreamExecWindowAggregate;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

/**
 * Whether a streaming exec-node graph must be translated to transformations to be
 * checked. Translation mostly generates Java source for the operators (half of the
 * planning time), but a few node kinds check user-visible rules only then (lookup
 * join conditions, MATCH_RECOGNIZE and OVER ordering, RANK/DENSE_RANK, interval and
 * temporal joins, LIMIT without ORDER BY, more than one rowtime column into a sink).
 * A graph made only of the kinds below, whose translation checks nothing the user
 * can get wrong, is not translated; any other graph is, as before.
 * {@code -Dflink-sql-validator.translate=always} translates every graph.
 */
final class Translation {
    private Translation() {}

    static final boolean ALWAYS = "always".equals(System.getProperty("flink-sql-validator.translate"));

    private static final Set<Class<?>> CHECK_FREE = Set.of(
            StreamExecTableSourceScan.class,
            StreamExecWatermarkAssigner.class,
            StreamExecMiniBatchAssigner.class,
            StreamExecCalc.class,
            StreamExecExchange.class,
            StreamExecExpand.class,
            StreamExecUnion.class,
            StreamExecValues.class,
            StreamExecChangelogNormalize.class,
            StreamExecDropUpdateBefore.class,
            StreamExecDeduplicate.class,
            StreamExecGroupAggregate.class,
            StreamExecLocalGroupAggregate.class,
            StreamExecGlobalGroupAggregate.class,
            StreamExecIncrementalGroupAggregate.class,
            StreamExecWindowAggregate.class,
            StreamExecLocalWindowAggregate.class,
            StreamExecGlobalWindowAggregate.class,
            StreamExecJoin.class);

    static boolean needed(ExecNodeGraph graph) {
        if (ALWAYS) return true;
        Deque<ExecNode<?>> todo = new ArrayDeque<>(graph.getRootNodes());
        Set<ExecNode<?>> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            ExecNode<?> node = todo.pop();
            if (!seen.add(node)) continue;
            if (node instanceof StreamExecSink) {
                // The sink checks, when translated, that at most one rowtime column reaches it.
                for (ExecEdge edge : node.getInputEdges()) {
                    if (rowtimeColumns(edge.getOutputType()) > 1) return true;
                }
            } else if (!CHECK_FREE.contains(node.getClass())) {
                return true;
            }
            for (ExecEdge edge : node.getInputEdges()) todo.push(edge.getSource());
        }
        return false;
    }

    private static int rowtimeColumns(LogicalType type) {
        int count = 0;
        for (LogicalType field : type.getChildren()) {
            if (LogicalTypeChecks.isRowtimeAttribute(field)) count++;
        }
        return count;
    }
}
