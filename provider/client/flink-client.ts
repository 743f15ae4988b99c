/**
 * A typed client for the ververica 2022-07-18 OpenAPI over the real
 * `@alicloud/openapi-client` (ROA style, ACS3-HMAC-SHA256 signatures).
 *
 * What it adds to the library: the `workspace` header and encoded paths of
 * every operation (operations.ts), an envelope check on every response (a 2xx
 * can carry `success: false`), zod validation of the models, one error type
 * (errors.ts) and retries that respect each operation's safety (retry.ts).
 */
import OpenApi, * as $OpenApi from "@alicloud/openapi-client";
import * as $Util from "@alicloud/tea-util";
import { z } from "zod";
import { toOpenApiCredentialFields, type CredentialSource } from "./credentials";
import { errorBodyText, FlinkApiError, toFlinkApiError } from "./errors";
import {
  AsyncDraftDeployResultSchema,
  AsyncDraftValidateResultSchema,
  DeploymentDraftSchema,
  DeploymentSchema,
  DeploymentTargetSchema,
  EngineVersionCatalogueSchema,
  EnvelopeSchema,
  JobSchema,
  LockSchema,
  SavepointSchema,
  PagingSchema,
  SqlStatementValidationResultSchema,
  TicketSchema,
  VariableSchema,
  EventSchema,
  JobDiagnosisSchema,
  HotUpdateJobResultSchema,
  AutopilotPolicySchema,
  type AutopilotPolicy,
  type HotUpdateJobParams,
  type HotUpdateJobResult,
  type Variable,
  type VariableBody,
  type JobDiagnosis,
  type FlinkEvent,
  type AsyncDraftDeployResult,
  type AsyncDraftValidateResult,
  type BriefDeploymentTarget,
  type Deployment,
  type DeploymentDraft,
  type DeploymentDraftBody,
  type DeploymentTarget,
  type EngineVersionCatalogue,
  type Job,
  type JobStartParameters,
  type Lock,
  type Savepoint,
  type SqlStatementValidationResult,
} from "./models";
import { buildPathname, OPERATIONS, type OperationName } from "./operations";
import { retryAfterMs, withResponseHeaders } from "./response-headers";
import {
  DEFAULT_RETRY_POLICY,
  withRetries,
  type RequestGate,
  type RetryHooks,
  type RetryPolicy,
} from "./retry";

export const API_VERSION = "2022-07-18";
/** The service caps list pages at 100 (reference/flink-api.md §1.3). */
const PAGE_SIZE = 100;
/** A bound on paging, so a misbehaving server cannot keep the provider looping. */
const MAX_PAGES = 1_000;

export interface FlinkClientOptions {
  /** host[:port], without scheme. */
  endpoint: string;
  protocol: "http" | "https";
  credentials: CredentialSource;
  userAgent?: string;
  readTimeoutMs?: number;
  connectTimeoutMs?: number;
  retry?: RetryPolicy;
  onRetry?: RetryHooks["onRetry"];
  sleep?: RetryHooks["sleep"];
  /** Admits each attempt: the provider's pacer, shared by every client of one AccessKey. */
  gate?: RequestGate;
}

/** Every call is scoped to a workspace (a header) and a namespace (a path segment). */
export interface Scope {
  workspace: string;
  namespace: string;
}

interface CallArgs {
  pathParams?: Record<string, string>;
  query?: Record<string, string>;
  body?: object;
}

export interface DraftDeployParams {
  deploymentDraftId: string;
  deploymentTarget: BriefDeploymentTarget;
  skipValidate?: boolean;
}

export interface DraftValidateParams {
  deploymentDraftId: string;
  deploymentTargetName?: string;
}

export interface SqlStatementWithContext {
  statement: string;
  batchMode: boolean;
  versionName?: string;
  additionalDependencies?: string[];
  flinkConfiguration?: Record<string, string>;
}

export type StopStrategy = "NONE" | "STOP_WITH_SAVEPOINT" | "STOP_WITH_DRAIN";

const ListDraftsPageSchema = PagingSchema.extend({ data: z.array(DeploymentDraftSchema) });
const ListJobsPageSchema = PagingSchema.extend({ data: z.array(JobSchema) });
const ListDeploymentTargetsPageSchema = PagingSchema.extend({ data: z.array(DeploymentTargetSchema) });
const ListVariablesPageSchema = PagingSchema.extend({ data: z.array(VariableSchema) });
const EventsPageSchema = PagingSchema.extend({ data: z.array(EventSchema) });
const ListSavepointsPageSchema = PagingSchema.extend({ data: z.array(SavepointSchema) });

export class FlinkClient {
  private readonly api: OpenApi;
  private readonly options: FlinkClientOptions;

