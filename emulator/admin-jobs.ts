/**
 * Admin calls about jobs: the event log, and what happens to jobs outside the API — failures
 * (fail-job), kills (kill-job) and Flink restarts (restart-job).
 */
import { z } from "zod";
import { AdminError, consoleUser, parse, type AdminRoute } from "./admin-support";
import type { Backend } from "./backend";
import { isLive, scheduleFailure, scheduleRestarts } from "./job-faults";
import { endJob } from "./jobs";
import { AutopilotRefusal, autopilotRescale } from "./autopilot";
import { settle } from "./settle";
import type { JobRecord } from "./store";
import { jobView } from "./views";

/** Which job an admin call is about: by ID, or the live job of a deployment (by ID or name). */
const JobTargetSchema = z.object({
  jobId: z.string().min(1).optional(),
  deploymentId: z.string().min(1).optional(),
  deploymentName: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
});
type JobTarget = z.infer<typeof JobTargetSchema>;

const FailJobSchema = JobTargetSchema.extend({
  /** ms the job runs before it fails; omitted = it fails while starting (a running job: now). */
  afterMs: z.number().int().min(0).optional(),
  reason: z.string().min(1).default("EmulatedJobFailure"),
  message: z.string().min(1).default("Injected failure (emulator admin API fail-job)."),
  /** Arm the failure for the next start(s) even if a job is live now. */
  nextStart: z.boolean().default(false),
  /** Armed failures: how many starts fail. */
  times: z.number().int().min(1).default(1),
});

const KillJobSchema = JobTargetSchema.extend({
  status: z.enum(["CANCELLED", "FAILED"]).default("CANCELLED"),
  reason: z.string().min(1).default("JobKilled"),
  message: z.string().min(1).default("The job was killed outside the API (emulator admin API kill-job)."),
  holderName: z.string().min(1).default("console-user"),
});

const RestartJobSchema = JobTargetSchema.extend({
  times: z.number().int().min(1).max(1000).default(1),
  intervalMs: z.number().int().min(0).default(0),
});

const AutopilotRescaleSchema = z.object({
  deploymentId: z.string().min(1),
  parallelism: z.number().int().min(1),
});

const EventsQuerySchema = z.object({
  deploymentId: z.string().min(1).optional(),
  jobId: z.string().min(1).optional(),
});

export function registerJobAdmin(route: AdminRoute, backend: Backend): void {
  /** The live job a target names; undefined when the target names a deployment without one. */
  const liveJobOf = (target: JobTarget): JobRecord | undefined => {
    if (target.jobId !== undefined) {
      const job = backend.store.state.jobs[target.jobId];
      if (!job) throw new AdminError(404, `Job ${target.jobId} does not exist.`);
      if (!isLive(job)) {
        throw new AdminError(
          409,
          `Job ${job.jobId} is ${job.status}; only a STARTING or RUNNING job can be failed, killed or restarted.`,
        );
      }
      return job;
    }
    const live = Object.values(backend.store.state.jobs).filter(
      (job) =>
        isLive(job) &&
        (target.namespace === undefined || job.namespace === target.namespace) &&
        (target.deploymentId === undefined || job.deploymentId === target.deploymentId) &&
        (target.deploymentName === undefined || job.deploymentName === target.deploymentName),
    );
    if (live.length > 1) {
      throw new AdminError(
        409,
        `${live.length} live jobs match (${live.map((j) => j.jobId).join(", ")}); name one with jobId or namespace.`,
      );
    }
    return live[0];
  };
  const requireTarget = (target: JobTarget): void => {
    if (
      target.jobId === undefined &&
      target.deploymentId === undefined &&
      target.deploymentName === undefined
    ) {
      throw new AdminError(400, "Name the job: body.jobId, body.deploymentId or body.deploymentName.");
    }
  };
  const requireLiveJob = (target: JobTarget): JobRecord => {
    requireTarget(target);
    const job = liveJobOf(target);
    if (!job) throw new AdminError(404, "No STARTING or RUNNING job matches; start one first.");
    return job;
  };

  route("POST", "fail-job", (request) => {
    const body = parse(FailJobSchema, request.body);
    const now = backend.clock.now();
    settle(backend, now);
    const named =
      body.jobId !== undefined || body.deploymentId !== undefined || body.deploymentName !== undefined;
    const job = named && !body.nextStart ? liveJobOf(body) : undefined;
    if (job) {
      scheduleFailure(job, body, now);
      return { jobId: job.jobId, status: job.status, failAtMs: job.scheduledFailure?.atMs ?? null };
    }
    if (body.jobId !== undefined)
      throw new AdminError(400, "body.nextStart cannot be combined with body.jobId.");
    const armed = {
      deploymentId: body.deploymentId,
      deploymentName: body.deploymentName,
      namespace: body.namespace,
      afterMs: body.afterMs,
      reason: body.reason,
      message: body.message,
      remaining: body.times,
    };
    backend.armedJobFailures.push(armed);
    return { armed };
  });
  route("POST", "kill-job", (request) => {
    const body = parse(KillJobSchema, request.body);
    const now = backend.clock.now();
    settle(backend, now);
    const job = requireLiveJob(body);
    endJob(backend, job, now, body.status, body, consoleUser(body.holderName, undefined));
    return jobView(job);
  });
  route("POST", "restart-job", (request) => {
    const body = parse(RestartJobSchema, request.body);
    const now = backend.clock.now();
    settle(backend, now);
    const job = requireLiveJob(body);
    scheduleRestarts(job, body.times, body.intervalMs, now);
    settle(backend, now);
    return jobView(job);
  });
  route("POST", "autopilot/rescale", (request) => {
    const body = parse(AutopilotRescaleSchema, request.body);
    const now = backend.clock.now();
    settle(backend, now);
    const deployment = backend.store.state.deployments[body.deploymentId];
    if (!deployment) throw new AdminError(404, `Deployment ${body.deploymentId} does not exist.`);
    try {
      const { job, from, to } = autopilotRescale(backend, deployment, body.parallelism, now);
      return { jobId: job.jobId, fromParallelism: from ?? null, toParallelism: to };
    } catch (error) {
      if (error instanceof AutopilotRefusal) throw new AdminError(409, error.message);
      throw error;
    }
  });
  route("GET", "events", (request) => {
    settle(backend, backend.clock.now());
    const query = EventsQuerySchema.safeParse(request.query);
    if (!query.success) throw new AdminError(400, `query: ${query.error.issues[0]?.message ?? "invalid"}`);
    return backend.store.state.events.filter(
      (e) =>
        (query.data.deploymentId === undefined || e.deploymentId === query.data.deploymentId) &&
        (query.data.jobId === undefined || e.jobId === query.data.jobId),
    );
  });
}
