package dev.alicloudflink.sidecar;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.operations.BeginStatementSetOperation;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.EndStatementSetOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.operations.command.ResetOperation;
import org.apache.flink.table.operations.command.SetOperation;

/**
 * Runs one script through a fresh TableEnvironment: DDL is executed against the
 * in-memory catalog (nothing runs), DML and queries are planned (explained) or
 * compiled, never executed. Stops at the first problem, as the service does.
 */
final class SqlValidator {

    /** Remembered between statements of one request. */
    private static final class Script {
        final Session session;
        final TableEnvironmentInternal env;
        final List<Problem> problems = new ArrayList<>();
        final List<Integer> fallback = new ArrayList<>();
        /** Names created by statements the sidecar could not run: later statements using them fall back too. */
        final Set<String> unresolvable = new HashSet<>();
        /** After USE CATALOG of a catalog the sidecar does not have, every statement falls back. */
        boolean inUnknownCatalog;
        /** The INSERTs of an open statement set (BEGIN STATEMENT SET ... END). */
        List<Planned> statementSet;
        Statement statementSetStart;
        final ArrayNode plans = Main.JSON.createArrayNode();
        /** Where the time went (logged on stderr). */
        long parseNanos;
        long executeNanos;
        long planNanos;
        long toRel;
        long optimize;
        long execGraph;
        long toPlan;

        Script(Session session) {
            this.session = session;
            this.env = session.env;
        }
    }

    private record Planned(Statement statement, ModifyOperation operation) {}

    private static final Pattern EXECUTE_STATEMENT_SET =
            Pattern.compile("(?is)^(?:EXECUTE|EXPLAIN\\b[^;]*?)\\s+STATEMENT\\s+SET\\s+BEGIN\\b\\s*");
    private static final Pattern EXECUTE_PREFIX = Pattern.compile("(?is)^EXECUTE\\s+(?=INSERT\\b|SELECT\\b|WITH\\b)");
    private static final Pattern CREATED_NAME = Pattern.compile(
            "(?is)^CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMPORARY\\s+)?(?:SYSTEM\\s+)?"
                    + "(?:TABLE|DATABASE|CATALOG|FUNCTION|VIEW)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
                    + "((?:`[^`]+`|[\\w$]+)(?:\\s*\\.\\s*(?:`[^`]+`|[\\w$]+))*)");
    private static final Pattern USE_CATALOG = Pattern.compile("(?is)^USE\\s+CATALOG\\s+(`[^`]+`|[\\w$]+)\\s*$");

    void warmUp() {
        List<Statement> script = List.of(
                new Statement(0, "CREATE TABLE warm_up (k STRING, v BIGINT, ts TIMESTAMP(3),"
                        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'kafka')", 1, 1),
                new Statement(1, "CREATE TABLE warm_up_sink (k STRING, v BIGINT, PRIMARY KEY (k) NOT ENFORCED)"
                        + " WITH ('connector' = 'jdbc')", 2, 1),
                new Statement(2, "INSERT INTO warm_up_sink SELECT k, SUM(v) FROM warm_up GROUP BY k", 3, 1),
                new Statement(3, "SELECT window_start, k, COUNT(*) FROM TABLE(TUMBLE(TABLE warm_up, DESCRIPTOR(ts),"
                        + " INTERVAL '1' MINUTE)) GROUP BY window_start, window_end, k", 4, 1));
        ObjectNode result = validate(script, false, false);
        if (!result.path("ok").asBoolean()) {
            throw new IllegalStateException("the warm-up script did not validate: " + result);
        }
    }

    /** Checked between statements: when true, the script stops there (the background warm-up yields to requests). */
    private final java.util.function.BooleanSupplier yieldTo;
    /** No logs (the background warm-up). */
    private final boolean quiet;

    SqlValidator() {
        this(() -> false, false);
    }

    SqlValidator(java.util.function.BooleanSupplier yieldTo, boolean quiet) {
        this.yieldTo = yieldTo;
        this.quiet = quiet;
    }

    /** The reusable sessions, by mode (null: none yet, or the last one could not be reset). */
    private Session streaming;
    private Session batch;
    private boolean batchUsed;

    private Session session(boolean batchMode) {
        Session session = batchMode ? batch : streaming;
        if (session == null) {
            long started = System.nanoTime();
            session = Session.create(batchMode);
            if (!quiet) Main.log("new " + (batchMode ? "batch" : "streaming") + " table environment in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            if (batchMode) {
                batch = session;
                batchUsed = true;
            } else {
                streaming = session;
            }
        }
        return session;
    }

    /**
     * Creates the sessions missing after a request that spoiled one, so that the next
     * request need not (called between requests; batch only once it has been used).
     */
    void prepare() {
        session(false);
        if (batchUsed) session(true);
    }

