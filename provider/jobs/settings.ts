/**
 * Applying the owned deployment settings (docs/design.md §6): after a deploy,
 * and on a settings-only change, without touching the draft.
 *
 * 1. GetDeployment, and lay the owned keys over it (deployment-settings.ts).
 * 2. A RUNNING job whose settings differ from that only in the parallelism
 *    and/or the checkpoint interval/timeout/min-pause is hot-updated
 *    (HotUpdateJob, waiting for its ticket) when `hotUpdate: "auto"`, the
 *    draft was not redeployed and the service allows it; a FAILED hot update
 *    falls back to a restart.
 * 3. UpdateDeployment as read-modify-write: read the deployment again (a hot
 *    update may have changed it), merge the owned keys, and PUT the whole
 *    deployment only when an owned key differs. The body is complete, so it
 *    converges whether the service merges the PUT or replaces the deployment,
 *    and whether a redeploy kept or reset the settings.
 *
 * The running job then gets what is left through reconcile.ts: a savepoint
 * restart by `upgradeStrategy` (a job copies its deployment's settings when it
 * starts), or nothing with "none" (deploymentHasChanged says so). What
 * happened, and why, is logged.
 */
import type { Deployment, Job } from "../client";
import { deploymentIdOf, type OperationContext } from "../context";
import { mergeOwned, settingsOf, type ServiceSettings } from "../deployment-settings";
import {
  AUTOPILOT_LIMIT_NAMES,
  HOT_UPDATABLE_CONF_KEYS,
  type Autotuning,
  ownedLeaves,
  restrictTo,
  SETTINGS_KEYS,
  type OwnedSettings,
} from "../resources/deployed-draft/job-settings";
import { canonical } from "../schema/resource-schema";
import { normaliseMemory } from "../resources/deployed-draft/job-settings";
import { pollUntil } from "../wait";
import { currentJob, statusOf } from "./operations";

/** What applying the settings did, for reconcile.ts. */
export interface SettingsOutcome {
  /** A hot update brought the running job to the owned settings. */
  hotUpdated: boolean;
  /** Why the running job still needs a restart for its settings (undefined: it does not). */
  restartReason?: string;
}

const NOTHING: SettingsOutcome = { hotUpdated: false };

/** The owned settings of these inputs (minus what Autopilot owns while it is on). */
export function ownedSettings(inputs: Record<string, unknown>): OwnedSettings {
  const owned: Record<string, unknown> = {};
  for (const key of SETTINGS_KEYS) {
    const value = restrictTo(inputs[key], ownedLeaves(key, inputs));
    if (value && Object.keys(value).length > 0) owned[key] = value;
  }
  return owned as OwnedSettings;
}

export function hasOwnedSettings(inputs: Record<string, unknown>): boolean {
  return Object.keys(ownedSettings(inputs)).length > 0;
}

const SETTINGS_FIELDS = ["streamingResourceSetting", "batchResourceSetting", "flinkConf", "logging"] as const;

function settingsFields(d: Deployment | Record<string, unknown>): string {
  const record = d as Record<string, unknown>;
  return canonical(Object.fromEntries(SETTINGS_FIELDS.map((k) => [k, record[k]])));
}

/** The differences between the job's settings and the wanted ones, by leaf ("resources.parallelism 2 → 4"). */
export function settingsDifferences(
  job: ServiceSettings,
  wanted: ServiceSettings,
): Map<string, [unknown, unknown]> {
  const out = new Map<string, [unknown, unknown]>();
  const walk = (a: unknown, b: unknown, path: string): void => {
    const isObj = (v: unknown): v is Record<string, unknown> =>
      v !== null && typeof v === "object" && !Array.isArray(v);
    if (isObj(a) || isObj(b)) {
      const left = isObj(a) ? a : {};
      const right = isObj(b) ? b : {};
      for (const key of new Set([...Object.keys(left), ...Object.keys(right)]))
        walk(left[key], right[key], path ? `${path}.${key}` : key);
      return;
    }
    if (canonical(a) !== canonical(b)) out.set(path, [a, b]);
  };
  walk({ ...job, mode: job.mode ?? "BASIC" }, { ...wanted, mode: wanted.mode ?? "BASIC" }, "");
  return out;
}

function describe(differences: Map<string, [unknown, unknown]>): string {
  return [...differences]
    .map(
      ([path, [a, b]]) =>
        `${path} ${a === undefined ? "(unset)" : String(a)} → ${b === undefined ? "(unset)" : String(b)}`,
    )
    .join(", ");
}

