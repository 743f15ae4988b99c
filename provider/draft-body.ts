/**
 * Inputs → the DeploymentDraft body the service stores, and back.
 *
 * Every draft the provider writes carries the ownership label
 * `pulumi-alicloud-flink/owner: <project>/<stack>/<resource name>`, so that a
 * create that crashed after the draft existed can recognise and adopt its own
 * draft on the next `up` instead of failing on the taken name.
 */
import type { DeploymentDraft, DeploymentDraftBody } from "./client";
import type { DeployedDraftInputs } from "./resources/deployed-draft/schema";

export const OWNER_LABEL = "pulumi-alicloud-flink/owner";

export function draftBody(
  inputs: DeployedDraftInputs & { name: string },
  executionMode: "STREAMING" | "BATCH",
): DeploymentDraftBody {
  const labels: Record<string, string> = { ...inputs.labels };
  if (inputs.__owner !== undefined) labels[OWNER_LABEL] = inputs.__owner;
  return {
    name: inputs.name,
    engineVersion: inputs.engineVersion,
    executionMode,
    artifact: {
      kind: "SQLSCRIPT",
      sqlArtifact: {
        sqlScript: inputs.sql,
        additionalDependencies: inputs.additionalDependencies,
      },
    },
    labels,
    localVariables: Object.entries(inputs.localVariables ?? {}).map(([name, value]) => ({
      name,
      value,
    })),
    parentId: inputs.folderId,
  };
}

/** The owner label a draft carries, if any. */
export function ownerOf(draft: DeploymentDraft): string | undefined {
  const value = draft.labels?.[OWNER_LABEL];
  return typeof value === "string" ? value : undefined;
}

/** The user's labels on a draft: string values, the ownership label left out. */
export function userLabels(draft: DeploymentDraft): Record<string, string> | undefined {
  const entries = Object.entries(draft.labels ?? {}).filter(
    (entry): entry is [string, string] => entry[0] !== OWNER_LABEL && typeof entry[1] === "string",
  );
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
