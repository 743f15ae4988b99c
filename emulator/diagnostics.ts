/**
 * Diagnostics: GetJobDiagnosis (JobDiagnosis with symptoms), GetEvents (the deployment's event log as
 * the SDK's Event model) and GetLatestJobStartLog (a JobManager start log as text).
 *
 * Documented: paths and models (TS SDK ververica-20220718 `JobDiagnosis`, `JobDiagnosisSymptoms`
 * {startup, runtime, state, troubleshooting, others: JobDiagnosisSymptom[], autopilot}, `Event`,
 * GetLatestJobStartLogResponseBody.data: string; riskLevel example `RISK_LEVEL_LOW`; GetEvents "Default
 * value: 10. Maximum value: 100"). ASSUMPTIONS: the scores and risk levels, the symptoms' words, the
 * event names (the emulator's event kinds; the SDK's one example is STATE_TRANSITION_IS_COMPLETED),
 * newest-first order, Event.createdAt as Unix seconds text, and the log's lines: a plausible Flink
 * JobManager log whose last lines carry the failure's exception for a job that failed.
 */
import { randomUUID } from "node:crypto";
import type { Backend } from "./backend";
import type { EmulatorEvent, JobRecord } from "./store";

export interface Symptom {
  name: string;
  description: string;
  recommendation: string;
}

/** The Java exception and the advice that go with a failure reason the emulator produces. */
function failureKnowledge(reason: string, message: string): { exception: string; recommendation: string } {
  switch (reason) {
    case "InsufficientResources":
      return {
        exception: `org.apache.flink.runtime.jobmanager.scheduler.NoResourceAvailableException: ${message}`,
        recommendation:
          "Lower the parallelism or the TaskManager resources, stop other jobs of the queue, or enlarge the queue's quota.",
      };
    case "SecretValueNotFound":
      return {
        exception: `java.lang.IllegalArgumentException: ${message}`,
        recommendation:
          "Create the namespace variable (CreateVariable) or remove the reference, then start the job again.",
      };
    case "RestoreStateIncompatible":
      return {
        exception: `java.lang.IllegalStateException: ${message}`,
        recommendation:
          "Start without state, restore from a compatible savepoint, or set restoreStrategy.allowNonRestoredState to true to drop the state of removed operators.",
      };
    default:
      return {
        exception: `org.apache.flink.runtime.JobException: ${reason}: ${message}`,
        recommendation:
          "Check the JobManager and TaskManager logs for the root cause, fix it and restart the job.",
      };
  }
}

/** JobDiagnosis of a job (GetJobDiagnosis). */
export function jobDiagnosis(job: JobRecord, now: number): Record<string, unknown> {
  const startup: Symptom[] = [];
  const runtime: Symptom[] = [];
  const state: Symptom[] = [];
  let healthScore = 100;
  let riskLevel = "RISK_LEVEL_LOW";
  if (job.status === "FAILED") {
    const reason = job.failure?.reason ?? "JobFailed";
    const message = job.failure?.message ?? "The job failed.";
    const { exception, recommendation } = failureKnowledge(reason, message);
    const symptom = { name: reason, description: exception, recommendation };
    if (reason === "RestoreStateIncompatible") state.push(symptom);
    else if (job.runningSinceMs === undefined) startup.push(symptom);
    else runtime.push(symptom);
    healthScore = 0;
    riskLevel = "RISK_LEVEL_HIGH";
  }
  const restarts = job.restarts ?? 0;
  if (restarts > 0) {
    runtime.push({
      name: "JobRestarts",
      description: `The job restarted ${restarts} time(s) (failover).`,
      recommendation:
        "Check the TaskManager logs for the exception behind each failover and configure a restart strategy.",
    });
    if (job.status !== "FAILED") {
      healthScore = Math.max(40, 100 - 10 * restarts);
      riskLevel = "RISK_LEVEL_MEDIUM";
    }
  }
  return {
    diagnoseId: randomUUID(),
    diagnoseTime: now,
    healthScore,
    riskLevel,
    namespace: job.namespace,
    workspace: job.workspace,
    symptoms: { startup, runtime, state, troubleshooting: [], others: [] },
  };
}