  constructor(options: FlinkClientOptions) {
    this.options = options;
    this.api = new OpenApi(
      new $OpenApi.Config({
        ...toOpenApiCredentialFields(options.credentials),
        endpoint: options.endpoint,
        protocol: options.protocol,
        userAgent: options.userAgent,
      }),
    );
  }

  /** host[:port] this client talks to (a key of what the provider learns about the service). */
  get endpoint(): string {
    return this.options.endpoint;
  }

  async createDeploymentDraft(scope: Scope, body: DeploymentDraftBody): Promise<DeploymentDraft> {
    return this.callForData("CreateDeploymentDraft", scope, { body }, DeploymentDraftSchema);
  }

  async getDeploymentDraft(scope: Scope, deploymentDraftId: string): Promise<DeploymentDraft> {
    return this.callForData(
      "GetDeploymentDraft",
      scope,
      { pathParams: { deploymentDraftId } },
      DeploymentDraftSchema,
    );
  }

  /** Every draft of the namespace, all pages. */
  async listDeploymentDrafts(scope: Scope): Promise<DeploymentDraft[]> {
    return this.collectPages("ListDeploymentDrafts", scope, {}, ListDraftsPageSchema);
  }

  /** The draft with exactly this name, if any (names are unique in a namespace). */
  async findDeploymentDraftByName(scope: Scope, name: string): Promise<DeploymentDraft | undefined> {
    const drafts = await this.listDeploymentDrafts(scope);
    return drafts.find((d) => d.name === name);
  }

  async updateDeploymentDraft(
    scope: Scope,
    deploymentDraftId: string,
    body: DeploymentDraftBody,
  ): Promise<DeploymentDraft> {
    return this.callForData(
      "UpdateDeploymentDraft",
      scope,
      { pathParams: { deploymentDraftId }, body },
      DeploymentDraftSchema,
    );
  }

  async deleteDeploymentDraft(scope: Scope, deploymentDraftId: string): Promise<void> {
    await this.callEnvelope("DeleteDeploymentDraft", scope, { pathParams: { deploymentDraftId } });
  }

  /** GetDeploymentDraftLock *acquires* the draft's edit lock (a POST with no body). */
  async acquireDeploymentDraftLock(scope: Scope, deploymentDraftId: string): Promise<Lock> {
    return this.callForData("GetDeploymentDraftLock", scope, { query: { deploymentDraftId } }, LockSchema);
  }

  /** Starts an asynchronous validation; returns its ticket ID. */
  async validateDeploymentDraftAsync(scope: Scope, params: DraftValidateParams): Promise<string> {
    const ticket = await this.callForData(
      "ValidateDeploymentDraftAsync",
      scope,
      { body: params },
      TicketSchema,
    );
    return ticket.ticketId;
  }

  async getValidateDeploymentDraftResult(scope: Scope, ticketId: string): Promise<AsyncDraftValidateResult> {
    return this.callForData(
      "GetValidateDeploymentDraftResult",
      scope,
      { pathParams: { ticketId } },
      AsyncDraftValidateResultSchema,
    );
  }

  /** Starts an asynchronous deploy; returns its ticket ID. */
  async deployDeploymentDraftAsync(scope: Scope, params: DraftDeployParams): Promise<string> {
    const ticket = await this.callForData(
      "DeployDeploymentDraftAsync",
      scope,
      { body: params },
      TicketSchema,
    );
    return ticket.ticketId;
  }

  async getDeployDeploymentDraftResult(scope: Scope, ticketId: string): Promise<AsyncDraftDeployResult> {
    return this.callForData(
      "GetDeployDeploymentDraftResult",
      scope,
      { pathParams: { ticketId } },
      AsyncDraftDeployResultSchema,
    );
  }

  async getDeployment(scope: Scope, deploymentId: string): Promise<Deployment> {
    return this.callForData("GetDeployment", scope, { pathParams: { deploymentId } }, DeploymentSchema);
  }

  async deleteDeployment(scope: Scope, deploymentId: string): Promise<void> {
    await this.callEnvelope("DeleteDeployment", scope, { pathParams: { deploymentId } });
  }

  /** Every job of a deployment, all pages. */
  async listJobs(scope: Scope, deploymentId: string): Promise<Job[]> {
    return this.collectPages("ListJobs", scope, { deploymentId }, ListJobsPageSchema);
  }

  async getJob(scope: Scope, jobId: string): Promise<Job> {
    return this.callForData("GetJob", scope, { pathParams: { jobId } }, JobSchema);
  }

  /** StartJobWithParams: a new job of the deployment, STARTING. */
  async startJob(scope: Scope, params: JobStartParameters): Promise<Job> {
    return this.callForData("StartJobWithParams", scope, { body: params }, JobSchema);
  }

