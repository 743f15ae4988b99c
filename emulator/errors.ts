/**
 * The error catalogue: every error the emulator answers is built here, from one entry of this table.
 * Each code says where it comes from — `documented` (with the public source that shows it) or
 * `assumed` (the emulator's choice, with why) — so a test or a reader can tell which answers are
 * evidence about the real service and which are the emulator's guesses (DESIGN.md §7).
 *
 * Two layers answer errors:
 * - the POP gateway (signature, AccessKey, throttling, RAM, unknown routes, injected 5xx) answers with
 *   its own shape `{RequestId, HostId, Code, Message}` and an HTTP status, whatever the business style;
 * - the product answers with the ververica envelope `{success:false, httpCode, errorCode, errorMessage}`,
 *   as HTTP 200 or with the HTTP status, depending on `businessErrorStyle` (envelope.ts).
 */

export type ErrorLayer = "gateway" | "product";

export type ErrorProvenance = { kind: "documented"; source: string } | { kind: "assumed"; why: string };

export interface ErrorSpec {
  code: string;
  /** The HTTP status (gateway), or the status a business error would carry in the http-status style. */
  status: number;
  layer: ErrorLayer;
  provenance: ErrorProvenance;
}

const TF_NOT_FOUND =
  "terraform-provider-alicloud alicloud/service_alicloud_realtime_compute_v2.go (IsExpectedErrors 990301 → NotFound) and the SDK example GetPreSignedUrlForPutObjectResponseBody (errorCode 990301)";
const POP_COMMON_CODES =
  "Alibaba Cloud common (POP) error codes, e.g. https://www.alibabacloud.com/help/doc-detail/69008.htm";
const POP_ASSUMED = "a common POP gateway code; this product's pages list no gateway codes";

function documented(source: string): ErrorProvenance {
  return { kind: "documented", source };
}

function assumed(why: string): ErrorProvenance {
  return { kind: "assumed", why };
}

