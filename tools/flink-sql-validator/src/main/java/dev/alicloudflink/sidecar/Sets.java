package dev.alicloudflink.sidecar;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SET key = value} and {@code RESET key} without quotes (accepted by the SQL
 * client and by VVR) become {@code SET 'key' = 'value'} / {@code RESET 'key'}, the
 * only form the Table API parser takes.
 */
final class Sets {
    private static final Pattern SET = Pattern.compile("(?is)^(\\s*SET\\s+)([^'\\s=][^\\s=]*)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern RESET = Pattern.compile("(?is)^(\\s*RESET\\s+)([^'\\s][^\\s]*)\\s*$");

    private Sets() {}

    static String quoteSetKeys(String text) {
        Matcher set = SET.matcher(text);
        if (set.matches()) {
            return set.group(1) + quote(set.group(2)) + " = " + quote(set.group(3));
        }
        Matcher reset = RESET.matcher(text);
        if (reset.matches()) return reset.group(1) + quote(reset.group(2));
        return text;
    }

    private static String quote(String value) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) return value;
        String unquoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
        return "'" + unquoted.replace("'", "''") + "'";
    }
}
