/**
 * ACS3-HMAC-SHA256 (the "V3" signature), the default of @alicloud/openapi-client.
 *
 * Canonical request, as built by @alicloud/openapi-util getAuthorization:
 *   METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
 * - CanonicalURI: the path as sent (so `%3A` stays encoded); the client replaces the first `+`, `*`, `%7E`.
 * - CanonicalQuery: keys sorted, `key=popEncode(value)` joined by `&`.
 * - CanonicalHeaders: `name:trimmed value\n` for each signed header (host, content-type, x-acs-*), sorted.
 * - HashedPayload: the x-acs-content-sha256 header, which must equal hex(SHA256(body)).
 * StringToSign = "ACS3-HMAC-SHA256\n" + hex(SHA256(canonical request)); signature = hex(HMAC-SHA256(secret, it)).
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { EmulatorUser } from "../config";
import { gatewayError, type GatewayError } from "../errors";
import { headerValue, popEncode, sortedQueryKeys, type SignedRequest } from "./request";

export const ACS3_ALGORITHM = "ACS3-HMAC-SHA256";

/** Headers the official signer always signs; a request that leaves one out is refused. */
const REQUIRED_SIGNED_HEADERS = ["host", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce"];

interface Acs3Authorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAcs3Authorization(authorization: string): Acs3Authorization {
  const rest = authorization.slice(ACS3_ALGORITHM.length).trim();
  const fields = new Map<string, string>();
  for (const part of rest.split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!accessKeyId || !signedHeaders || !signature) {
    throw incomplete("the Authorization header must carry Credential, SignedHeaders and Signature.");
  }
  return { accessKeyId, signedHeaders: signedHeaders.split(";"), signature };
}

export function canonicalUri(rawPath: string): string {
  return rawPath.replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
}

export function acs3CanonicalRequest(
  request: SignedRequest,
  signedHeaders: string[],
  hashedPayload: string,
): string {
  const query = sortedQueryKeys(request.query)
    .map((key) => `${key}=${popEncode(request.query.get(key) ?? "")}`)
    .join("&");
  const headers = signedHeaders
    .map((name) => `${name}:${(headerValue(request.headers, name) ?? "").trim()}\n`)
    .join("");
  return [
    request.method,
    canonicalUri(request.rawPath),
    query,
    headers,
    signedHeaders.join(";"),
    hashedPayload,
  ].join("\n");
}

export function acs3Signature(canonicalRequest: string, secret: string): string {
  const stringToSign = `${ACS3_ALGORITHM}\n${createHash("sha256").update(canonicalRequest).digest("hex")}`;
  return createHmac("sha256", secret).update(stringToSign).digest("hex");
}

/** Verifies an ACS3 request and returns the signing user; throws a GatewayError otherwise. */
export function verifyAcs3(
  request: SignedRequest,
  authorization: string,
  findUser: (accessKeyId: string) => EmulatorUser | undefined,
): EmulatorUser {
  const auth = parseAcs3Authorization(authorization);
  const user = findUser(auth.accessKeyId);
  if (!user) throw gatewayError("InvalidAccessKeyIdNotFound", "Specified access key is not found.");

  const sorted = [...auth.signedHeaders].sort();
  if (sorted.join(";") !== auth.signedHeaders.join(";")) {
    throw incomplete("SignedHeaders must be lower-case and sorted.");
  }
  for (const name of REQUIRED_SIGNED_HEADERS) {
    if (!auth.signedHeaders.includes(name)) throw incomplete(`the header ${name} must be signed.`);
  }

  const hashedPayload = headerValue(request.headers, "x-acs-content-sha256") ?? "";
  const actualHash = createHash("sha256").update(request.body).digest("hex");
  if (hashedPayload !== actualHash) {
    throw gatewayError(
      "SignatureDoesNotMatch",
      "The x-acs-content-sha256 header does not match the SHA-256 of the request body.",
    );
  }

  const expected = acs3Signature(
    acs3CanonicalRequest(request, auth.signedHeaders, hashedPayload),
    user.accessKeySecret,
  );
  if (!sameText(expected, auth.signature)) {
    throw gatewayError(
      "SignatureDoesNotMatch",
      "Specified signature does not match our calculation. Check the AccessKey secret and the canonical request.",
    );
  }
  return user;
}

export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function incomplete(reason: string): GatewayError {
  return gatewayError(
    "IncompleteSignature",
    `The request signature does not conform to Aliyun standards: ${reason}`,
  );
}