const isHotUpdatable = (path: string): boolean =>
  path === "resources.parallelism" || HOT_UPDATABLE_CONF_KEYS.some((k) => path === `flinkConf.${k}`);

/** VVR 8.0.1 or later ("vvr-8.0.11-flink-1.17" yes, "vvr-6.0.7-flink-1.15" no). */
export function supportsHotUpdate(engineVersion: string | undefined): boolean {
  const match = /^vvr-(\d+)\.(\d+)(?:\.(\d+))?/.exec(engineVersion ?? "");
  if (!match) return false;
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  return major !== 8 ? major > 8 : minor > 0 || patch >= 1;
}

/**
 * Writes the owned settings and brings a running job up to date by hot update
 * where allowed. `redeployed`: the draft was deployed in this operation (the
 * running job restarts anyway, so no hot update).
 */
export async function applySettings(ctx: OperationContext, redeployed: boolean): Promise<SettingsOutcome> {
  await applyAutotuning(ctx);
  const owned = ownedSettings(ctx.inputs);
  if (Object.keys(owned).length === 0) return NOTHING;
  const deploymentId = deploymentIdOf(ctx);
  const mode = ctx.settings.executionMode;
  let current = await ctx.client.getDeployment(ctx.scope, deploymentId);
  const wanted = settingsOf(mergeOwned(current, owned, mode) as Deployment, mode);

  let outcome: SettingsOutcome = NOTHING;
  const job = await currentJob(ctx);
  if (job && statusOf(job) === "RUNNING" && !redeployed) {
    outcome = await updateRunningJob(ctx, job, wanted);
    if (outcome.hotUpdated) current = await ctx.client.getDeployment(ctx.scope, deploymentId);
  }

  const next = mergeOwned(current, owned, mode);
  if (settingsFields(next) !== settingsFields(current)) {
    const changes = settingsDifferences(settingsOf(current, mode), settingsOf(next as Deployment, mode));
    await ctx.client.updateDeployment(ctx.scope, deploymentId, next);
    ctx.log.info(
      `updated the settings of deployment ${deploymentId} (UpdateDeployment): ${describe(changes)}`,
    );
  } else {
    ctx.log.info(`deployment ${deploymentId} already has the program's settings`);
  }
  return outcome;
}

/** Hot update when allowed; otherwise says why the job needs a restart. */
async function updateRunningJob(
  ctx: OperationContext,
  job: Job,
  wanted: ServiceSettings,
): Promise<SettingsOutcome> {
  const jobId = job.jobId ?? "";
  // A service whose GetJob shows none of the job's settings: its deploymentHasChanged decides (reconcile.ts).
  if (!job.streamingResourceSetting && !job.batchResourceSetting && !job.flinkConf) return NOTHING;
  const differences = settingsDifferences(settingsOf(job, ctx.settings.executionMode), wanted);
  if (differences.size === 0) return NOTHING;
  const what = describe(differences);
  const others = [...differences.keys()].filter((path) => !isHotUpdatable(path));
  const refusal =
    ctx.settings.upgradeStrategy === "none"
      ? undefined
      : ctx.settings.hotUpdate !== "auto"
        ? 'hotUpdate is "never"'
        : others.length > 0
          ? `${others.join(", ")} cannot be hot-updated (only the parallelism and execution.checkpointing.interval/timeout/min-pause)`
          : ctx.settings.executionMode !== "STREAMING"
            ? "a BATCH job cannot be hot-updated"
            : (wanted.mode ?? "BASIC") !== "BASIC"
              ? "the job runs in expert resource mode"
              : !supportsHotUpdate(job.engineVersion)
                ? `engine ${job.engineVersion ?? "(unknown)"} is older than VVR 8.0.1`
                : undefined;
  if (ctx.settings.upgradeStrategy === "none")
    return { hotUpdated: false, restartReason: `settings ${what}` };
  if (refusal !== undefined) {
    return { hotUpdated: false, restartReason: `settings ${what}; no hot update: ${refusal}` };
  }
  const params: {
    rescaleJobParam?: { jobParallelism: number };
    updateJobConfigParam?: { newFlinkConf: Record<string, string> };
  } = {};
  if (differences.has("resources.parallelism") && wanted.resources.parallelism !== undefined) {
    params.rescaleJobParam = { jobParallelism: wanted.resources.parallelism };
  }
  const conf = Object.fromEntries(
    HOT_UPDATABLE_CONF_KEYS.filter(
      (k) => differences.has(`flinkConf.${k}`) && wanted.flinkConf[k] !== undefined,
    ).map((k) => [k, wanted.flinkConf[k]]),
  );
  if (Object.keys(conf).length > 0) params.updateJobConfigParam = { newFlinkConf: conf };
  ctx.log.info(`hot-updating job ${jobId} (hotUpdate "auto"): ${what}`);
  const submitted = await ctx.client.hotUpdateJob(ctx.scope, jobId, params);
  const ticket = submitted.jobHotUpdateId ?? "";
  const result = await pollUntil({
    what: `hot update ${ticket}`,
    fetch: () => ctx.client.getHotUpdateJobResult(ctx.scope, ticket),
    stateOf: (r) => r.status?.status ?? "INIT",
    isDone: (r) => r.status?.status === "HOT_UPDATED" || r.status?.status === "FAILED",
    deadline: ctx.deadline,
    log: ctx.log,
    clock: ctx.clock,
  });
  if (result.status?.status === "HOT_UPDATED") {
    ctx.log.info(`job ${jobId} hot-updated (${what}): no restart`);
    return { hotUpdated: true };
  }
  const failure = result.status?.failure;
  const why = [failure?.reason, failure?.message].filter(Boolean).join(": ") || "no reason given";
  ctx.log.warn(`hot update ${ticket} of job ${jobId} FAILED (${why}): falling back to a restart`);
  return { hotUpdated: false, restartReason: `settings ${what}; the hot update failed (${why})` };
}

