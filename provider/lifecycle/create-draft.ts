/**
 * CreateDeploymentDraft without blind resends (operations.ts: a repeat after
 * one that landed would meet the taken name). After an ambiguous failure (a
 * 5xx, a dropped connection) the name tells whether the call landed — names
 * are unique in a namespace:
 * - a draft with this resource's ownership label: ours, continue with it;
 * - no draft: the call did not land, send it again (bounded, with backoff);
 * - someone else's draft: fail, naming its creator; it is not touched.
 */
import {
  FlinkApiError,
  sleep,
  type DeploymentDraft,
  type DeploymentDraftBody,
  type FlinkClient,
  type Scope,
} from "../client";
import { ownerOf } from "../draft-body";
import type { Logger } from "../log";
import { decideAdoption } from "./adoption";

/** Attempts of a create whose failures leave it unknown whether the draft exists. */
const AMBIGUOUS_ATTEMPTS = 4;

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
  pause: (ms: number) => Promise<void> = sleep,
): Promise<DeploymentDraft> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.createDeploymentDraft(scope, draft.body);
    } catch (err) {
      if (!(err instanceof FlinkApiError) || !err.retryable || attempt >= AMBIGUOUS_ATTEMPTS) throw err;
      const found = await client.findDeploymentDraftByName(scope, draft.name);
      if (found?.deploymentDraftId && draft.owner !== undefined && ownerOf(found) === draft.owner) {
        log.info(
          `CreateDeploymentDraft reported "${err.message}" but had landed (draft ${found.deploymentDraftId})`,
        );
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
      log.warn(`CreateDeploymentDraft did not land (${err.message}); sending it again`);
      await pause(250 * 2 ** attempt);
    }
  }
}
