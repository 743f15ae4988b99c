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
  type InputProperty,
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
  const failures: dynamic.CheckFailure[] = [];
  // Each property parsed once, in the schema's order (the order of its failures), by the same rules
  // as `schema.inputObject`: a no-change preview checks every resource, one after the other, so a
  // second whole-object parse would be paid by every resource of the stack (bench/RESULTS.md, preview).
  for (const [key, property] of Object.entries(properties)) {
    const value = inputs[key];
    // Unknown during preview: judged once known. Absent and optional: nothing to judge.
    if (unknownKeys.has(key) || (value === undefined && !property.required)) continue;
    const parsed = property.schema.safeParse(value);
    if (!parsed.success)
      failures.push(...parsed.error.issues.map((issue) => shapeFailure(key, issue, property, inputs)));
    // Internal inputs (set by the SDK) are judged but passed on as they came.
    else if (!key.startsWith("__")) checked[key] = parsed.data;
  }
  return { checked, failures: [...unknownKeyFailures(properties, typeName, checked), ...failures] };
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

/** One issue of a property's parse as a failure that names the property (its full path) and the fix. */
function shapeFailure(
  key: string,
  issue: z.core.$ZodIssue,
  property: InputProperty,
  inputs: Fields,
): dynamic.CheckFailure {
  const path = [key, ...issue.path];
  const name = path.map(String).join(".");
  const expected = property.hint ? ` Expected ${property.hint}.` : "";
  const missing = issue.code === "invalid_type" && getPath(inputs, path) === undefined;
  // A bad map key reports "Invalid key in record"; its own issue says why.
  const message = issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  const reason = missing ? `${name} is required.${expected}` : `${name}: ${message}.${expected}`;
  return { property: name, reason };
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
