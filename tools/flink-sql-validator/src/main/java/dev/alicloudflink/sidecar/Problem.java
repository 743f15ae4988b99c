package dev.alicloudflink.sidecar;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

/** A problem in the script: where (script positions, 1-based) and what. */
record Problem(int statement, int line, int column, Integer endLine, Integer endColumn, String message) {

    private static final Pattern RANGE =
            Pattern.compile("From line (\\d+), column (\\d+) to line (\\d+), column (\\d+)");
    private static final Pattern POINT = Pattern.compile("at line (\\d+), column (\\d+)");
    private static final int MAX_EXPECTED = 12;

    static Problem at(Statement s, String message) {
        return new Problem(s.index(), s.line(), s.column(), null, null, message);
    }

    /**
     * The problem an exception from the parser or planner describes, positioned in the
     * script: Calcite's exceptions carry the position; otherwise it is read from the
     * message; otherwise the problem is put at the start of the statement.
     */
    static Problem from(Statement s, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CalciteContextException c && c.getPosLine() > 0) {
                String message = c.getCause() != null ? c.getCause().getMessage() : c.getMessage();
                return range(s, c.getPosLine(), c.getPosColumn(), c.getEndPosLine(), c.getEndPosColumn(), message);
            }
            if (t instanceof SqlParseException p && p.getPos() != null && p.getPos().getLineNum() > 0) {
                SqlParserPos pos = p.getPos();
                return range(s, pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(), pos.getEndColumnNum(),
                        shortenParseMessage(p.getMessage()));
            }
        }
        String message = describe(error);
        Matcher range = RANGE.matcher(message);
        if (range.find()) {
            return range(s, Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2)),
                    Integer.parseInt(range.group(3)), Integer.parseInt(range.group(4)),
                    message.substring(0, range.start()) + message.substring(range.end()).replaceFirst("^:\\s*", ""));
        }
        Matcher point = POINT.matcher(message);
        if (point.find()) {
            int line = Integer.parseInt(point.group(1));
            int column = Integer.parseInt(point.group(2));
            return new Problem(s.index(), s.scriptLine(line), s.scriptColumn(line, column), null, null, remap(s, message));
        }
        return at(s, message);
    }

    private static Problem range(Statement s, int line, int column, int endLine, int endColumn, String message) {
        boolean hasEnd = endLine > 0 && (endLine != line || endColumn != column);
        return new Problem(
                s.index(),
                s.scriptLine(line),
                s.scriptColumn(line, column),
                hasEnd ? s.scriptLine(endLine) : null,
                // Calcite's end column is inclusive; the protocol's is exclusive.
                hasEnd ? s.scriptColumn(endLine, endColumn) + 1 : null,
                message == null ? "invalid SQL" : remap(s, message.strip()));
    }

    /** Positions quoted in a message ("at line 1, column 8") are the statement's: make them the script's. */
    private static String remap(Statement s, String message) {
        Matcher point = POINT.matcher(message);
        StringBuilder remapped = new StringBuilder();
        while (point.find()) {
            int line = Integer.parseInt(point.group(1));
            int column = Integer.parseInt(point.group(2));
            point.appendReplacement(remapped, "at line " + s.scriptLine(line) + ", column " + s.scriptColumn(line, column));
        }
        point.appendTail(remapped);
        return remapped.toString();
    }

    /** The message of the most specific exception that says more than its wrapper. */
    private static String describe(Throwable error) {
        String message = error.getMessage();
        for (Throwable t = error.getCause(); t != null; t = t.getCause()) {
            if (message != null && !message.isBlank() && !message.endsWith(t.toString())
                    && !isGeneric(message)) {
                break;
            }
            if (t.getMessage() != null) message = t.getMessage();
        }
        return message == null ? error.toString() : message.strip();
    }

    private static boolean isGeneric(String message) {
        return message.startsWith("Could not execute") || message.startsWith("Unable to create");
    }

    /** "Encountered ... Was expecting one of: <200 lines>" keeps the first alternatives. */
    static String shortenParseMessage(String message) {
        if (message == null) return "SQL parse failed";
        String[] lines = message.strip().split("\n");
        StringBuilder shortened = new StringBuilder(lines[0].strip());
        int expected = 0;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("Was expecting")) {
                shortened.append(' ').append(line);
            } else if (expected < MAX_EXPECTED) {
                shortened.append(expected == 0 ? " " : ", ").append(line.replaceAll("\\s*\\.\\.\\.$", ""));
                expected++;
            } else {
                shortened.append(", ...");
                break;
            }
        }
        return shortened.toString();
    }

    void writeTo(ObjectNode node) {
        node.put("line", line);
        node.put("column", column);
        if (endLine != null) node.put("endLine", endLine);
        if (endColumn != null) node.put("endColumn", endColumn);
        node.put("message", message);
        node.put("statement", statement);
    }
}
