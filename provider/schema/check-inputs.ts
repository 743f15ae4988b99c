/**
 * The schema-driven part of every resource's `check`: each property
 * normalized once (what diff, create and update all see), unknown keys
 * refused with the closest known name, shape failures naming the property
 * and the fix, and failures printed without the value where the engine would
 * print a secret or a huge value (docs/design.md §4.4), every reason masked.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import type { Secrets } from "../secrets";
import {
  closestKey,
  type Fields,
  type InputProperties,
  type OutputProperties,
  type ResourceSchema,
} from "./resource-schema";

const RecordSchema = z.record(z.string(), z.unknown());

export interface CheckedShapes {
  /** The inputs with every known, parseable property normalized. */
  checked: Fields;
  failures: dynamic.CheckFailure[];
}

export function checkShapes<I extends InputProperties, O extends OutputProperties>(
  schema: ResourceSchema<I, O>,
  typeName: string,
  inputs: Fields,
  unknownKeys: ReadonlySet<string>,
): CheckedShapes {
  const properties = schema.inputs as InputProperties;
  const checked: Fields = { ...inputs };
  for (const [key, value] of Object.entries(inputs)) {
    const property = properties[key];
    if (!property || unknownKeys.has(key) || key.startsWith("__")) continue;
    const parsed = property.schema.safeParse(value);
    if (parsed.success) checked[key] = parsed.data;
  }
  return {
    checked,
    failures: [
      ...unknownKeyFailures(properties, typeName, checked),
      ...shapeFailures(schema, properties, checked, unknownKeys),
    ],
  };
}

/** A key the schema does not know is refused with the closest known name: a typo must not be ignored. */
function unknownKeyFailures(
  properties: InputProperties,
  typeName: string,
  inputs: Fields,
): dynamic.CheckFailure[] {
  const known = Object.keys(properties).filter((k) => !k.startsWith("__"));
  return Object.keys(inputs)
    .filter((key) => !(key in properties))
    .map((key) => {
      const closest = closestKey(key, known);
      return {
        property: key,
        reason:
          `${key} is not a ${typeName} property` +
          (closest ? `: did you mean ${closest}?` : `; the properties are listed in the README reference.`),
      };
    });
}

function shapeFailures<I extends InputProperties, O extends OutputProperties>(
  schema: ResourceSchema<I, O>,
  properties: InputProperties,
  inputs: Fields,
  unknownKeys: ReadonlySet<string>,
): dynamic.CheckFailure[] {
  const result = schema.inputObject.safeParse(inputs);
  if (result.success) return [];
  return (
    result.error.issues
      // Unknown keys are reported by unknownKeyFailures, with the closest known name.
      .filter((issue) => issue.code !== "unrecognized_keys")
      .filter((issue) => !unknownKeys.has(String(issue.path[0])))
      .map((issue) => {
        const property = issue.path.map(String).join(".") || "(inputs)";
        const hint = properties[String(issue.path[0])]?.hint;
        const expected = hint ? ` Expected ${hint}.` : "";
        const missing = issue.code === "invalid_type" && getPath(inputs, issue.path) === undefined;
        // A bad map key reports "Invalid key in record"; its own issue says why.
        const message =
          issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
        const reason = missing
          ? `${property} is required.${expected}`
          : `${property}: ${message}.${expected}`;
        return { property, reason };
      })
  );
}

function getPath(value: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const record = RecordSchema.safeParse(current);
    if (!record.success) return undefined;
    current = record.data[String(key)];
  }
  return current;
}

/**
 * The engine prints a failure as `property <p> value <v> has a problem`, with
 * the property's whole value: megabytes of SQL, or a map holding secrets.
 * Failures of `valueHiding` properties are reported without the property
 * (their reason starts with its name), and every reason is masked.
 */
export function printable(
  failures: dynamic.CheckFailure[],
  secrets: Secrets,
  valueHiding: readonly string[],
): dynamic.CheckFailure[] {
  return failures.map((failure) => {
    const top = failure.property.split(".")[0];
    const reason = secrets.mask(failure.reason);
    if (!valueHiding.includes(top)) return { property: failure.property, reason };
    const named = reason.startsWith(`${failure.property}:`) || reason.startsWith(`${failure.property} is `);
    return { property: "", reason: named ? reason : `${failure.property}: ${reason}` };
  });
}
