/**
 * Things that happen to jobs outside the API, driven by the admin API: a job that fails (while
 * starting, or after running for a while) and Flink restarts of a running job (JobStatusRunning.observedFlinkJobRestarts).
 */
import type { ArmedJobFailure, Backend } from "./backend";
import { LIVE_JOB_STATES } from "./jobs";
import type { JobRecord } from "./store";

export interface JobFailureSpec {
  /** ms the job runs before it fails; undefined = it fails while starting (never RUNNING). */
  afterMs?: number;
  reason: string;
  message: string;
}

/** Makes a live job fail: at the end of STARTING, or `afterMs` after it runs (or from now if it runs). */
export function scheduleFailure(job: JobRecord, spec: JobFailureSpec, now: number): void {
  const runningFrom = job.status === "RUNNING" ? now : job.runningAtMs;
  const atMs =
    spec.afterMs === undefined
      ? job.status === "RUNNING"
        ? now
        : undefined
      : (runningFrom ?? now) + spec.afterMs;
  job.scheduledFailure = { atMs, reason: spec.reason, message: spec.message };
}

/** Applies (and uses up) the first armed failure that matches a job being started. */
export function takeArmedFailure(backend: Backend, job: JobRecord, now: number): void {
  const index = backend.armedJobFailures.findIndex((armed) => matches(armed, job));
  if (index === -1) return;
  const armed = backend.armedJobFailures[index];
  armed.remaining -= 1;
  if (armed.remaining <= 0) backend.armedJobFailures.splice(index, 1);
  scheduleFailure(job, armed, now);
}

function matches(armed: ArmedJobFailure, job: JobRecord): boolean {
  if (armed.namespace !== undefined && armed.namespace !== job.namespace) return false;
  if (armed.deploymentId !== undefined && armed.deploymentId !== job.deploymentId) return false;
  if (armed.deploymentName !== undefined && armed.deploymentName !== job.deploymentName) return false;
  return true;
}

/** `times` Flink restarts, `intervalMs` apart, from now (or from when a starting job runs). */
export function scheduleRestarts(job: JobRecord, times: number, intervalMs: number, now: number): void {
  const from = job.status === "STARTING" ? Math.max(now, job.runningAtMs ?? now) : now;
  const pending = job.restartsAtMs ?? [];
  for (let i = 0; i < times; i += 1) pending.push(from + i * intervalMs);
  job.restartsAtMs = pending.sort((a, b) => a - b);
}

export function isLive(job: JobRecord): boolean {
  return LIVE_JOB_STATES.includes(job.status);
}