const EVENT_MESSAGES: Record<EmulatorEvent["kind"], (e: EmulatorEvent) => string> = {
  DEPLOYMENT_CREATED: (e) => `Deployment created${by(e)}.`,
  DEPLOYMENT_UPDATED: (e) => `Deployment updated${by(e)}.`,
  DEPLOYMENT_DELETED: (e) => `Deployment deleted${by(e)}.`,
  JOB_STARTING: (e) =>
    `Job is starting${by(e)} (restore ${e.restoreKind ?? "NONE"}${e.savepointId ? ` from ${e.savepointId}` : ""}).`,
  JOB_RUNNING: () => "Job is running.",
  JOB_RESTARTED: (e) => `Job restarted (failover ${e.restarts ?? 1}).`,
  JOB_STOPPING: (e) => `Job is stopping${by(e)} (${e.stopStrategy ?? "NONE"}).`,
  JOB_CANCELLED: (e) => `Job cancelled${by(e)}.`,
  JOB_FAILED: (e) => `Job failed: ${e.reason ?? "JobFailed"}${e.message ? `: ${e.message}` : ""}`,
  JOB_DELETED: (e) => `Job deleted${by(e)}.`,
  SAVEPOINT_COMPLETED: (e) => `${e.savepointOrigin ?? "Savepoint"} ${e.savepointId ?? ""} completed.`,
  JOB_HOT_UPDATED: (e) =>
    `Job parameters updated dynamically${by(e)}${e.toParallelism !== undefined ? `: parallelism ${e.fromParallelism ?? "?"} -> ${e.toParallelism}` : ""}${e.flinkConfKeys ? ` (${e.flinkConfKeys.join(", ")})` : ""}.`,
  JOB_HOT_UPDATE_FAILED: (e) => `Dynamic parameter update failed: ${e.reason ?? "unknown"}.`,
  AUTOPILOT_RESCALED: (e) =>
    `Autopilot changed the parallelism from ${e.fromParallelism ?? "?"} to ${e.toParallelism ?? "?"}.`,
};

function by(e: EmulatorEvent): string {
  return e.by ? ` by ${e.by}` : "";
}

/** Event (SDK) of an emulator event. */
export function eventView(event: EmulatorEvent): Record<string, unknown> {
  return {
    eventId: `${String(event.seq).padStart(12, "0")}`,
    eventName: event.kind,
    message: EVENT_MESSAGES[event.kind](event),
    createdAt: String(Math.floor(event.atMs / 1000)),
    deploymentId: event.deploymentId,
    jobId: event.jobId,
    namespace: event.namespace,
    workspace: event.workspace,
  };
}

/** GetEvents: the namespace's events (of one deployment when asked), newest first. */
export function listEvents(
  backend: Backend,
  scope: { workspace: string; namespace: string },
  deploymentIds: string[] | undefined,
): EmulatorEvent[] {
  return backend.store.state.events
    .filter((e) => e.namespace === scope.namespace && (e.workspace ?? scope.workspace) === scope.workspace)
    .filter((e) => deploymentIds === undefined || deploymentIds.includes(e.deploymentId))
    .slice()
    .reverse();
}

function logTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "").replace(".", ",");
}

/** GetLatestJobStartLog: the JobManager start log of the deployment's newest job ("" when none started). */
export function latestStartLog(backend: Backend, deploymentId: string): string {
  const job = Object.values(backend.store.state.jobs)
    .filter((j) => j.deploymentId === deploymentId)
    .sort((a, b) => a.startTime - b.startTime || Number(a.createdAt) - Number(b.createdAt))
    .pop();
  if (!job) return "";
  const t = job.startTime * 1000;
  const entry = "org.apache.flink.runtime.entrypoint.ClusterEntrypoint";
  const lines = [
    `${logTime(t)} [main] INFO  ${entry} [] - --------------------------------------------------------------------------------`,
    `${logTime(t)} [main] INFO  ${entry} [] -  Starting StandaloneApplicationClusterEntryPoint (Version: ${job.engineVersion ?? "unknown"})`,
    `${logTime(t)} [main] INFO  ${entry} [] -  Job ID: ${job.jobId}, deployment: ${job.deploymentName}`,
    `${logTime(t)} [main] INFO  ${entry} [] - --------------------------------------------------------------------------------`,
  ];
  if (job.restoreStrategy?.savepointId) {
    lines.push(
      `${logTime(t)} [main] INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator [] - Starting job from savepoint ${job.restoreStrategy.savepointId} (allowNonRestoredState: ${job.restoreStrategy.allowNonRestoredState ?? false}).`,
    );
  }
  if (job.status === "FAILED" && job.runningSinceMs === undefined) {
    const failedAt = (job.failure?.failedAt ?? job.startTime) * 1000;
    const { exception } = failureKnowledge(
      job.failure?.reason ?? "JobFailed",
      job.failure?.message ?? "The job failed.",
    );
    lines.push(
      `${logTime(failedAt)} [main] ERROR ${entry} [] - Fatal error occurred in the cluster entrypoint.`,
      "org.apache.flink.runtime.entrypoint.ClusterEntrypointException: Failed to initialize the cluster entrypoint StandaloneApplicationClusterEntryPoint.",
      "\tat org.apache.flink.runtime.entrypoint.ClusterEntrypoint.startCluster(ClusterEntrypoint.java:255)",
      `Caused by: ${exception}`,
      "\tat org.apache.flink.runtime.scheduler.DefaultScheduler.<init>(DefaultScheduler.java:145)",
    );
  } else if (job.runningSinceMs !== undefined) {
    lines.push(
      `${logTime(job.runningSinceMs)} [flink-akka.actor.default-dispatcher-5] INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph [] - Job ${job.deploymentName} (${job.jobId}) switched from state CREATED to RUNNING.`,
    );
  }
  return `${lines.join("\n")}\n`;
}
