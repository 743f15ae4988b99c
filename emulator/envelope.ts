/**
 * The two response shapes of the service:
 * - the ververica business envelope `{requestId, success, httpCode, errorCode, errorMessage, data}`;
 * - the POP gateway error `{RequestId, HostId, Code, Message}` for signature, AccessKey and throttling errors,
 *   which never reach the product and therefore do not use the envelope.
 */
import { randomUUID } from "node:crypto";
import type { ApiError, GatewayError } from "./errors";

/**
 * How business (product) errors travel. "success-false": HTTP 200 and `success:false`, with `httpCode`
 * the status the error would have had — 16 response models document httpCode as "fixed to 200, use
 * success" (api-audit.md §1.1). "http-status": the HTTP status is that status (the other 8 models say
 * "a value other than 200 indicates failure"). Gateway errors always keep their HTTP status.
 */
export type BusinessErrorStyle = "success-false" | "http-status";

export function newRequestId(): string {
  return randomUUID().toUpperCase();
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

/** The HTTP status a business error is sent with in a style. */
export function businessErrorStatus(style: BusinessErrorStyle, error: ApiError): number {
  return style === "success-false" ? 200 : error.httpStatus;
}
