/**
 * Test support for the emulator contract tests: the real @alicloud/openapi-client, configured the way
 * the provider configures it, calling ververica operations by method + path.
 */
import OpenApi, * as $OpenApi from "@alicloud/openapi-client";
import * as $Util from "@alicloud/tea-util";
import {
  startEmulator as startRealEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../emulator";
import { FlinkClient, type FlinkClientOptions } from "../../provider/client/flink-client";

/**
 * The business-error style the suites run in: EMULATOR_BUSINESS_ERROR_STYLE=http-status runs them
 * against the HTTP-status style, the default is the emulator's default (success-false).
 */
export const BUSINESS_ERROR_STYLE: EmulatorOptions["businessErrorStyle"] =
  process.env.EMULATOR_BUSINESS_ERROR_STYLE === "http-status" ? "http-status" : "success-false";

/** startEmulator with the suite-wide business-error style (an explicit option wins). */
export function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startRealEmulator({ businessErrorStyle: BUSINESS_ERROR_STYLE, ...options });
}

export interface Call {
  action: string;
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** path after /api/v2/namespaces/{namespace} (or a full path starting with /api/ or /autopilot/) */
  path: string;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  /** defaults to the emulator's workspace; null sends no workspace header */
  workspace?: string | null;
  namespace?: string;
}

export interface ClientOptions {
  accessKeyId?: string;
  accessKeySecret?: string;
  signatureAlgorithm?: string;
}

export function makeClient(emulator: RunningEmulator, options: ClientOptions = {}): OpenApi {
  return new OpenApi(
    new $OpenApi.Config({
      endpoint: emulator.endpoint,
      protocol: "http",
      accessKeyId: options.accessKeyId ?? emulator.accessKeyId,
      accessKeySecret: options.accessKeySecret ?? emulator.accessKeySecret,
      signatureAlgorithm: options.signatureAlgorithm,
    }),
  );
}

export function pathFor(emulator: RunningEmulator, call: Call): string {
  if (call.path.startsWith("/api/") || call.path.startsWith("/autopilot/")) return call.path;
  return `/api/v2/namespaces/${encodeURIComponent(call.namespace ?? emulator.namespace)}${call.path}`;
}

export interface Answer {
  statusCode: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

export async function callApi(client: OpenApi, emulator: RunningEmulator, call: Call): Promise<Answer> {
  const params = new $OpenApi.Params({
    action: call.action,
    version: "2022-07-18",
    protocol: "HTTPS",
    pathname: pathFor(emulator, call),
    method: call.method,
    authType: "AK",
    style: "ROA",
    reqBodyType: "json",
    bodyType: "json",
  });
  const workspace = call.workspace === undefined ? emulator.workspace : call.workspace;
  const request = new $OpenApi.OpenApiRequest({
    headers: workspace === null ? {} : { workspace },
    query: call.query,
    body: call.body,
  });
  const response = (await client.callApi(params, request, new $Util.RuntimeOptions({}))) as Answer;
  return response;
}

/** The error the client throws for a 4xx/5xx: code, statusCode and the parsed body (data). */
export interface ClientError {
  code: string;
  message: string;
  statusCode: number;
  data: Record<string, unknown>;
  /** What the client read from AccessDeniedDetail ?? accessDeniedDetail. */
  accessDeniedDetail?: unknown;
}

export async function callApiExpectingError(
  client: OpenApi,
  emulator: RunningEmulator,
  call: Call,
): Promise<ClientError> {
  let answer: Answer;
  try {
    answer = await callApi(client, emulator, call);
  } catch (error) {
    const e = error as {
      code?: string;
      message?: string;
      data?: Record<string, unknown>;
      accessDeniedDetail?: unknown;
    };
    const data = e.data ?? {};
    return {
      code: String(e.code),
      message: String(e.message),
      statusCode: Number(data.statusCode),
      data,
      accessDeniedDetail: e.accessDeniedDetail,
    };
  }
  // The success-false style: HTTP 200, the outcome in `success`, the status in `httpCode`.
  if (answer.body.success === false) {
    return {
      code: String(answer.body.errorCode),
      message: String(answer.body.errorMessage),
      statusCode: Number(answer.body.httpCode),
      data: { ...answer.body, statusCode: answer.statusCode },
    };
  }
  throw new Error(`${call.action} was expected to fail but succeeded`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls a ticket until it is no longer INIT/EXECUTING; returns the final data. */
export async function waitForTicket(
  client: OpenApi,
  emulator: RunningEmulator,
  kind: "validate" | "deploy",
  ticketId: string,
  seen: string[] = [],
): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const answer = await callApi(client, emulator, {
      action: kind === "validate" ? "GetValidateDeploymentDraftResult" : "GetDeployDeploymentDraftResult",
      method: "GET",
      path: `/deployment-drafts/tickets/${ticketId}/async-${kind}`,
    });
    const data = answer.body.data as Record<string, unknown>;
    const status = String(data.ticketStatus);
    if (seen[seen.length - 1] !== status) seen.push(status);
    if (status !== "INIT" && status !== "EXECUTING") return data;
    await sleep(5);
  }
  throw new Error(`ticket ${ticketId} never finished`);
}

/** Calls the emulator's unsigned admin API. */
export async function admin(
  emulator: RunningEmulator,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://${emulator.endpoint}/__admin/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Starts a draft, takes its lock, and returns its ID (the usual first steps of a test). */
export async function createLockedDraft(
  client: OpenApi,
  emulator: RunningEmulator,
  body: Record<string, unknown>,
): Promise<string> {
  const created = await callApi(client, emulator, {
    action: "CreateDeploymentDraft",
    method: "POST",
    path: "/deployment-drafts",
    body,
  });
  const draftId = String((created.body.data as Record<string, unknown>).deploymentDraftId);
  await callApi(client, emulator, {
    action: "GetDeploymentDraftLock",
    method: "POST",
    path: "/deployment-drafts/getLock",
    query: { deploymentDraftId: draftId },
  });
  return draftId;
}

export function sqlDraft(
  name: string,
  sql: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name,
    engineVersion: "vvr-8.0.11-flink-1.17",
    executionMode: "STREAMING",
    artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: sql } },
    ...extra,
  };
}

