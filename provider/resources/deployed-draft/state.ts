/**
 * What Pulumi stored for a DeployedDraft, brought up to the layout this code
 * writes. The SDK's shim makes every state ever written reach the installed
 * provider (refresh and destroy run today's code on yesterday's state), so
 * every entry point that receives stored outputs (diff, update, read, delete)
 * goes through `upgradeState` first, and the rest of the provider sees one
 * layout only. One upgrader per version, each tested (tests/unit/provider-state.test.ts).
 */
import { z } from "zod";
import { parseId, type ParsedId } from "../../ids";
import { DeployedDraftSchema, type DeployedDraftInputs } from "./schema";
import { dropNulls } from "./settings";

type State = Record<string, unknown>;

/** upgraders[v] turns a version-v state into a version-(v+1) state. */
const UPGRADERS: Record<number, (state: State) => State> = {
  /**
   * 1 → 2: version 2 records what Pulumi last wrote to the draft
   * (`draftSqlHash`, `draftEngineVersion`) apart from what it deployed; a
   * version-1 state wrote and deployed the same SQL, so the deployed hash
   * stands for the written one. Job facts are unknown until the next read.
   */
  1: (state) => ({
    ...state,
    draftSqlHash: state.draftSqlHash ?? state.sqlHash,
    schemaVersion: 2,
  }),
};

const RecordSchema = z.record(z.string(), z.unknown());

export function upgradeState(raw: unknown): State {
  const parsed = RecordSchema.safeParse(dropNulls(raw ?? {}));
  let state: State = parsed.success ? parsed.data : {};
  if (Object.keys(state).length === 0) return state;
  const current = DeployedDraftSchema.schemaVersion;
  let version = typeof state.schemaVersion === "number" ? state.schemaVersion : 1;
  if (version > current) {
    throw new Error(
      `This DeployedDraft's state has schemaVersion ${version}, written by a newer pulumi-alicloud-flink than the ` +
        `one installed (which writes ${current}): upgrade the package in this program's project.`,
    );
  }
  for (; version < current; version++) {
    const upgrade = UPGRADERS[version];
    if (!upgrade) throw new Error(`No state upgrader from DeployedDraft schemaVersion ${version}`);
    state = upgrade(state);
  }
  return state;
}

/** The inputs recorded in a stored state (outputs echo every input), unknown keys left out. */
export function storedInputs(state: State): DeployedDraftInputs | undefined {
  const parsed = DeployedDraftSchema.inputObject.strip().safeParse(state);
  return parsed.success ? parsed.data : undefined;
}

/** The service facts of a stored state, each kept only when it has its documented type. */
export function storedFacts(state: State): z.output<typeof DeployedDraftSchema.outputObject> {
  const facts: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(DeployedDraftSchema.outputs)) {
    const value = property.schema.safeParse(state[key]);
    if (value.success) facts[key] = value.data;
  }
  return facts as z.output<typeof DeployedDraftSchema.outputObject>;
}

export interface StoredLocation extends ParsedId {
  /** For log lines. */
  displayName: string;
}

/** The ID is authoritative for where the draft is. */
export function storedLocation(id: string, state: State): StoredLocation {
  const where = parseId(id);
  const name = typeof state.__resourceName === "string" ? state.__resourceName : state.name;
  return { ...where, displayName: typeof name === "string" ? name : where.deploymentDraftId };
}
