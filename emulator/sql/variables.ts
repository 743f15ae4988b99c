/**
 * `${name}` placeholders, as the service substitutes the deployment's variables before it parses the
 * SQL: everywhere in the text, string literals included (where they are mostly used, e.g.
 * 'password' = '${pwd}'). `${secret_values.<name>}` names a namespace variable (CreateVariable): it is
 * substituted from `secrets` when they are given, and a name not among them is reported in
 * `missingSecrets`; without `secrets` it stays as written and is not reported.
 */
const PLACEHOLDER = /\$\{([^{}\r\n]*)\}/g;
const NAMESPACE_VARIABLE_PREFIX = "secret_values.";

export interface Substitution {
  text: string;
  /** Names used but not defined, in order of first use. */
  missing: string[];
  /** Namespace variables (without the `secret_values.` prefix) used but not defined. */
  missingSecrets: string[];
}

export function substitute(
  text: string,
  variables: ReadonlyMap<string, string>,
  secrets?: ReadonlyMap<string, string>,
): Substitution {
  const missing: string[] = [];
  const missingSecrets: string[] = [];
  const replaced = text.replace(PLACEHOLDER, (whole: string, name: string) => {
    if (name.startsWith(NAMESPACE_VARIABLE_PREFIX)) {
      if (secrets === undefined) return whole;
      const secretName = name.slice(NAMESPACE_VARIABLE_PREFIX.length);
      const secret = secrets.get(secretName);
      if (secret !== undefined) return secret;
      if (!missingSecrets.includes(secretName)) missingSecrets.push(secretName);
      return whole;
    }
    const value = variables.get(name);
    if (value !== undefined) return value;
    if (!missing.includes(name)) missing.push(name);
    return whole;
  });
  return { text: replaced, missing, missingSecrets };
}
