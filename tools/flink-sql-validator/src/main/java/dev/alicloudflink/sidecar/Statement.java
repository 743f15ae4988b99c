package dev.alicloudflink.sidecar;

import java.util.ArrayList;
import java.util.List;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;

/**
 * One statement of a script, without its trailing ';', and where its first character
 * sits in the script (1-based). Positions the planner reports relative to the
 * statement are mapped back to the script here.
 */
record Statement(int index, String text, int line, int column) {

    static List<Statement> listFrom(JsonNode array) {
        List<Statement> statements = new ArrayList<>();
        for (JsonNode node : array) {
            statements.add(
                    new Statement(
                            statements.size(),
                            node.path("text").asText(),
                            node.path("line").asInt(1),
                            node.path("column").asInt(1)));
        }
        return statements;
    }

    /** The text from {@code offset} on, as a statement of its own with its own start. */
    Statement from(int offset) {
        int line = this.line;
        int column = this.column;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Statement(index, text.substring(offset), line, column);
    }

    /** Script line of line {@code statementLine} (1-based) of this statement. */
    int scriptLine(int statementLine) {
        return line + statementLine - 1;
    }

    /** Script column of a column on line {@code statementLine} of this statement. */
    int scriptColumn(int statementLine, int statementColumn) {
        return statementLine == 1 ? column + statementColumn - 1 : statementColumn;
    }
}
