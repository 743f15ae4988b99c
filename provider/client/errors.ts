/**
 * One error type for every way a ververica call can fail: an HTTP 4xx/5xx, a
 * 2xx whose envelope says `success: false`, a response that does not match the
 * documented model, or a network failure.
 *
 * The only product error code that is public is 990301 (not found); every other
 * condition is classified by HTTP status and the gateway's `Throttling*` codes,
 * never by codes the emulator made up (DESIGN.md §5). Both ways the service
 * may send a business error — an HTTP 4xx/5xx envelope, or HTTP 200 with
 * `success:false` and the status in `httpCode` — become the same FlinkApiError.
 */
import { z } from "zod";

export const NOT_FOUND_CODE = "990301";

/** Network error codes raised before the request could reach the service. */
const NOT_SENT_NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "CONNECT_TIMEOUT",
]);
/** Network error codes where the request may or may not have been processed. */
const IN_FLIGHT_NETWORK_CODES = new Set(["ECONNRESET", "ETIMEDOUT", "EPIPE", "ECONNABORTED", "READ_TIMEOUT"]);

export interface FlinkApiErrorDetails {
  operation: string;
  message: string;
  httpStatus?: number;
  errorCode?: string;
  requestId?: string;
  /** Set for transport failures, e.g. ECONNREFUSED. */
  networkCode?: string;
  /** The gateway's `x-acs-retry-after`, in milliseconds, when it sent one. */
  retryAfterMs?: number;
  /** True when the POP gateway answered (`Code`/`Message` body), not the product's envelope. */
  fromGateway?: boolean;
  /** The error body as JSON text, for codes that appear elsewhere than errorCode (Terraform's rule). */
  bodyText?: string;
}

export class FlinkApiError extends Error {
  readonly operation: string;
  readonly httpStatus?: number;
  readonly errorCode?: string;
  readonly requestId?: string;
  readonly networkCode?: string;
  readonly retryAfterMs?: number;
  readonly fromGateway: boolean;
  private readonly bodyText?: string;
  /** The service's own message, without the operation/status decoration. */
  readonly serviceMessage: string;

  constructor(details: FlinkApiErrorDetails) {
    super(formatMessage(details));
    this.name = "FlinkApiError";
    this.operation = details.operation;
    this.httpStatus = details.httpStatus;
    this.errorCode = details.errorCode;
    this.requestId = details.requestId;
    this.networkCode = details.networkCode;
    this.retryAfterMs = details.retryAfterMs;
    this.fromGateway = details.fromGateway ?? false;
    this.bodyText = details.bodyText;
    this.serviceMessage = details.message;
  }

  /**
   * Terraform's rule (connectivity/client.go formatError, errors.go IsExpectedErrors/NotFoundError):
   * "990301" anywhere in the error body, or HTTP 404 — here the product's 404 (HTTP status or the
   * envelope's httpCode), not the gateway's (an unknown AccessKey or route is no missing resource).
   */
  get isNotFound(): boolean {
    if (this.errorCode === NOT_FOUND_CODE) return true;
    if (this.bodyText !== undefined && this.bodyText.includes(NOT_FOUND_CODE)) return true;
    return this.httpStatus === 404 && !this.fromGateway;
  }

  get isThrottling(): boolean {
    return this.httpStatus === 429 || (this.errorCode !== undefined && /throttl/i.test(this.errorCode));
  }

  /** True when the request provably never reached the service (safe to resend anything). */
  get notSent(): boolean {
    return this.networkCode !== undefined && NOT_SENT_NETWORK_CODES.has(this.networkCode);
  }

  /** True when a later identical call may succeed: throttling, 5xx, transient network faults. */
  get retryable(): boolean {
    if (this.isThrottling || this.notSent) return true;
    if (this.httpStatus !== undefined && this.httpStatus >= 500) return true;
    return this.networkCode !== undefined && IN_FLIGHT_NETWORK_CODES.has(this.networkCode);
  }
}

function formatMessage(d: FlinkApiErrorDetails): string {
  const facts = [
    d.httpStatus !== undefined ? `HTTP ${d.httpStatus}` : undefined,
    d.errorCode ? `errorCode ${d.errorCode}` : undefined,
    d.networkCode,
    d.requestId ? `requestId ${d.requestId}` : undefined,
  ].filter((f): f is string => f !== undefined);
  const suffix = facts.length > 0 ? ` (${facts.join(", ")})` : "";
  return `${d.operation} failed: ${d.message}${suffix}`;
}

/** The parts of a tea ResponseError the client reads (`data` is the parsed body + statusCode). */
const ResponseErrorSchema = z.object({
  data: z.looseObject({
    statusCode: z.number().optional(),
    requestId: z.string().optional(),
    RequestId: z.string().optional(),
    httpCode: z.number().optional(),
    errorCode: z.union([z.string(), z.number()]).optional().nullable(),
    errorMessage: z.string().optional().nullable(),
    Code: z.string().optional(),
    code: z.union([z.string(), z.number()]).optional(),
    Message: z.string().optional(),
    message: z.string().optional(),
  }),
  statusCode: z.number().optional(),
});

const NetworkErrorSchema = z.object({ code: z.string(), message: z.string() });
/** httpx (under @alicloud/tea-typescript) reports timeouts by name, not code. */
const TimeoutErrorSchema = z.object({ name: z.literal("RequestTimeoutError"), message: z.string() });

/**
 * Maps whatever `callApi` threw to a FlinkApiError. The ververica envelope uses
 * errorCode/errorMessage, which openapi-client does not read (it reads
 * Code/Message), so those are taken from `err.data` here; gateway errors
 * (signature, throttling) use Code/Message and are read as a fallback.
 */
export function toFlinkApiError(operation: string, err: unknown, retryAfterMs?: number): FlinkApiError {
  if (err instanceof FlinkApiError) return err;
  const response = ResponseErrorSchema.safeParse(err);
  if (response.success) {
    const d = response.data.data;
    const code = d.errorCode ?? d.Code ?? d.code;
    return new FlinkApiError({
      fromGateway: d.Code !== undefined && d.errorCode === undefined,
      bodyText: errorBodyText(d),
      operation,
      retryAfterMs,
      message: d.errorMessage || d.Message || d.message || "the service returned an error without a message",
      httpStatus: d.statusCode ?? response.data.statusCode ?? d.httpCode,
      errorCode: code === undefined || code === null || code === "" ? undefined : String(code),
      requestId: d.requestId ?? d.RequestId,
    });
  }
  const network = NetworkErrorSchema.safeParse(err);
  if (network.success && /^E[A-Z]+$/.test(network.data.code)) {
    return new FlinkApiError({
      operation,
      message: `could not reach the service: ${network.data.message}`,
      networkCode: network.data.code,
    });
  }
  const timeout = TimeoutErrorSchema.safeParse(err);
  if (timeout.success) {
    return new FlinkApiError({
      operation,
      message: `request timed out: ${timeout.data.message}`,
      networkCode: timeout.data.message.startsWith("ConnectTimeout") ? "CONNECT_TIMEOUT" : "READ_TIMEOUT",
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new FlinkApiError({ operation, message });
}

/**
 * The body as JSON for the "990301 anywhere" check, without the request IDs: a hex request ID can
 * contain those digits by chance, and must not make a live resource look deleted.
 */
export function errorBodyText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, (key, v: unknown) =>
      key === "requestId" || key === "RequestId" ? undefined : v,
    );
  } catch {
    return undefined;
  }
}
