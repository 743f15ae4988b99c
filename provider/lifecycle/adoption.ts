/**
 * Adopt-or-create. Pulumi cannot import dynamic resources (pulumi/pulumi#16175),
 * so create looks the name up first: a draft carrying this resource's
 * ownership label is its own (an earlier create crashed after the draft
 * existed) and is adopted silently; any other draft is adopted only when the
 * user says `adopt: true`.
 */
import type { DeploymentDraft } from "../client";
import { ownerOf } from "../draft-body";

export type AdoptionDecision =
  { adopt: true; reason: "owned" | "requested" } | { adopt: false; refusal: string };

export function decideAdoption(
  existing: DeploymentDraft,
  request: { name: string; namespace: string; owner?: string; adopt?: boolean },
): AdoptionDecision {
  const owner = ownerOf(existing);
  if (owner !== undefined && owner === request.owner) return { adopt: true, reason: "owned" };
  if (request.adopt === true) return { adopt: true, reason: "requested" };
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
