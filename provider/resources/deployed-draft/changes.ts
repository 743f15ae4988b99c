/**
 * Which DeployedDraft properties differ between stored outputs and checked
 * inputs, by the schema's classes and rules: what diff reports and what
 * update redeploys.
 */
import { z } from "zod";
import { changedInputs, type Fields } from "../../schema/resource-schema";
import { containsUnknown } from "../../unknowns";
import { DeployedDraftSchema } from "./schema";
import { dropNulls } from "./settings";
import { SETTINGS_KEYS } from "./job-settings";

const SETTINGS: ReadonlySet<string> = new Set(SETTINGS_KEYS);

const RecordSchema = z.record(z.string(), z.unknown());

export function asRecord(value: unknown): Fields {
  const parsed = RecordSchema.safeParse(dropNulls(value ?? {}));
  return parsed.success ? parsed.data : {};
}

/**
 * The cloud-relevant properties that differ and need a deploy of the draft:
 * jobState and the deployment settings excepted (those are written with
 * UpdateDeployment and never touch the draft).
 */
export function contentChanges(olds: unknown, news: unknown): string[] {
  return changedProperties(asRecord(olds), asRecord(news)).filter(
    (key) => key !== "jobState" && !SETTINGS.has(key),
  );
}

/** The deployment settings (resources, flinkConf, logging) that differ. */
export function settingsChanges(olds: unknown, news: unknown): string[] {
  return changedProperties(asRecord(olds), asRecord(news)).filter((key) => SETTINGS.has(key));
}

/** The replace/update properties (and internal ones with a rule) that differ. */
export function changedProperties(before: Fields, after: Fields): string[] {
  return changedInputs(DeployedDraftSchema, before, after, containsUnknown);
}

/** Never deployed by us (no deploymentId, or no sqlHash: set only by a successful deploy). */
export function isUndeployed(olds: unknown): boolean {
  const before = asRecord(olds);
  return !isNonEmptyString(before.deploymentId) || !isNonEmptyString(before.sqlHash);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}
