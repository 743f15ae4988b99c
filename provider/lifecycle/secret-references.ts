/**
 * `${secret_values.<name>}` placeholders refer to namespace variables, which
 * the service substitutes at validation and start. Preview checks that each
 * one is declared by a Variable of the program (the DeployedDraft's
 * `variables`) or already exists in the namespace (ListVariables, read-only),
 * and fails naming the ones that are neither: the service's validation would
 * refuse the script for certain.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { FlinkClient, Scope } from "../client";
import type { Logger } from "../log";
import { placeholderEnd } from "../sql/scanner";

const PREFIX = "secret_values.";

/** The names referenced as `${secret_values.<name>}`, in order of first use. */
export function secretValueReferences(sql: string): string[] {
  const names = new Set<string>();
  for (let i = sql.indexOf("${"); i !== -1; i = sql.indexOf("${", i + 2)) {
    const end = placeholderEnd(sql, i);
    if (end === -1) continue;
    const name = sql.slice(i + 2, end - 1);
    if (name.startsWith(PREFIX) && name.length > PREFIX.length) names.add(name.slice(PREFIX.length));
  }
  return [...names];
}

export interface SecretReferenceCheck {
  sql: string;
  declared: readonly string[];
  scope: Scope;
  /** The service, when explicit credentials allow asking it during preview. */
  client?: FlinkClient;
  log: Logger;
}

export async function checkSecretReferences(req: SecretReferenceCheck): Promise<dynamic.CheckFailure[]> {
  const declared = new Set(req.declared);
  const undeclared = secretValueReferences(req.sql).filter((name) => !declared.has(name));
  if (undeclared.length === 0) return [];
  if (!req.client) {
    req.log.info(
      `sql uses ${undeclared.map((name) => `\${secret_values.${name}}`).join(", ")}, which no Variable in \`variables\` ` +
        "declares; without credentials preview cannot check that the namespace has them",
    );
    return [];
  }
  let existing: Set<string>;
  try {
    existing = new Set((await req.client.listVariables(req.scope)).map((v) => v.name ?? ""));
  } catch (err) {
    req.log.warn(
      `namespace variables could not be listed: ${err instanceof Error ? err.message : String(err)}`,
    );
    return [];
  }
  const missing = undeclared.filter((name) => !existing.has(name));
  if (missing.length === 0) return [];
  const list = missing.map((name) => `\${secret_values.${name}}`).join(", ");
  return [
    {
      property: "sql",
      reason:
        `sql uses ${list}, but namespace ${req.scope.namespace} has no such variable and no Variable in ` +
        "`variables` declares it: add `new Variable(...)` to the program and pass it in the DeployedDraft's " +
        "`variables`, or create the variable in the console (Variable management).",
    },
  ];
}

/**
 * The script for ValidateSqlStatement at preview: a reference to a variable
 * that a Variable of the program declares (and that may not exist yet,
 * since it is created first) is replaced by a stand-in value, so that the
 * service judges the SQL rather than the variable's absence.
 */
export function withDeclaredSecretsFilled(sql: string, declared: readonly string[]): string {
  let out = sql;
  for (const name of declared) out = out.split(`\${${PREFIX}${name}}`).join("declared-variable-value");
  return out;
}
