/**
 * CreateDeploymentDraft without blind resends (operations.ts: a repeat after
 * one that landed would meet the taken name). After an ambiguous failure (a
 * 5xx, a dropped connection) the name tells whether the call landed — names
 * are unique in a namespace:
 * - a draft with this resource's ownership label: ours, continue with it;
 * - no draft: the call did not land, send it again (bounded, with backoff);
 * - someone else's draft: fail, naming its creator; it is not touched.
 */
import type { Clock } from "../clock";
import { type DeploymentDraft, type DeploymentDraftBody, type FlinkClient, type Scope } from "../client";
import { ownerOf } from "../draft-body";
import type { Logger } from "../log";
import { resendIfNotLanded } from "../resend";
import { decideAdoption } from "./adoption";

export interface DraftToCreate {
  name: string;
  namespace: string;
  owner?: string;
  body: DeploymentDraftBody;
}

/** The calls a create makes; narrow so that a test can stand in for the service. */
export type DraftCreator = Pick<
  FlinkClient,
  "createDeploymentDraft" | "findDeploymentDraftByName" | "getDeploymentDraft"
>;

export async function createDraftOnce(
  client: DraftCreator,
  scope: Scope,
  draft: DraftToCreate,
  log: Logger,
  clock: Clock,
): Promise<DeploymentDraft> {
  return resendIfNotLanded({
    operation: "CreateDeploymentDraft",
    send: () => client.createDeploymentDraft(scope, draft.body),
    landed: async (err) => {
      const found = await client.findDeploymentDraftByName(scope, draft.name);
      if (found?.deploymentDraftId && draft.owner !== undefined && ownerOf(found) === draft.owner) {
        // The list view may leave fields out: read the draft itself.
        return client.getDeploymentDraft(scope, found.deploymentDraftId);
      }
      if (found) {
        const decision = decideAdoption(found, {
          name: draft.name,
          namespace: draft.namespace,
          owner: draft.owner,
        });
        const refusal = decision.adopt ? "" : ` ${decision.refusal}`;
        throw new Error(
          `CreateDeploymentDraft failed (${err.message}), and a draft named "${draft.name}" that this resource ` +
            `did not create appeared meanwhile; it was left untouched.${refusal}`,
        );
      }
      return undefined;
    },
    describe: (d) => `draft ${d.deploymentDraftId ?? ""}`,
    log,
    clock,
  });
}
