/**
 * Reading what an earlier provider version stored (read and delete receive
 * state outputs, possibly of an older schemaVersion or of a partial failure).
 * Only the fields needed to find the cloud objects are required; everything
 * else is kept as-is.
 */
import { z } from "zod";
import { dropNulls, STOP_STRATEGIES } from "../inputs";
import { parseId } from "../outputs";

const StoredStateSchema = z.looseObject({
  __resourceName: z.string().optional(),
  name: z.string().optional(),
  deploymentId: z.string().optional(),
  lockHolderId: z.string().optional(),
  timeouts: z.looseObject({ delete: z.string().optional() }).optional(),
  stopStrategy: z.enum(STOP_STRATEGIES).optional(),
});

export interface StoredState {
  workspace: string;
  namespace: string;
  deploymentDraftId: string;
  deploymentId?: string;
  /** For log lines. */
  displayName: string;
  deleteTimeout?: string;
  lockHolderId?: string;
  /** How delete stops a running job (default STOP_WITH_SAVEPOINT). */
  stopStrategy: (typeof STOP_STRATEGIES)[number];
  /** Everything stored, unparsed. */
  raw: Record<string, unknown>;
}

/** The ID is authoritative for where the draft is; the outputs add the rest. */
export function readStoredState(id: string, props: unknown): StoredState {
  const record = z.record(z.string(), z.unknown()).safeParse(dropNulls(props ?? {}));
  const rawObject = record.success ? record.data : {};
  const parsed = StoredStateSchema.safeParse(rawObject);
  const state = parsed.success ? parsed.data : {};
  const where = parseId(id);
  return {
    ...where,
    deploymentId: state.deploymentId,
    displayName: state.__resourceName ?? state.name ?? where.deploymentDraftId,
    deleteTimeout: state.timeouts?.delete,
    lockHolderId: state.lockHolderId,
    stopStrategy: state.stopStrategy ?? "STOP_WITH_SAVEPOINT",
    raw: rawObject,
  };
}