/** Every error code the emulator can answer. */
export const ERROR_CATALOGUE = {
  // ---- gateway ----
  InvalidActionNotFound: {
    code: "InvalidAction.NotFound",
    status: 404,
    layer: "gateway",
    provenance: assumed(POP_ASSUMED),
  },
  InvalidAccessKeyIdNotFound: {
    code: "InvalidAccessKeyId.NotFound",
    status: 404,
    layer: "gateway",
    provenance: documented(POP_COMMON_CODES),
  },
  IncompleteSignature: {
    code: "IncompleteSignature",
    status: 400,
    layer: "gateway",
    provenance: assumed(POP_ASSUMED),
  },
  SignatureDoesNotMatch: {
    code: "SignatureDoesNotMatch",
    status: 400,
    layer: "gateway",
    provenance: assumed(POP_ASSUMED),
  },
  MissingTimestamp: {
    code: "MissingTimestamp",
    status: 400,
    layer: "gateway",
    provenance: assumed(POP_ASSUMED),
  },
  TimestampExpired: {
    code: "InvalidTimeStamp.Expired",
    status: 400,
    layer: "gateway",
    provenance: assumed(POP_ASSUMED),
  },
  MissingSignatureNonce: {
    code: "MissingSignatureNonce",
    status: 400,
    layer: "gateway",
    provenance: assumed(POP_ASSUMED),
  },
  SignatureNonceUsed: {
    code: "SignatureNonceUsed",
    status: 400,
    layer: "gateway",
    provenance: assumed(POP_ASSUMED),
  },
  MissingWorkspace: {
    code: "MissingWorkspace",
    status: 400,
    layer: "gateway",
    provenance: assumed("the API metadata marks the workspace header required; the code is the emulator's"),
  },
  ThrottlingUser: {
    code: "Throttling.User",
    status: 400,
    layer: "gateway",
    provenance: documented(
      "terraform-provider-alicloud alicloud/errors.go NeedRetry (Throttling* codes); darabonba-openapi commit 8b916ca (x-acs-retry-after)",
    ),
  },
  NoPermission: {
    code: "NoPermission",
    status: 403,
    layer: "gateway",
    provenance: assumed("the code POP gateways send with AccessDeniedDetail; not listed for this product"),
  },
  GatewayInvalidParameter: {
    code: "InvalidParameter",
    status: 400,
    layer: "gateway",
    provenance: assumed(POP_ASSUMED),
  },
  GatewayInternalError: {
    code: "InternalError",
    status: 500,
    layer: "gateway",
    provenance: assumed(POP_ASSUMED),
  },
  ServiceUnavailable: {
    code: "ServiceUnavailable",
    status: 503,
    layer: "gateway",
    provenance: documented("terraform-provider-alicloud alicloud/errors.go NeedRetry (ServiceUnavailable)"),
  },
  // ---- product ----
  NotFound: { code: "990301", status: 404, layer: "product", provenance: documented(TF_NOT_FOUND) },
  InvalidParameter: {
    code: "InvalidParameter",
    status: 400,
    layer: "product",
    provenance: assumed("no public list of ververica business codes exists (flink-api.md §3.2)"),
  },
  InvalidWorkspace: {
    code: "InvalidWorkspace",
    status: 400,
    layer: "product",
    provenance: assumed(
      "invented so that a typo is not mistaken for a deleted resource; clients must not key on it",
    ),
  },
  InvalidNamespace: {
    code: "InvalidNamespace",
    status: 400,
    layer: "product",
    provenance: assumed(
      "invented so that a typo is not mistaken for a deleted resource; clients must not key on it",
    ),
  },
  DraftNameAlreadyExists: {
    code: "DraftNameAlreadyExists",
    status: 409,
    layer: "product",
    provenance: assumed("the console says draft names are unique per namespace; the code is the emulator's"),
  },
  DraftHasDeployment: {
    code: "DraftHasDeployment",
    status: 400,
    layer: "product",
    provenance: assumed("the SDK doc says such a draft 'cannot be deleted'; the code is the emulator's"),
  },
  DraftLockHeldByOtherUser: {
    code: "DraftLockHeldByOtherUser",
    status: 409,
    layer: "product",
    provenance: assumed("no public code for lock conflicts (api-audit.md §5)"),
  },
  DraftLockNotHeld: {
    code: "DraftLockNotHeld",
    status: 409,
    layer: "product",
    provenance: assumed("no public code for lock conflicts (api-audit.md §5)"),
  },
  InvalidJobState: {
    code: "InvalidJobState",
    status: 400,
    layer: "product",
    provenance: assumed("no public code for job state conflicts"),
  },
  DeploymentHasActiveJob: {
    code: "DeploymentHasActiveJob",
    status: 400,
    layer: "product",
    provenance: assumed("no public code for deleting a deployment with a live job"),
  },
  SavepointNotFound: {
    code: "SavepointNotFound",
    status: 400,
    layer: "product",
    provenance: assumed(
      "whether an unknown savepoint is refused at start is unverified (the Terraform acceptance test hints it is not)",
    ),
  },
  InsufficientResources: {
    code: "InsufficientResources",
    status: 400,
    layer: "product",
    provenance: assumed(
      "no public code for a start over the deployment target's quota (setting quotaExceeded: refuse | fail-job)",
    ),
  },
  VariableAlreadyExists: {
    code: "VariableAlreadyExists",
    status: 409,
    layer: "product",
    provenance: assumed("no public code for creating a namespace variable whose name is taken"),
  },
  InternalError: {
    code: "InternalError",
    status: 500,
    layer: "product",
    provenance: assumed("an emulator bug; the real service's internal-error code is not public"),
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorName = keyof typeof ERROR_CATALOGUE;
type NamesOfLayer<L extends ErrorLayer> = {
  [K in ErrorName]: (typeof ERROR_CATALOGUE)[K]["layer"] extends L ? K : never;
}[ErrorName];
export type GatewayErrorName = NamesOfLayer<"gateway">;
export type ProductErrorName = NamesOfLayer<"product">;

/** A business error: answered with the envelope (success:false). */
export class ApiError extends Error {
  readonly httpStatus: number;
  readonly errorCode: string;

  constructor(
    readonly spec: ErrorSpec,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
    this.httpStatus = spec.status;
    this.errorCode = spec.code;
  }
}

/** A gateway error: POP shape, always with its HTTP status, never the envelope. */
export class GatewayError extends Error {
  readonly httpStatus: number;
  readonly code: string;

  constructor(
    readonly spec: ErrorSpec,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Further top-level fields of the error body (e.g. AccessDeniedDetail). */
    readonly extraBody: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "GatewayError";
    this.httpStatus = spec.status;
    this.code = spec.code;
  }
}

/** The one factory of business errors. */
export function productError(name: ProductErrorName, message: string): ApiError {
  return new ApiError(ERROR_CATALOGUE[name], message);
}

/** The one factory of gateway errors. */
export function gatewayError(
  name: GatewayErrorName,
  message: string,
  headers: Record<string, string> = {},
  extraBody: Record<string, unknown> = {},
): GatewayError {
  return new GatewayError(ERROR_CATALOGUE[name], message, headers, extraBody);
}

/** "<what> does not exist." as the documented not-found code 990301. */
export function notFound(what: string): ApiError {
  return productError("NotFound", `${what} does not exist.`);
}

/** The request body or query is invalid (a 400 naming the field). */
export function invalidParameter(message: string): ApiError {
  return productError("InvalidParameter", message);
}