    ObjectNode validate(List<Statement> statements, boolean batchMode, boolean compile) {
        Session session = session(batchMode);
        Script script = new Script(session);
        try {
            for (Statement statement : statements) {
                if (!script.problems.isEmpty() || yieldTo.getAsBoolean()) break;
                try {
                    handle(script, statement, compile);
                } catch (Throwable t) {
                    if (!quiet) Main.log("statement " + statement.index() + ": " + t);
                    script.problems.add(Problem.from(statement, t));
                }
            }
        } finally {
            if (!session.reset()) {
                if (batchMode) batch = null;
                else streaming = null;
            }
        }
        if (!quiet) Main.log("parse+validate " + script.parseNanos / 1_000_000 + " ms, DDL " + script.executeNanos / 1_000_000
                + " ms, plan " + script.planNanos / 1_000_000 + " ms (toRel " + script.toRel / 1_000_000
                + ", optimize " + script.optimize / 1_000_000 + ", exec graph " + script.execGraph / 1_000_000
                + ", translate " + script.toPlan / 1_000_000 + ")");
        if (script.problems.isEmpty() && script.statementSet != null) {
            script.problems.add(Problem.at(script.statementSetStart, "statement set is not closed by END"));
        }

        ObjectNode response = Main.JSON.createObjectNode();
        response.put("ok", script.problems.isEmpty());
        ArrayNode problems = response.putArray("problems");
        script.problems.forEach(p -> p.writeTo(problems.addObject()));
        if (!script.fallback.isEmpty()) {
            ArrayNode fallback = response.putArray("fallback");
            script.fallback.forEach(fallback::add);
        }
        if (compile) response.set("plans", script.plans);
        return response;
    }

    private void handle(Script script, Statement statement, boolean compile) {
        String reason = fallbackReason(script, statement.text());
        if (reason != null) {
            if (!quiet) Main.log("statement " + statement.index() + " falls back to the grammar: " + reason);
            script.fallback.add(statement.index());
            String head = Fallback.stripLeadingComments(statement.text());
            Matcher created = CREATED_NAME.matcher(head);
            if (created.find()) script.unresolvable.add(lastPart(created.group(1)));
            Matcher use = USE_CATALOG.matcher(head);
            if (use.find()) script.inUnknownCatalog = true;
            return;
        }

        Matcher setStart = EXECUTE_STATEMENT_SET.matcher(statement.text());
        if (setStart.find()) {
            openStatementSet(script, statement);
            String rest = statement.text().substring(setStart.end());
            if (!rest.isBlank()) handle(script, statement.from(setStart.end()), compile);
            return;
        }
        Matcher executePrefix = EXECUTE_PREFIX.matcher(statement.text());
        if (executePrefix.find()) {
            handle(script, statement.from(executePrefix.end()), compile);
            return;
        }

        long parseStarted = System.nanoTime();
        List<Operation> operations = script.env.getParser().parse(Sets.quoteSetKeys(statement.text()));
        script.parseNanos += System.nanoTime() - parseStarted;
        if (operations.size() != 1) {
            throw new IllegalArgumentException("expected one statement, found " + operations.size());
        }
        Operation operation = operations.get(0);

        if (operation instanceof BeginStatementSetOperation) {
            openStatementSet(script, statement);
        } else if (operation instanceof EndStatementSetOperation) {
            closeStatementSet(script, statement, compile);
        } else if (script.statementSet != null) {
            if (!(operation instanceof ModifyOperation modify) || operation instanceof StatementSetOperation) {
                throw new IllegalArgumentException("only INSERT statements are allowed in a statement set");
            }
            script.statementSet.add(new Planned(statement, modify));
        } else if (operation instanceof CreateTableASOperation ctas) {
            // Register the table the query creates, then plan the query as an INSERT into it.
            script.env.executeInternal(ctas.getCreateTableOperation());
            plan(script, List.of(new Planned(statement, ctas.toSinkModifyOperation(script.env.getCatalogManager()))),
                    compile);
        } else if (operation instanceof ReplaceTableAsOperation rtas) {
            ObjectIdentifier table = rtas.getCreateTableOperation().getTableIdentifier();
            if (script.env.getCatalogManager().getTable(table).isPresent()) {
                script.env.executeSql("DROP TABLE " + table.asSerializableString());
            } else if (!rtas.isCreateOrReplace()) {
                throw new IllegalArgumentException("REPLACE TABLE: table " + table.asSummaryString() + " does not exist");
            }
            script.env.executeInternal(rtas.getCreateTableOperation());
            plan(script, List.of(new Planned(statement, rtas.toSinkModifyOperation(script.env.getCatalogManager()))),
                    compile);
        } else if (operation instanceof StatementSetOperation set) {
            List<Planned> planned = new ArrayList<>();
            set.getOperations().forEach(op -> planned.add(new Planned(statement, op)));
            plan(script, planned, compile);
        } else if (operation instanceof ModifyOperation modify) {
            plan(script, List.of(new Planned(statement, modify)), compile);
        } else if (operation instanceof SetOperation set) {
            // What the SQL client does: SET changes this script's configuration.
            script.session.spoil();
            if (set.getKey().isPresent() && set.getValue().isPresent()) {
                script.env.getConfig().getConfiguration().setString(set.getKey().get(), set.getValue().get());
            }
        } else if (operation instanceof ResetOperation reset) {
            script.session.spoil();
            reset.getKey().ifPresent(key -> script.env.getConfig().getConfiguration().removeKey(key));
        } else if (operation instanceof QueryOperation) {
            script.env.explainInternal(List.of(operation));
        } else {
            // DDL, SET, USE, SHOW, DESCRIBE, EXPLAIN: changes or reads the in-memory catalog.
            long started = System.nanoTime();
            script.env.executeInternal(operation);
            script.executeNanos += System.nanoTime() - started;
        }
    }