  /** Savepoints (and retained checkpoints) of a deployment, or of one of its jobs, all pages. */
  async listSavepoints(scope: Scope, filter: { deploymentId: string; jobId?: string }): Promise<Savepoint[]> {
    const query: Record<string, string> = { deploymentId: filter.deploymentId };
    if (filter.jobId !== undefined) query.jobId = filter.jobId;
    return this.collectPages("ListSavepoints", scope, query, ListSavepointsPageSchema);
  }

  async stopJob(scope: Scope, jobId: string, stopStrategy: StopStrategy): Promise<Job> {
    return this.callForData("StopJob", scope, { pathParams: { jobId }, body: { stopStrategy } }, JobSchema);
  }

  /** Server-side SQL check that touches no draft: safe during `pulumi preview`. */
  async validateSqlStatement(
    scope: Scope,
    body: SqlStatementWithContext,
  ): Promise<SqlStatementValidationResult> {
    return this.callForData("ValidateSqlStatement", scope, { body }, SqlStatementValidationResultSchema);
  }

  /** The engine versions the service offers and their status; read-only, safe during preview. */
  async listEngineVersionMetadata(scope: Scope): Promise<EngineVersionCatalogue> {
    return this.callForData("ListEngineVersionMetadata", scope, {}, EngineVersionCatalogueSchema);
  }

  /** The namespace's queues (deployment targets), all pages; read-only, safe during preview. */
  async listDeploymentTargets(scope: Scope): Promise<DeploymentTarget[]> {
    return this.collectPages("ListDeploymentTargets", scope, {}, ListDeploymentTargetsPageSchema);
  }

  async getSavepoint(scope: Scope, savepointId: string): Promise<Savepoint> {
    return this.callForData("GetSavepoint", scope, { pathParams: { savepointId } }, SavepointSchema);
  }

  /** Every variable of the namespace, all pages (Encrypted values masked by the service). */
  async listVariables(scope: Scope): Promise<Variable[]> {
    return this.collectPages("ListVariables", scope, {}, ListVariablesPageSchema);
  }

  async createVariable(scope: Scope, body: VariableBody): Promise<Variable> {
    return this.callForData("CreateVariable", scope, { body }, VariableSchema);
  }

  /** The service wants `kind` on every update (terraform-provider-alicloud notes a failure without it). */
  async updateVariable(scope: Scope, name: string, body: VariableBody): Promise<void> {
    await this.callEnvelope("UpdateVariable", scope, { pathParams: { name }, body });
  }

  async deleteVariable(scope: Scope, name: string): Promise<void> {
    await this.callEnvelope("DeleteVariable", scope, { pathParams: { name } });
  }

  async getJobDiagnosis(scope: Scope, deploymentId: string, jobId: string): Promise<JobDiagnosis> {
    return this.callForData(
      "GetJobDiagnosis",
      scope,
      { pathParams: { deploymentId, jobId } },
      JobDiagnosisSchema,
    );
  }

  /** The newest events of a deployment (one page). */
  async getEvents(scope: Scope, deploymentId: string, pageSize = 20): Promise<FlinkEvent[]> {
    const envelope = await this.callEnvelope("GetEvents", scope, {
      query: { deploymentId, pageIndex: "1", pageSize: String(pageSize) },
    });
    return parseModel("GetEvents", EventsPageSchema, envelope, envelope.requestId).data;
  }

  /** The JobManager log of the deployment's latest job start, as text ("" before the first start). */
  async getLatestJobStartLog(scope: Scope, deploymentId: string): Promise<string> {
    const envelope = await this.callEnvelope("GetLatestJobStartLog", scope, { pathParams: { deploymentId } });
    return typeof envelope.data === "string" ? envelope.data : "";
  }

  /** UpdateDeployment: the whole deployment as body (read it first and change only what is owned). */
  async updateDeployment(scope: Scope, deploymentId: string, body: object): Promise<Deployment> {
    return this.callForData(
      "UpdateDeployment",
      scope,
      { pathParams: { deploymentId }, body },
      DeploymentSchema,
    );
  }

  /** HotUpdateJob: changes a running job's parallelism/checkpoint settings without a restart. */
  async hotUpdateJob(scope: Scope, jobId: string, params: HotUpdateJobParams): Promise<HotUpdateJobResult> {
    return this.callForData(
      "HotUpdateJob",
      scope,
      { pathParams: { jobId }, body: params },
      HotUpdateJobResultSchema,
    );
  }

  async getHotUpdateJobResult(scope: Scope, jobHotUpdateId: string): Promise<HotUpdateJobResult> {
    return this.callForData(
      "GetHotUpdateJobResult",
      scope,
      { pathParams: { jobHotUpdateId } },
      HotUpdateJobResultSchema,
    );
  }

  async getAutopilotPolicy(scope: Scope, deploymentId: string): Promise<AutopilotPolicy> {
    return this.callForData(
      "GetAutopilotPolicy",
      scope,
      { pathParams: { deploymentId } },
      AutopilotPolicySchema,
    );
  }

