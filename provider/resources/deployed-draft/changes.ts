/**
 * Which DeployedDraft properties differ between stored outputs and checked
 * inputs, by the schema's classes and rules: what diff reports and what
 * update redeploys.
 */
import { z } from "zod";
import { canonical, effectiveValue, type Fields } from "../../schema/resource-schema";
import { containsUnknown } from "../../unknowns";
import { DeployedDraftSchema } from "./schema";
import { dropNulls } from "./settings";

const RecordSchema = z.record(z.string(), z.unknown());

export function asRecord(value: unknown): Fields {
  const parsed = RecordSchema.safeParse(dropNulls(value ?? {}));
  return parsed.success ? parsed.data : {};
}

/** The cloud-relevant properties that differ: what a deploy changes (jobState excepted). */
export function contentChanges(olds: unknown, news: unknown): string[] {
  return changedProperties(asRecord(olds), asRecord(news)).filter((key) => key !== "jobState");
}

/** The replace/update properties (and internal ones with a rule) that differ. */
export function changedProperties(before: Fields, after: Fields): string[] {
  const changed: string[] = [];
  for (const [key, property] of Object.entries(DeployedDraftSchema.inputs)) {
    if (property.class === "knob") continue;
    if (property.class === "internal" && !property.changed) continue;
    const differs = property.changed
      ? property.changed(before, after)
      : containsUnknown(after[key]) ||
        canonical(effectiveValue(property, before[key])) !== canonical(effectiveValue(property, after[key]));
    if (differs) changed.push(key);
  }
  return changed;
}

/** Never deployed by us (no deploymentId, or no sqlHash: set only by a successful deploy). */
export function isUndeployed(olds: unknown): boolean {
  const before = asRecord(olds);
  return !isNonEmptyString(before.deploymentId) || !isNonEmptyString(before.sqlHash);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}
