// `${name}` placeholders: the service replaces them with the deployment's
// variables before it parses the SQL, everywhere in the text (also inside
// string literals, where they are most often used: 'password' = '${pwd}').
import { placeholderEnd } from "./scanner";

/**
 * Placeholders of the form `${secret_values.<name>}` refer to the workspace's
 * project variables, which the service resolves on its side; they are left
 * alone and not reported missing.
 */
const SERVICE_RESOLVED_PREFIX = "secret_values.";

export function substituteVariables(
  sql: string,
  vars: Record<string, string>,
): { sql: string; missing: string[] } {
  const missing = new Set<string>();
  const parts: string[] = [];
  let copiedUpTo = 0;
  for (let i = sql.indexOf("${"); i !== -1; i = sql.indexOf("${", i + 2)) {
    const end = placeholderEnd(sql, i);
    if (end === -1) continue;
    const name = sql.slice(i + 2, end - 1);
    if (Object.prototype.hasOwnProperty.call(vars, name)) {
      parts.push(sql.slice(copiedUpTo, i), vars[name]);
      copiedUpTo = end;
    } else if (!name.startsWith(SERVICE_RESOLVED_PREFIX)) {
      missing.add(name);
    }
    i = end - 2;
  }
  parts.push(sql.slice(copiedUpTo));
  return { sql: parts.join(""), missing: [...missing] };
}
