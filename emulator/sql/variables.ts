/**
 * `${name}` placeholders, as the service substitutes the deployment's variables before it parses the
 * SQL: everywhere in the text, string literals included (where they are mostly used, e.g.
 * 'password' = '${pwd}'). `${secret_values.<name>}` names a namespace variable the service resolves
 * itself; the emulator has no variables API, so those stay as written and are not reported missing.
 */
const PLACEHOLDER = /\$\{([^{}\r\n]*)\}/g;
const NAMESPACE_VARIABLE_PREFIX = "secret_values.";

export interface Substitution {
  text: string;
  /** Names used but not defined, in order of first use. */
  missing: string[];
}

export function substitute(text: string, variables: ReadonlyMap<string, string>): Substitution {
  const missing: string[] = [];
  const replaced = text.replace(PLACEHOLDER, (whole: string, name: string) => {
    const value = variables.get(name);
    if (value !== undefined) return value;
    if (!name.startsWith(NAMESPACE_VARIABLE_PREFIX) && !missing.includes(name)) missing.push(name);
    return whole;
  });
  return { text: replaced, missing };
}
