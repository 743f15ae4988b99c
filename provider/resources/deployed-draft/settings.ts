/**
 * The inputs as the flows use them: parsed (create/update receive inputs
 * that check already accepted, so a failure here means a state written by
 * something else) and with every default applied from the schema.
 */
import { formatDuration, parseDurationMs } from "../../durations";
import {
  DeployedDraftSchema,
  defaultOf,
  type DeployedDraftInputs,
  type JobState,
  type RestoreStrategy,
  type STOP_STRATEGIES,
  type UPGRADE_STRATEGIES,
} from "./schema";

/** Inputs after check: `name` is always there (check fills it in; see naming.ts). */
export type NamedInputs = DeployedDraftInputs & { name: string };

/** Throws a message naming each property that does not parse. */
export function parseInputs(raw: unknown): DeployedDraftInputs {
  const result = DeployedDraftSchema.inputObject.safeParse(dropNulls(raw));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(inputs)"}: ${i.message}`);
    throw new Error(`Invalid DeployedDraft inputs: ${problems.join("; ")}`);
  }
  return result.data;
}

/** The engine turns an unset optional into null in some paths; treat it as unset. */
export function dropNulls(raw: unknown): unknown {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== undefined));
}

export interface Deadlines {
  create: number;
  update: number;
  delete: number;
}

/** The inputs the provider acts on, with defaults applied. */
export interface EffectiveSettings {
  name: string;
  executionMode: "STREAMING" | "BATCH";
  deploymentTarget: { name: string; mode: string };
  timeoutsMs: Deadlines;
  lockPolicy: "fail" | "steal" | "wait";
  lockWaitMs: number;
  validateBeforeDeploy: boolean;
  onOutOfBandChange: "warn" | "fail";
  jobState: JobState;
  restoreStrategy: RestoreStrategy;
  stopStrategy: (typeof STOP_STRATEGIES)[number];
  /** Queue for starts; undefined = the deployment's target. */
  resourceQueueName?: string;
  upgradeStrategy: (typeof UPGRADE_STRATEGIES)[number];
  healthyMs: number;
  rollbackOnFailure: boolean;
  hotUpdate: "auto" | "never";
}

export function effectiveSettings(inputs: NamedInputs): EffectiveSettings {
  const target = defaultOf("deploymentTarget");
  return {
    name: inputs.name,
    executionMode: inputs.executionMode ?? defaultOf("executionMode"),
    deploymentTarget: {
      name: inputs.deploymentTarget?.name ?? target.name,
      mode: inputs.deploymentTarget?.mode ?? target.mode ?? "PER_JOB",
    },
    timeoutsMs: timeoutsMs(inputs.timeouts),
    lockPolicy: inputs.lockPolicy ?? defaultOf("lockPolicy"),
    lockWaitMs: parseDurationMs(inputs.lockWaitTimeout ?? defaultOf("lockWaitTimeout")),
    validateBeforeDeploy: inputs.validation?.beforeDeploy ?? defaultOf("validation").beforeDeploy ?? true,
    onOutOfBandChange: inputs.onOutOfBandChange ?? defaultOf("onOutOfBandChange"),
    jobState: inputs.jobState ?? defaultOf("jobState"),
    restoreStrategy: inputs.restoreStrategy ?? defaultOf("restoreStrategy"),
    stopStrategy: inputs.stopStrategy ?? defaultOf("stopStrategy"),
    resourceQueueName: inputs.resourceQueueName,
    upgradeStrategy: inputs.upgradeStrategy ?? defaultOf("upgradeStrategy"),
    healthyMs: (inputs.healthySeconds ?? defaultOf("healthySeconds")) * 1_000,
    rollbackOnFailure: inputs.rollbackOnFailure ?? defaultOf("rollbackOnFailure"),
    hotUpdate: inputs.hotUpdate ?? defaultOf("hotUpdate"),
  };
}

/** Each operation's deadline in ms, defaults from the schema. */
export function timeoutsMs(
  timeouts: { create?: string; update?: string; delete?: string } | undefined,
): Deadlines {
  const fallback = defaultOf("timeouts");
  const ms = (key: keyof Deadlines): number => parseDurationMs(timeouts?.[key] ?? fallback[key] ?? "30m");
  return { create: ms("create"), update: ms("update"), delete: ms("delete") };
}

/** "timeouts.create (30m)": how a deadline is named in messages. */
export function deadlineLabel(key: keyof Deadlines, ms: number): string {
  return `timeouts.${key} (${formatDuration(ms)})`;
}
