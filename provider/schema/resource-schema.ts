/**
 * One schema per resource: every property is declared once, with its zod
 * type, its class, its default and its documentation, and everything else is
 * derived from that declaration:
 *
 * - the zod object `check` validates with, and the hint appended to a
 *   property's failure message ("Expected …");
 * - the defaults the provider acts on (`defaultOf`);
 * - the diff classes: `replace` (a change replaces the resource), `update`
 *   (a change is an update that reaches the service), `knob` (behaviour of
 *   the provider; never a diff by itself), `internal` (set by the SDK, hidden
 *   from `pulumi preview --diff` by its `__` prefix);
 * - the typed outputs (`z.output` of the outputs object) that create, update
 *   and read return;
 * - the README reference tables (`renderReferenceTables`, checked by a test).
 *
 * The idea is terraform-plugin-framework's schema: attributes with
 * validators, plan modifiers (here: the class and `changed`) and
 * descriptions in one place.
 */
import { z } from "zod";

export type PropertyClass = "replace" | "update" | "knob" | "internal";

/** Inputs as plain records (check and diff see them before parsing). */
export type Fields = Record<string, unknown>;

export interface InputProperty<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  readonly class: PropertyClass;
  /** Must be set by the program (and checked at preview). */
  readonly required?: boolean;
  /** The value in effect when the program leaves the property out (applied in diff and in the flows). */
  readonly default?: z.output<S>;
  /** The TypeScript type as a user writes it, for the reference tables. */
  readonly type: string;
  /** Reference text: what it is and what a change does. */
  readonly doc: string;
  /** How the default reads in the reference table, when it is not the literal value. */
  readonly defaultDoc?: string;
  /** What to set, appended to a failure of this property as "Expected <hint>." */
  readonly hint?: string;
  /**
   * Whether the value changed between the stored outputs and the checked
   * inputs, when plain comparison of the effective values (defaults applied)
   * is not what the service sees (SQL by meaning, an observed job state).
   */
  readonly changed?: (before: Fields, after: Fields) => boolean;
}

export interface OutputProperty<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  readonly type: string;
  readonly doc: string;
}

export type InputProperties = Record<string, InputProperty>;
export type OutputProperties = Record<string, OutputProperty>;

/** The zod shape of the inputs: required properties as they are, the others optional. */
export type InputShape<P extends InputProperties> = {
  [K in keyof P]: P[K]["required"] extends true ? P[K]["schema"] : z.ZodOptional<P[K]["schema"]>;
};

export type OutputShape<P extends OutputProperties> = {
  [K in keyof P]: z.ZodOptional<P[K]["schema"]>;
};

export interface ResourceSchema<I extends InputProperties, O extends OutputProperties> {
  /** The Pulumi type token, e.g. "alicloud-flink:DeployedDraft". */
  readonly token: string;
  /** The version of the state layout this code writes; see `upgradeState`. */
  readonly schemaVersion: number;
  readonly inputs: I;
  readonly outputs: O;
  /** Unknown keys are refused, so a misspelt property cannot be silently ignored. */
  readonly inputObject: z.ZodObject<InputShape<I>>;
  /** Service facts: every field optional, since each becomes known at its own step. */
  readonly outputObject: z.ZodObject<OutputShape<O>>;
  readonly keysOf: (cls: PropertyClass) => (keyof I & string)[];
}

/**
 * Declares an input. `required` and `class` are kept as literal types, so
 * that the zod shape knows what is required and code can demand a handler
 * for every property of a class (read's mapping of cloud values, for one).
 */
export function input<
  S extends z.ZodType,
  const C extends PropertyClass,
  const R extends boolean | undefined = undefined,
>(
  property: InputProperty<S> & { readonly class: C; readonly required?: R },
): InputProperty<S> & { readonly class: C; readonly required: R } {
  return property as InputProperty<S> & { readonly class: C; readonly required: R };
}

/** The keys of the inputs of one class, as a type. */
export type KeysOfClass<I extends InputProperties, C extends PropertyClass> = {
  [K in keyof I]: I[K]["class"] extends C ? K : never;
}[keyof I] &
  string;

export function output<S extends z.ZodType>(property: OutputProperty<S>): OutputProperty<S> {
  return property;
}

