/**
 * The two response shapes of the service:
 * - the ververica business envelope `{requestId, success, httpCode, errorCode, errorMessage, data}`;
 * - the POP gateway error `{RequestId, HostId, Code, Message}` for signature, AccessKey and throttling errors,
 *   which never reach the product and therefore do not use the envelope.
 */
import { randomUUID } from "node:crypto";

/** The only product error code that is publicly known: "not found" (Terraform relies on it). */
export const NOT_FOUND_CODE = "990301";

export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** A business error: answered with the envelope, success:false, and an HTTP 4xx. */
export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function notFound(what: string): ApiError {
  return new ApiError(404, NOT_FOUND_CODE, `${what} does not exist.`);
}

/** A gateway error (authentication, throttling, injected 5xx): POP shape, never the envelope. */
export class GatewayError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Further top-level fields of the error body (e.g. AccessDeniedDetail). */
    readonly extraBody: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "GatewayError";
  }
}

export interface Envelope {
  requestId: string;
  success: boolean;
  httpCode: number;
  errorCode: string;
  errorMessage: string;
  [extra: string]: unknown;
}

/** Success envelope. `data` is omitted when undefined (the Delete* operations have none). */
export function successEnvelope(
  requestId: string,
  data: unknown,
  extra: Record<string, unknown> = {},
): Envelope {
  const body: Envelope = {
    requestId,
    success: true,
    httpCode: 200,
    errorCode: "",
    errorMessage: "",
    ...extra,
  };
  if (data !== undefined) body.data = data;
  return body;
}

/**
 * Error envelope. `code`/`message` duplicate `errorCode`/`errorMessage` so that the
 * ResponseError thrown by @alicloud/openapi-client carries a meaningful code and message.
 */
export function errorEnvelope(requestId: string, error: ApiError): Envelope {
  return {
    requestId,
    success: false,
    httpCode: error.httpStatus,
    errorCode: error.errorCode,
    errorMessage: error.message,
    code: error.errorCode,
    message: error.message,
  };
}

export interface GatewayErrorBody {
  RequestId: string;
  HostId: string;
  Code: string;
  Message: string;
  [extra: string]: unknown;
}

export function gatewayErrorBody(requestId: string, hostId: string, error: GatewayError): GatewayErrorBody {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    ...error.extraBody,
  };
}
