/**
 * Gateway authentication: picks the verifier by the Authorization scheme, then rejects stale
 * timestamps and replayed nonces, as the POP gateway does before a request reaches the product.
 */
import type { EmulatorUser } from "../config";
import { gatewayError } from "../errors";
import { ACS3_ALGORITHM, verifyAcs3 } from "./acs3";
import { headerValue, type SignedRequest } from "./request";
import { ROA_V1_PREFIX, verifyRoaV1 } from "./roa-v1";

export type { SignedRequest } from "./request";

export class Authenticator {
  /** Nonce → time first seen (ms); entries older than the clock-skew window are forgotten. */
  private readonly seenNonces = new Map<string, number>();

  constructor(
    private readonly users: EmulatorUser[],
    private readonly maxClockSkewMs: number,
  ) {}

  authenticate(request: SignedRequest, now: number): EmulatorUser {
    const authorization = headerValue(request.headers, "authorization");
    if (!authorization) {
      throw gatewayError(
        "IncompleteSignature",
        "The request is not signed: the Authorization header is missing.",
      );
    }
    const findUser = (id: string): EmulatorUser | undefined => this.users.find((u) => u.accessKeyId === id);
    let user: EmulatorUser;
    let timestamp: string | undefined;
    if (authorization.startsWith(`${ACS3_ALGORITHM} `)) {
      user = verifyAcs3(request, authorization, findUser);
      timestamp = headerValue(request.headers, "x-acs-date");
    } else if (authorization.startsWith(ROA_V1_PREFIX)) {
      user = verifyRoaV1(request, authorization, findUser);
      timestamp = headerValue(request.headers, "date");
    } else {
      throw gatewayError(
        "IncompleteSignature",
        `The request signature does not conform to Aliyun standards: unsupported Authorization scheme (supported: ${ACS3_ALGORITHM}, acs HMAC-SHA1).`,
      );
    }
    this.checkFreshness(timestamp, now);
    this.checkNonce(headerValue(request.headers, "x-acs-signature-nonce"), now);
    return user;
  }

  private checkFreshness(timestamp: string | undefined, now: number): void {
    const time = timestamp === undefined ? NaN : Date.parse(timestamp);
    if (Number.isNaN(time)) {
      throw gatewayError(
        "MissingTimestamp",
        "The signed request must carry a valid x-acs-date (or date) header.",
      );
    }
    if (Math.abs(now - time) > this.maxClockSkewMs) {
      throw gatewayError(
        "TimestampExpired",
        `Specified time stamp or date value is expired: ${timestamp} is more than ${Math.round(this.maxClockSkewMs / 60000)} minutes away from the server time ${new Date(now).toISOString()}.`,
      );
    }
  }

  private checkNonce(nonce: string | undefined, now: number): void {
    if (!nonce) {
      throw gatewayError(
        "MissingSignatureNonce",
        "The signed request must carry an x-acs-signature-nonce header.",
      );
    }
    for (const [seen, at] of this.seenNonces) {
      if (now - at > this.maxClockSkewMs) this.seenNonces.delete(seen);
    }
    if (this.seenNonces.has(nonce)) {
      throw gatewayError("SignatureNonceUsed", "Specified signature nonce was used already.");
    }
    this.seenNonces.set(nonce, now);
  }
}
