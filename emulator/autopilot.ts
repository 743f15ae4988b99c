/**
 * Autopilot (automatic tuning): GetAutopilotPolicy / UpdateAutopilotPolicy per deployment, and a
 * simulated Autopilot that rescales a running job within the policy's limits (admin
 * `POST /__admin/autopilot/rescale`).
 *
 * Documented: the paths, `{enabled, policyConfig}` and the AutopilotPolicy model (TS SDK
 * ververica-20220718 AutopilotPolicy.ts, UpdateAutopilotPolicyRequest.ts: "full PUT mode … fields not
 * included are cleared"). ASSUMPTIONS: the policy of a deployment nobody configured (disabled, limits
 * below); a rescale changes the job in place (no restart) and the deployment with it; it is clamped to
 * [jobMinParallelism, jobMaxParallelism] and lowered until the job fits jobMaxCpu / jobMaxMemory; a
 * rescale within coolDownMinutes of the last one is refused.
 */
import type { Backend } from "./backend";
import { recordEvent } from "./events";
import { changeRunningJob } from "./hot-updates";
import { footprintOf, memoryGiB } from "./quotas";
import { resourceFieldsOf } from "./deployment-defaults";
import type { AutopilotRecord, DeploymentRecord, JobRecord } from "./store";

/** ASSUMPTION: the policy of a deployment whose policy was never updated. */
export function defaultAutopilot(): AutopilotRecord {
  return {
    enabled: false,
    policyConfig: {
      limits: {
        jobMinParallelism: 1,
        jobMaxParallelism: 64,
        jobMaxCpu: 64,
        jobMaxMemory: "256 GiB",
        coolDownMinutes: 10,
      },
    },
  };
}

export function autopilotOf(backend: Backend, deploymentId: string): AutopilotRecord {
  return backend.store.state.autopilot[deploymentId] ?? defaultAutopilot();
}

/** UpdateAutopilotPolicy: a full PUT, what is not sent is cleared. */
export function updateAutopilot(
  backend: Backend,
  deployment: DeploymentRecord,
  policy: { enabled: boolean; policyConfig?: Record<string, unknown> },
): AutopilotRecord {
  const previous = backend.store.state.autopilot[deployment.deploymentId];
  const record: AutopilotRecord = {
    enabled: policy.enabled,
    policyConfig: structuredClone(policy.policyConfig ?? {}),
    lastRescaleAtMs: previous?.lastRescaleAtMs,
  };
  backend.store.state.autopilot[deployment.deploymentId] = record;
  return record;
}

export function autopilotView(record: AutopilotRecord): Record<string, unknown> {
  return { enabled: record.enabled, policyConfig: record.policyConfig };
}

interface Limits {
  jobMinParallelism?: number;
  jobMaxParallelism?: number;
  jobMaxCpu?: number;
  jobMaxMemory?: string;
  coolDownMinutes?: number;
}

export class AutopilotRefusal extends Error {}

/**
 * Autopilot decides the running job should have `wanted` parallelism: applied within the limits.
 * Throws AutopilotRefusal (disabled, no running job, cooling down, not BASIC mode).
 */
export function autopilotRescale(
  backend: Backend,
  deployment: DeploymentRecord,
  wanted: number,
  now: number,
): { job: JobRecord; from: number | undefined; to: number } {
  const policy = autopilotOf(backend, deployment.deploymentId);
  if (!policy.enabled) {
    throw new AutopilotRefusal(
      `Autopilot is not enabled for deployment ${deployment.name} (UpdateAutopilotPolicy).`,
    );
  }
  const job = Object.values(backend.store.state.jobs).find(
    (j) => j.deploymentId === deployment.deploymentId && j.status === "RUNNING",
  );
  if (!job) throw new AutopilotRefusal(`Deployment ${deployment.name} has no RUNNING job to tune.`);
  const resources = job.resources ?? resourceFieldsOf(undefined);
  if (
    resources.streamingResourceSetting.resourceSettingMode !== "BASIC" ||
    job.executionMode !== "STREAMING"
  ) {
    throw new AutopilotRefusal(
      "The emulated Autopilot only tunes the parallelism of STREAMING jobs in BASIC mode.",
    );
  }
  const limits = (policy.policyConfig.limits ?? {}) as Limits;
  if (limits.coolDownMinutes !== undefined && policy.lastRescaleAtMs !== undefined) {
    const readyAt = policy.lastRescaleAtMs + limits.coolDownMinutes * 60_000;
    if (now < readyAt) {
      throw new AutopilotRefusal(
        `Autopilot is cooling down until ${new Date(readyAt).toISOString()} (coolDownMinutes ${limits.coolDownMinutes}).`,
      );
    }
  }
  let to = Math.max(limits.jobMinParallelism ?? 1, Math.min(limits.jobMaxParallelism ?? wanted, wanted));
  const fits = (p: number): boolean => {
    const copy = structuredClone(resources);
    copy.streamingResourceSetting.basicResourceSetting!.parallelism = p;
    const f = footprintOf(copy, job.executionMode);
    return (
      (limits.jobMaxCpu === undefined || f.cpu <= limits.jobMaxCpu) &&
      (limits.jobMaxMemory === undefined || f.memoryGiB <= memoryGiB(limits.jobMaxMemory))
    );
  };
  while (to > (limits.jobMinParallelism ?? 1) && !fits(to)) to -= 1;
  const from = changeRunningJob(backend, job, { parallelism: to }, now, true);
  backend.store.state.autopilot[deployment.deploymentId] = { ...policy, lastRescaleAtMs: now };
  recordEvent(backend, {
    atMs: now,
    kind: "AUTOPILOT_RESCALED",
    namespace: job.namespace,
    deploymentId: job.deploymentId,
    jobId: job.jobId,
    by: "autopilot",
    fromParallelism: from,
    toParallelism: to,
  });
  return { job, from, to };
}