export function defineResource<I extends InputProperties, O extends OutputProperties>(definition: {
  token: string;
  schemaVersion: number;
  inputs: I;
  outputs: O;
}): ResourceSchema<I, O> {
  const inputShape = Object.fromEntries(
    Object.entries(definition.inputs).map(([key, p]) => [key, p.required ? p.schema : p.schema.optional()]),
  ) as InputShape<I>;
  const outputShape = Object.fromEntries(
    Object.entries(definition.outputs).map(([key, p]) => [key, p.schema.optional()]),
  ) as OutputShape<O>;
  const overlap = Object.keys(definition.outputs).filter((k) => k in definition.inputs);
  if (overlap.length > 0)
    throw new Error(`${definition.token}: ${overlap.join(", ")} are inputs and outputs`);
  return {
    ...definition,
    inputObject: z.strictObject(inputShape),
    outputObject: z.object(outputShape),
    keysOf: (cls) =>
      Object.entries(definition.inputs)
        .filter(([, p]) => p.class === cls)
        .map(([key]) => key as keyof I & string),
  };
}

/** Deterministic JSON (sorted keys, undefined left out) for comparing plain values. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The value in effect: the given one, else the property's default. Objects
 * with defaults of their own (e.g. `deploymentTarget.mode`) are merged over
 * the default, so `{ name: "q" }` and `{ name: "q", mode: "PER_JOB" }` compare equal.
 */
export function effectiveValue(property: InputProperty, value: unknown): unknown {
  const fallback = property.default;
  if (value === undefined || value === null) return fallback;
  if (isPlainObject(fallback) && isPlainObject(value) && Object.keys(fallback).length > 0) {
    const merged: Fields = { ...fallback };
    for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) merged[k] = v;
    return merged;
  }
  return value;
}

function isPlainObject(value: unknown): value is Fields {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The `replace` and `update` properties (and internal ones with a rule) whose
 * effective values differ between stored outputs and checked inputs: what
 * diff reports. A value unknown during preview counts as a change.
 */
export function changedInputs<I extends InputProperties, O extends OutputProperties>(
  schema: ResourceSchema<I, O>,
  before: Fields,
  after: Fields,
  isUnknown: (value: unknown) => boolean,
): string[] {
  const changed: string[] = [];
  for (const [key, property] of Object.entries(schema.inputs as InputProperties)) {
    if (property.class === "knob") continue;
    if (property.class === "internal" && !property.changed) continue;
    // Both sides normalized by the property's schema (trimmed identifiers, variable values as strings),
    // so that a state written before a normalization existed does not differ from the same input now.
    const normal = (value: unknown): unknown => {
      const parsed = property.schema.safeParse(value);
      return parsed.success ? parsed.data : value;
    };
    // Equal as given, equal once normalized: the parses are only paid for values that differ.
    const differs = property.changed
      ? property.changed(before, after)
      : isUnknown(after[key]) ||
        (canonical(before[key]) !== canonical(after[key]) &&
          canonical(effectiveValue(property, normal(before[key]))) !==
            canonical(effectiveValue(property, normal(after[key]))));
    if (differs) changed.push(key);
  }
  return changed;
}

/** The closest known key to a misspelt one (edit distance ≤ 2, or a case-only difference). */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance =
      candidate.toLowerCase() === key.toLowerCase()
        ? 0
        : editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance))
      best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

const CLASS_TEXT: Record<PropertyClass, string> = {
  replace: "replaces",
  update: "updates",
  knob: "knob",
  internal: "internal",
};

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function defaultText(property: InputProperty): string {
  if (property.required) return "required";
  if (property.defaultDoc !== undefined) return property.defaultDoc;
  if (property.default === undefined) return "";
  return `\`${JSON.stringify(property.default)}\``;
}

/**
 * The README reference tables of a resource, in Markdown: inputs that reach
 * the service (a change is a diff), behaviour knobs, and outputs.
 */
export function renderReferenceTables<I extends InputProperties, O extends OutputProperties>(
  schema: ResourceSchema<I, O>,
): string {
  const inputRows = (classes: PropertyClass[]): string[] =>
    Object.entries(schema.inputs as InputProperties)
      .filter(([, p]) => classes.includes(p.class))
      .map(
        ([key, p]) =>
          `| \`${key}\` | \`${cell(p.type)}\` | ${cell(defaultText(p))} | ${CLASS_TEXT[p.class]} | ${cell(p.doc)} |`,
      );
  const header = ["| input | type | default | a change | notes |", "| --- | --- | --- | --- | --- |"];
  const outputs = Object.entries(schema.outputs as OutputProperties).map(
    ([key, p]) => `| \`${key}\` | \`${cell(p.type)}\` | ${cell(p.doc)} |`,
  );
  return [
    "### Inputs that reach the service (a change is a diff)",
    "",
    ...header,
    ...inputRows(["replace", "update"]),
    "",
    "### Behaviour knobs (never a diff by themselves)",
    "",
    ...header,
    ...inputRows(["knob"]),
    "",
    "### Outputs (besides every input, echoed)",
    "",
    "| output | type | notes |",
    "| --- | --- | --- |",
    ...outputs,
    "",
  ].join("\n");
}
