package dev.alicloudflink.sidecar;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements the sidecar does not check with the planner: Alibaba-only (VVR) syntax
 * the open-source parser does not know, and statements that depend on things the
 * sidecar does not have (user jars and functions, external catalogs, modules). Their
 * indices go back in "fallback" and the caller checks them with its grammar.
 */
final class Fallback {
    private record Form(Pattern pattern, String reason) {}

    private static Form form(String regex, String reason) {
        return new Form(Pattern.compile("(?is)^" + regex), reason);
    }

    private static final List<Form> FORMS = List.of(
            form("CREATE\\s+DATABASE\\b.*\\bAS\\s+DATABASE\\b", "CREATE DATABASE ... AS DATABASE is VVR-only syntax"),
            form("CREATE\\s+(?:TEMPORARY\\s+)?TABLE\\b.*?\\bAS\\s+TABLE\\b", "CREATE TABLE ... AS TABLE is VVR-only syntax"),
            form("EXECUTE\\s+CDCSOURCE\\b", "EXECUTE CDCSOURCE is not Apache Flink syntax"),
            form("CREATE\\s+(?:OR\\s+REPLACE\\s+)?TEMPORARY\\s+TABLE\\b.*?\\bAS\\s+SELECT\\b",
                    "CREATE TEMPORARY TABLE ... AS SELECT is VVR-only syntax"),
            form("(?:ADD|REMOVE)\\s+JAR\\b", "jars are not available to the sidecar"),
            form("(?:LOAD|UNLOAD)\\s+MODULE\\b|USE\\s+MODULES\\b", "modules are not available to the sidecar"),
            form("CALL\\b", "procedures belong to a catalog the sidecar does not have"),
            form("(?:DELETE\\s+FROM|UPDATE|TRUNCATE\\s+TABLE)\\b",
                    "row-level DELETE / UPDATE / TRUNCATE depend on the connector"));

    private static final Pattern CREATE_FUNCTION = Pattern.compile(
            "(?is)^CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMPORARY\\s+)?(?:SYSTEM\\s+)?FUNCTION\\b.*?\\bAS\\s+'([^']*)'(.*)$");
    private static final Pattern CREATE_CATALOG = Pattern.compile("(?is)^CREATE\\s+CATALOG\\b(.*)$");
    private static final Pattern IN_MEMORY_TYPE = Pattern.compile("(?is)'type'\\s*=\\s*'generic_in_memory'");
    private static final Pattern LEADING_COMMENTS = Pattern.compile("^(?:\\s+|--[^\\n]*(?:\\n|$)|/\\*.*?\\*/)*", Pattern.DOTALL);

    private Fallback() {}

    /** Why the statement is left to the grammar check, or null when the planner checks it. */
    static String reason(String text) {
        String head = stripLeadingComments(text);
        for (Form form : FORMS) {
            if (form.pattern().matcher(head).find()) return form.reason();
        }
        Matcher function = CREATE_FUNCTION.matcher(head);
        if (function.find()) {
            String rest = function.group(2).toUpperCase(Locale.ROOT);
            if (rest.contains("USING") || rest.matches("(?s).*LANGUAGE\\s+PYTHON.*")) {
                return "the function's jar or Python code is not available to the sidecar";
            }
            if (!loadable(function.group(1))) {
                return "the function's class " + function.group(1) + " is not on the sidecar's class path";
            }
        }
        Matcher catalog = CREATE_CATALOG.matcher(head);
        if (catalog.find() && !IN_MEMORY_TYPE.matcher(catalog.group(1)).find()) {
            return "catalogs other than generic_in_memory are not available to the sidecar";
        }
        return null;
    }

    static String stripLeadingComments(String text) {
        Matcher m = LEADING_COMMENTS.matcher(text);
        return m.lookingAt() ? text.substring(m.end()) : text;
    }

    private static boolean loadable(String className) {
        try {
            Class.forName(className, false, Fallback.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