/** Whether the job runs the deployment's settings, compared on the owned leaves only. */
export function jobRunsOwnedSettings(ctx: OperationContext, job: Job, deployment: Deployment): boolean {
  const mode = ctx.settings.executionMode;
  if (!job.streamingResourceSetting && !job.batchResourceSetting && !job.flinkConf) return true;
  const ofJob = settingsOf(job, mode);
  const ofDeployment = settingsOf(deployment, mode);
  return SETTINGS_KEYS.every((key) => {
    const owned = ownedLeaves(key, ctx.inputs);
    return (
      canonical(restrictTo(ofJob[key], owned) ?? {}) === canonical(restrictTo(ofDeployment[key], owned) ?? {})
    );
  });
}

/**
 * autotuning → UpdateAutopilotPolicy, a full PUT: the policy is read, the
 * owned limits (and `enabled`) laid over it, and written only when they differ.
 */
export async function applyAutotuning(ctx: OperationContext): Promise<void> {
  const autotuning = ctx.inputs.autotuning as Autotuning | undefined;
  if (!autotuning) return;
  const deploymentId = deploymentIdOf(ctx);
  const current = await ctx.client.getAutopilotPolicy(ctx.scope, deploymentId);
  const config = (current.policyConfig ?? {}) as Record<string, unknown>;
  const limits = { ...((config.limits ?? {}) as Record<string, unknown>) };
  for (const [key, value] of Object.entries(autotuning.limits ?? {})) {
    if (value !== undefined) limits[AUTOPILOT_LIMIT_NAMES[key as keyof typeof AUTOPILOT_LIMIT_NAMES]] = value;
  }
  const wanted = { enabled: autotuning.mode === "autopilot", policyConfig: { ...config, limits } };
  if (canonical(wanted) === canonical({ enabled: current.enabled ?? false, policyConfig: config })) return;
  await ctx.client.updateAutopilotPolicy(ctx.scope, deploymentId, wanted);
  ctx.log.info(
    `Autopilot ${wanted.enabled ? "on" : "off"} for deployment ${deploymentId} (UpdateAutopilotPolicy)` +
      (wanted.enabled ? ": the parallelism and resources now belong to the service" : ""),
  );
}

/** The owned part of an Autopilot policy, in the program's shape (refresh). */
export function autotuningOf(
  policy: { enabled?: boolean; policyConfig?: Record<string, unknown> },
  stored: Autotuning,
): Autotuning {
  const limits = (policy.policyConfig?.limits ?? {}) as Record<string, unknown>;
  const observed: Record<string, unknown> = {};
  for (const key of Object.keys(stored.limits ?? {})) {
    const value = limits[AUTOPILOT_LIMIT_NAMES[key as keyof typeof AUTOPILOT_LIMIT_NAMES]];
    if (value !== undefined) observed[key] = key === "maxMemory" ? normaliseMemory(String(value)) : value;
  }
  return {
    mode: policy.enabled ? "autopilot" : "off",
    ...(stored.limits ? { limits: observed as Autotuning["limits"] } : {}),
  };
}