    private static void openStatementSet(Script script, Statement statement) {
        if (script.statementSet != null) throw new IllegalArgumentException("statement sets cannot be nested");
        script.statementSet = new ArrayList<>();
        script.statementSetStart = statement;
    }

    private void closeStatementSet(Script script, Statement end, boolean compile) {
        if (script.statementSet == null) throw new IllegalArgumentException("END without BEGIN STATEMENT SET");
        List<Planned> set = script.statementSet;
        script.statementSet = null;
        if (set.isEmpty()) throw new IllegalArgumentException("the statement set has no INSERT statement");
        try {
            plan(script, set, compile);
        } catch (RuntimeException together) {
            // Find the INSERT the planner objects to, to point at it.
            for (Planned one : set) {
                try {
                    plan(script, List.of(one), false);
                } catch (RuntimeException alone) {
                    script.problems.add(Problem.from(one.statement(), alone));
                    return;
                }
            }
            script.problems.add(Problem.from(script.statementSetStart, together));
        }
    }

    /** Optimises the INSERTs as one job (explain), or compiles them and records the stateful operators. */
    private void plan(Script script, List<Planned> inserts, boolean compile) {
        long started = System.nanoTime();
        try {
            planTimed(script, inserts, compile);
        } finally {
            script.planNanos += System.nanoTime() - started;
        }
    }

    private void planTimed(Script script, List<Planned> inserts, boolean compile) {
        List<ModifyOperation> operations = new ArrayList<>();
        inserts.forEach(p -> operations.add(p.operation()));
        if (!compile) {
            // What executeSql does up to the job: validated, optimised, exec nodes translated
            // (and their code generated), nothing run; no explain text, no StreamGraph.
            translate(script, operations);
            return;
        }
        String planJson = script.env.compilePlan(operations).asJsonString();
        ObjectNode plan = script.plans.addObject();
        ArrayNode indices = plan.putArray("statements");
        inserts.stream().map(p -> p.statement().index()).distinct().forEach(indices::add);
        plan.set("operators", PlanSummary.statefulOperators(planJson));
    }

    /** PlannerBase.translate, step by step (timed). */
    private static void translate(Script script, List<ModifyOperation> operations) {
        org.apache.flink.table.planner.delegation.PlannerBase planner = script.session.planner;
        planner.beforeTranslation();
        try {
            long t0 = System.nanoTime();
            List<org.apache.calcite.rel.RelNode> rels = new ArrayList<>();
            for (ModifyOperation op : operations) rels.add(planner.translateToRel(op));
            long t1 = System.nanoTime();
            scala.collection.Seq<org.apache.calcite.rel.RelNode> optimized =
                    planner.optimize(scala.collection.JavaConverters.asScalaBuffer(rels).toSeq());
            long t2 = System.nanoTime();
            org.apache.flink.table.planner.plan.nodes.exec.ExecNodeGraph graph =
                    planner.translateToExecNodeGraph(optimized, false);
            long t3 = System.nanoTime();
            if (script.session.batch || Translation.needed(graph)) planner.translateToPlan(graph);
            long t4 = System.nanoTime();
            script.toRel += t1 - t0;
            script.optimize += t2 - t1;
            script.execGraph += t3 - t2;
            script.toPlan += t4 - t3;
        } finally {
            planner.afterTranslation();
        }
    }

    /** Why a statement cannot be checked here (see README, "Fallback"), or null. */
    private static String fallbackReason(Script script, String text) {
        if (script.inUnknownCatalog) return "it runs in a catalog the sidecar does not have";
        String vvr = Fallback.reason(text);
        if (vvr != null) return vvr;
        Matcher use = USE_CATALOG.matcher(Fallback.stripLeadingComments(text));
        if (use.find() && script.env.getCatalog(use.group(1).replace("`", "")).isEmpty()) {
            return "USE CATALOG of a catalog the sidecar does not have";
        }
        for (String name : script.unresolvable) {
            if (mentions(text, name)) return "it uses '" + name + "', created by a statement the sidecar could not check";
        }
        return null;
    }

    private static boolean mentions(String text, String name) {
        return Pattern.compile("(?<![\\w$])" + Pattern.quote(name) + "(?![\\w$])", Pattern.CASE_INSENSITIVE)
                .matcher(text)
                .find();
    }

    private static String lastPart(String qualifiedName) {
        String[] parts = qualifiedName.split("\\s*\\.\\s*");
        return parts[parts.length - 1].replace("`", "").toLowerCase(Locale.ROOT);
    }
}