/** Submits a validate or deploy ticket and waits for its final result. */
export async function runTicket(
  client: OpenApi,
  emulator: RunningEmulator,
  kind: "validate" | "deploy",
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const submitted = await callApi(client, emulator, {
    action: kind === "validate" ? "ValidateDeploymentDraftAsync" : "DeployDeploymentDraftAsync",
    method: "POST",
    path: `/deployment-drafts/async-${kind}`,
    body,
  });
  return waitForTicket(
    client,
    emulator,
    kind,
    String((submitted.body.data as Record<string, unknown>).ticketId),
  );
}

export const VALID_SQL = [
  "CREATE TEMPORARY TABLE src (id INT) WITH ('connector' = 'datagen');",
  "CREATE TEMPORARY TABLE snk (id INT) WITH ('connector' = 'blackhole');",
  "INSERT INTO snk SELECT id FROM src;",
].join("\n");

/** Creates a draft and deploys it; returns the deployment ID and the draft ID. */
export async function deployNewDraft(
  client: OpenApi,
  emulator: RunningEmulator,
  name: string,
  sql: string = VALID_SQL,
): Promise<{ draftId: string; deploymentId: string }> {
  const draftId = await createLockedDraft(client, emulator, sqlDraft(name, sql));
  const deployed = await runTicket(client, emulator, "deploy", {
    deploymentDraftId: draftId,
    deploymentTarget: { mode: "PER_JOB", name: "default-queue" },
  });
  if (deployed.success !== true) throw new Error(`deploy of ${name} failed: ${String(deployed.message)}`);
  return { draftId, deploymentId: String(deployed.deploymentId) };
}

/** Changes a deployed draft's SQL and deploys it again (the draft lock is already held). */
export async function redeploy(
  client: OpenApi,
  emulator: RunningEmulator,
  draftId: string,
  sql: string,
): Promise<void> {
  await callApi(client, emulator, {
    action: "UpdateDeploymentDraft",
    method: "PATCH",
    path: `/deployment-drafts/${draftId}`,
    body: { artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: sql } } },
  });
  const deployed = await runTicket(client, emulator, "deploy", {
    deploymentDraftId: draftId,
    deploymentTarget: { mode: "PER_JOB", name: "default-queue" },
  });
  if (deployed.success !== true) throw new Error(`redeploy failed: ${String(deployed.message)}`);
}

export async function startJob(
  client: OpenApi,
  emulator: RunningEmulator,
  deploymentId: string,
  restoreStrategy: Record<string, unknown> = { kind: "NONE" },
): Promise<Record<string, unknown>> {
  const started = await callApi(client, emulator, {
    action: "StartJobWithParams",
    method: "POST",
    path: "/jobs%3Astart",
    body: { deploymentId, restoreStrategy, resourceQueueName: "default-queue" },
  });
  return started.body.data as Record<string, unknown>;
}

export async function stopJob(
  client: OpenApi,
  emulator: RunningEmulator,
  jobId: string,
  stopStrategy: string,
): Promise<Record<string, unknown>> {
  const stopped = await callApi(client, emulator, {
    action: "StopJob",
    method: "POST",
    path: `/jobs/${jobId}%3Astop`,
    body: { stopStrategy },
  });
  return stopped.body.data as Record<string, unknown>;
}

export async function getJob(
  client: OpenApi,
  emulator: RunningEmulator,
  jobId: string,
): Promise<Record<string, unknown>> {
  const job = await callApi(client, emulator, { action: "GetJob", method: "GET", path: `/jobs/${jobId}` });
  return job.body.data as Record<string, unknown>;
}

export async function getDeployment(
  client: OpenApi,
  emulator: RunningEmulator,
  deploymentId: string,
): Promise<Record<string, unknown>> {
  const answer = await callApi(client, emulator, {
    action: "GetDeployment",
    method: "GET",
    path: `/deployments/${deploymentId}`,
  });
  return answer.body.data as Record<string, unknown>;
}

/** JobStatus of a job (the `status` object of the Job model). */
export function statusOf(job: Record<string, unknown>): Record<string, unknown> {
  return job.status as Record<string, unknown>;
}

/** Polls GetJob until currentJobStatus is `wanted`; returns the job. */
export async function waitForJobStatus(
  client: OpenApi,
  emulator: RunningEmulator,
  jobId: string,
  wanted: string,
): Promise<Record<string, unknown>> {
  let last = "";
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const job = await getJob(client, emulator, jobId);
    last = String(statusOf(job).currentJobStatus);
    if (last === wanted) return job;
    await sleep(5);
  }
  throw new Error(`job ${jobId} never reached ${wanted} (last ${last})`);
}

/**
 * The provider's own client, signed with the emulator's default AccessKey (a test's
 * "console", or the client under contract test); `options` override any field.
 */
export function providerClientFor(
  emulator: RunningEmulator,
  options: Partial<FlinkClientOptions> = {},
): FlinkClient {
  return new FlinkClient({
    endpoint: emulator.endpoint,
    protocol: "http",
    credentials: {
      kind: "access-key",
      accessKeyId: emulator.accessKeyId,
      accessKeySecret: emulator.accessKeySecret,
    },
    ...options,
  });
}
