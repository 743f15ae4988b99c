package dev.alicloudflink.sidecar;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sidecar's process: one JSON request per line on stdin, one JSON response per
 * line on stdout, logs on stderr. The first line on stdout is {"ready":true,...},
 * printed once the planner has been loaded and has validated a small script.
 */
public final class Main {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        PrintStream out =
                new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        // Whatever Flink or a library prints must not corrupt the protocol.
        System.setOut(System.err);

        long started = System.nanoTime();
        SqlValidator validator = new SqlValidator();
        if (args.length > 0 && args[0].equals("--train")) {
            // For the class-data sharing archive (scripts/ensure-sidecar.js): load what requests use, then exit.
            validator.warmUp();
            Training.run(validator);
            log("trained in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            return;
        }
        validator.warmUp();
        ObjectNode ready = JSON.createObjectNode();
        ready.put("ready", true);
        ready.put("flinkVersion", EnvironmentInformation.getVersion());
        out.println(JSON.writeValueAsString(ready));
        log("ready in " + (System.nanoTime() - started) / 1_000_000 + " ms");

        Warmer warmer = Boolean.getBoolean("flink-sql-validator.no-background-warm-up") ? null : Warmer.start();
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) continue;
            if (warmer != null) warmer.requestStarted();
            try {
                out.println(JSON.writeValueAsString(answer(validator, line)));
                try {
                    validator.prepare();
                } catch (RuntimeException e) {
                    log("could not prepare a table environment: " + e);
                }
            } finally {
                if (warmer != null) warmer.requestDone();
            }
        }
    }

    private static JsonNode answer(SqlValidator validator, String line) {
        JsonNode request;
        try {
            request = JSON.readTree(line);
        } catch (Exception e) {
            return badRequest(null, "request is not JSON: " + e.getMessage());
        }
        JsonNode id = request.get("id");
        try {
            String kind = request.path("kind").asText("validate");
            boolean batch = "BATCH".equalsIgnoreCase(request.path("mode").asText("STREAMING"));
            List<Statement> statements = Statement.listFrom(request.path("statements"));
            long started = System.nanoTime();
            long cpuStarted = THREADS.getCurrentThreadCpuTime();
            ObjectNode response;
            switch (kind) {
                case "validate":
                    response = validator.validate(statements, batch, false);
                    break;
                case "compile":
                    response = validator.validate(statements, batch, true);
                    break;
                default:
                    return badRequest(id, "unknown kind: " + kind);
            }
            log(kind + " of " + statements.size() + " statement(s) in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms (CPU "
                    + (THREADS.getCurrentThreadCpuTime() - cpuStarted) / 1_000_000 + " ms)");
            response.set("id", id);
            return response;
        } catch (Throwable t) {
            log("request failed: " + t);
            return badRequest(id, "the validator failed: " + t);
        }
    }

    private static ObjectNode badRequest(JsonNode id, String message) {
        ObjectNode response = JSON.createObjectNode();
        response.set("id", id);
        response.put("ok", false);
        ObjectNode problem = response.putArray("problems").addObject();
        problem.put("line", 1);
        problem.put("column", 1);
        problem.put("message", message);
        return response;
    }

    static void log(String message) {
        System.err.println("[flink-sql-validator] " + message);
    }
}
