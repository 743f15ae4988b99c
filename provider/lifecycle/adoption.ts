/**
 * Adopt-or-create. Pulumi cannot import dynamic resources (pulumi/pulumi#16175),
 * so create looks the name up first: a draft carrying this resource's
 * ownership label is its own (an earlier create crashed after the draft
 * existed) and is adopted silently; any other draft is adopted only when the
 * user says `adopt: true`.
 */
import type { DeploymentDraft } from "../client";
import { ownerOf, userLabels } from "../draft-body";
import { defaultOf } from "../resources/deployed-draft/schema";
import type { NamedInputs } from "../resources/deployed-draft/settings";
import { canonical } from "../schema/resource-schema";
import { describeStatementChanges, sqlHash } from "../sql";

export type AdoptionDecision =
  { adopt: true; reason: "owned" | "requested" } | { adopt: false; refusal: string };

/** "<project>/<stack>" of an owner label "<project>/<stack>/<resource>". */
function stackOf(owner: string): string {
  return owner.split("/").slice(0, 2).join("/");
}

export function decideAdoption(
  existing: DeploymentDraft,
  request: { name: string; namespace: string; owner?: string; adopt?: boolean },
): AdoptionDecision {
  const owner = ownerOf(existing);
  if (owner !== undefined && owner === request.owner) return { adopt: true, reason: "owned" };
  if (request.adopt === true) return { adopt: true, reason: "requested" };
  const sameStack =
    owner !== undefined && request.owner !== undefined && stackOf(owner) === stackOf(request.owner);
  if (sameStack) {
    // Adopting would make two resources of one stack manage one draft: never suggest it.
    return {
      adopt: false,
      refusal:
        `A draft named "${request.name}" already exists in namespace ${request.namespace} and belongs to ` +
        `${owner}, another resource of this stack: give each DeployedDraft its own name.`,
    };
  }
  const createdBy = owner
    ? `the Pulumi resource ${owner}`
    : existing.creatorName || existing.creator || "someone else (creator unknown)";
  return {
    adopt: false,
    refusal:
      `A draft named "${request.name}" already exists in namespace ${request.namespace}, created by ${createdBy}. ` +
      `Set adopt: true to take it over, or choose another name.`,
  };
}

/**
 * How an existing draft differs from the program, in the terms of the diff
 * (SQL by normalized statements, engine version, mode, dependencies,
 * variables, user labels, folder). Empty: the draft already is what the
 * program describes, and adopting it must not write, validate, deploy or
 * restart anything.
 */
export function draftDifferences(draft: DeploymentDraft, inputs: NamedInputs): string[] {
  const differences: string[] = [];
  const cloudSql = draft.artifact?.sqlArtifact?.sqlScript;
  if (cloudSql === undefined || sqlHash(cloudSql) !== sqlHash(inputs.sql)) {
    const lines =
      cloudSql === undefined
        ? ["the draft has no SQL script"]
        : describeStatementChanges(cloudSql, inputs.sql);
    differences.push(...lines.map((line) => `sql ${line}`));
  }
  if (draft.engineVersion !== inputs.engineVersion) {
    differences.push(`engineVersion ${draft.engineVersion ?? "(none)"} → ${inputs.engineVersion}`);
  }
  const mode = inputs.executionMode ?? defaultOf("executionMode");
  if ((draft.executionMode ?? "STREAMING") !== mode)
    differences.push(`executionMode ${draft.executionMode} → ${mode}`);
  const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);
  const dependencies = draft.artifact?.sqlArtifact?.additionalDependencies ?? [];
  if (!same(dependencies, inputs.additionalDependencies ?? []))
    differences.push("additionalDependencies differ");
  const variables = Object.fromEntries(
    (draft.localVariables ?? []).map((v) => [v.name ?? "", v.value ?? ""]),
  );
  if (!same(Object.keys(variables).sort(), Object.keys(inputs.localVariables ?? {}).sort())) {
    differences.push("localVariables: the names differ");
  } else if (
    Object.entries(inputs.localVariables ?? {}).some(
      ([name, value]) => variables[name] !== value && !/^\*+$/.test(variables[name] ?? ""),
    )
  ) {
    differences.push("localVariables: values differ");
  }
  if (!same(userLabels(draft) ?? {}, inputs.labels ?? {})) differences.push("labels differ");
  if (inputs.folderId !== undefined && draft.parentId !== inputs.folderId) {
    differences.push(`folderId ${draft.parentId ?? "(none)"} → ${inputs.folderId}`);
  }
  return differences;
}
