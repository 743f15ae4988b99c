/**
 * Namespace variables (CreateVariable, ListVariables, UpdateVariable, DeleteVariable): the values SQL
 * references as `${secret_values.<name>}`, substituted at validation and at job start.
 *
 * Documented: paths and the Variable model {name, value, kind, description} (TS SDK
 * ververica-20220718), kind `Encrypted` / `Plain` / `Clear` (SDK doc and help pages disagree on which
 * is which), ListVariables masks secret values as "******" (terraform-provider-alicloud's variable
 * resource, flink-api.md §4.1). ASSUMPTIONS: every answer masks an Encrypted value (also Create/Update),
 * Plain and Clear values are shown; a taken name is HTTP 409 `VariableAlreadyExists`; UpdateVariable
 * merges the fields sent; ListVariables is sorted by name; names are 1–128 characters without
 * whitespace, `$`, `{` or `}`.
 */
import type { Backend } from "./backend";
import type { Scope } from "./drafts";
import { invalidParameter, notFound, productError } from "./errors";
import type { VariableRecord } from "./store";

export const MASK = "******";
export const VARIABLE_KINDS = ["Encrypted", "Plain", "Clear"] as const;

function key(scope: Scope, name: string): string {
  return `${scope.workspace}/${scope.namespace}/${name}`;
}

function checkName(name: string): void {
  if (!/^[^\s${}]{1,128}$/.test(name)) {
    throw invalidParameter(
      `Variable name ${JSON.stringify(name)} is invalid: 1-128 characters without whitespace, $, { or }.`,
    );
  }
}

export function findVariable(backend: Backend, scope: Scope, name: string): VariableRecord {
  const variable = backend.store.state.variables[key(scope, name)];
  if (!variable) throw notFound(`Variable ${name} in namespace ${scope.namespace}`);
  return variable;
}

export function listVariables(backend: Backend, scope: Scope): VariableRecord[] {
  return Object.values(backend.store.state.variables)
    .filter((v) => v.workspace === scope.workspace && v.namespace === scope.namespace)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function createVariable(
  backend: Backend,
  scope: Scope,
  fields: { name: string; value: string; kind: string; description?: string },
): VariableRecord {
  checkName(fields.name);
  if (backend.store.state.variables[key(scope, fields.name)]) {
    throw productError(
      "VariableAlreadyExists",
      `A variable named ${fields.name} already exists in namespace ${scope.namespace}; update it (UpdateVariable) or delete it first.`,
    );
  }
  const variable: VariableRecord = { workspace: scope.workspace, namespace: scope.namespace, ...fields };
  backend.store.state.variables[key(scope, fields.name)] = variable;
  return variable;
}

export function updateVariable(
  backend: Backend,
  scope: Scope,
  name: string,
  patch: { name?: string; value?: string; kind?: string; description?: string },
): VariableRecord {
  const variable = findVariable(backend, scope, name);
  if (patch.name !== undefined && patch.name !== name) {
    throw invalidParameter(
      `UpdateVariable: body.name (${patch.name}) must be the variable's name (${name}); variables cannot be renamed.`,
    );
  }
  if (patch.value !== undefined) variable.value = patch.value;
  if (patch.kind !== undefined) variable.kind = patch.kind;
  if (patch.description !== undefined) variable.description = patch.description;
  return variable;
}

export function deleteVariable(backend: Backend, scope: Scope, name: string): void {
  findVariable(backend, scope, name);
  delete backend.store.state.variables[key(scope, name)];
}

/** Variable as the API shows it: an Encrypted value is masked. */
export function variableView(variable: VariableRecord): Record<string, unknown> {
  return {
    name: variable.name,
    value: variable.kind === "Encrypted" ? MASK : variable.value,
    kind: variable.kind,
    description: variable.description,
  };
}

/** name → value of the namespace's variables, for `${secret_values.<name>}`. */
export function namespaceValues(backend: Backend, scope: Scope): Map<string, string> {
  return new Map(listVariables(backend, scope).map((v) => [v.name, v.value]));
}