  /** A full PUT: what is not sent is cleared. */
  async updateAutopilotPolicy(scope: Scope, deploymentId: string, policy: AutopilotPolicy): Promise<void> {
    await this.callEnvelope("UpdateAutopilotPolicy", scope, { pathParams: { deploymentId }, body: policy });
  }

  private async collectPages<T>(
    operation: OperationName,
    scope: Scope,
    query: Record<string, string>,
    pageSchema: z.ZodType<{ data: T[]; totalSize?: number }>,
  ): Promise<T[]> {
    const items: T[] = [];
    for (let pageIndex = 1; pageIndex <= MAX_PAGES; pageIndex++) {
      const envelope = await this.callEnvelope(operation, scope, {
        query: { ...query, pageIndex: String(pageIndex), pageSize: String(PAGE_SIZE) },
      });
      const page = parseModel(operation, pageSchema, envelope);
      items.push(...page.data);
      const total = page.totalSize;
      const done = total !== undefined ? items.length >= total : page.data.length < PAGE_SIZE;
      if (done || page.data.length === 0) return items;
    }
    throw new FlinkApiError({
      operation,
      message: `more than ${MAX_PAGES} pages of ${PAGE_SIZE}; refusing to page further`,
    });
  }

  private async callForData<T>(
    operation: OperationName,
    scope: Scope,
    args: CallArgs,
    schema: z.ZodType<T>,
  ): Promise<T> {
    const envelope = await this.callEnvelope(operation, scope, args);
    if (envelope.data === undefined || envelope.data === null) {
      throw new FlinkApiError({
        operation,
        message: "the response has no `data`",
        requestId: envelope.requestId,
      });
    }
    return parseModel(operation, schema, envelope.data, envelope.requestId);
  }

  /** Sends one request (with retries) and returns its checked envelope. */
  private async callEnvelope(
    operation: OperationName,
    scope: Scope,
    args: CallArgs,
  ): Promise<z.infer<typeof EnvelopeSchema>> {
    const spec = OPERATIONS[operation];
    const params = new $OpenApi.Params({
      action: operation,
      version: API_VERSION,
      protocol: "HTTPS",
      pathname: buildPathname(operation, scope.namespace, args.pathParams),
      method: spec.method,
      authType: "AK",
      style: "ROA",
      reqBodyType: "json",
      bodyType: "json",
    });
    const request = new $OpenApi.OpenApiRequest({
      headers: { workspace: scope.workspace },
      query: args.query,
      body: args.body,
    });
    const runtime = new $Util.RuntimeOptions({
      readTimeout: this.options.readTimeoutMs ?? 30_000,
      connectTimeout: this.options.connectTimeoutMs ?? 10_000,
    });
    return withRetries(
      async () => {
        const response = await withResponseHeaders(
          () => this.api.callApi(params, request, runtime),
          (err, headers) => {
            throw toFlinkApiError(operation, err, retryAfterMs(headers));
          },
        );
        return checkEnvelope(operation, response);
      },
      spec.retry,
      this.options.retry ?? DEFAULT_RETRY_POLICY,
      { onRetry: this.options.onRetry, sleep: this.options.sleep, gate: this.options.gate },
    );
  }
}

const ResponseSchema = z.object({ statusCode: z.number(), body: z.unknown() });

/** A 2xx body must be the envelope, and `success: false` in it is an error too. */
function checkEnvelope(operation: OperationName, response: unknown): z.infer<typeof EnvelopeSchema> {
  const parsed = ResponseSchema.safeParse(response);
  const envelope = parsed.success ? EnvelopeSchema.safeParse(parsed.data.body) : undefined;
  if (!parsed.success || !envelope?.success) {
    const issue = envelope?.error ?? parsed.error;
    throw new FlinkApiError({
      operation,
      message: `the response is not the documented envelope {requestId, success, data, …}: ${issue ? z.prettifyError(issue) : "no body"}`,
      httpStatus: parsed.success ? parsed.data.statusCode : undefined,
    });
  }
  const body = envelope.data;
  if (!body.success) {
    throw new FlinkApiError({
      operation,
      message: body.errorMessage || "the service answered success: false without a message",
      httpStatus: body.httpCode ?? parsed.data.statusCode,
      errorCode: body.errorCode || undefined,
      requestId: body.requestId,
      bodyText: errorBodyText(body),
    });
  }
  return body;
}

function parseModel<T>(
  operation: OperationName,
  schema: z.ZodType<T>,
  value: unknown,
  requestId?: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new FlinkApiError({
      operation,
      message: `the response does not match the documented model: ${z.prettifyError(result.error)}`,
      requestId,
    });
  }
  return result.data;
}
