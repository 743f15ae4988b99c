/**
 * The legacy ROA signature (HMAC-SHA1, `Authorization: acs <AccessKeyId>:<base64 signature>`), used by
 * @alicloud/openapi-client with signatureAlgorithm "v2" and by Terraform's tea-roa client.
 *
 * StringToSign, as built by @alicloud/openapi-util getStringToSign:
 *   METHOD \n accept \n content-md5 \n content-type \n date \n
 *   + `name:value\n` for every x-acs-* header (sorted)
 *   + the path as sent, then `?k=v&…` with the decoded query values, keys sorted.
 */
import { createHmac } from "node:crypto";
import type { EmulatorUser } from "../config";
import { gatewayError } from "../errors";
import { sameText } from "./acs3";
import { headerValue, sortedQueryKeys, type SignedRequest } from "./request";

export const ROA_V1_PREFIX = "acs ";

export function roaV1StringToSign(request: SignedRequest): string {
  const header = (name: string): string => headerValue(request.headers, name) ?? "";
  const acsHeaders = Object.keys(request.headers)
    .filter((name) => name.startsWith("x-acs-"))
    .sort()
    .map(
      (name) =>
        `${name}:${header(name)
          .replace(/[\t\n\r\f]/g, " ")
          .trim()}\n`,
    )
    .join("");
  const keys = sortedQueryKeys(request.query);
  const resource =
    keys.length === 0
      ? request.rawPath
      : `${request.rawPath}?${keys.map((key) => `${key}=${request.query.get(key) ?? ""}`).join("&")}`;
  const head = [
    request.method,
    header("accept"),
    header("content-md5"),
    header("content-type"),
    header("date"),
  ];
  return `${head.join("\n")}\n${acsHeaders}${resource}`;
}

export function roaV1Signature(stringToSign: string, secret: string): string {
  return createHmac("sha1", secret).update(Buffer.from(stringToSign, "utf8")).digest("base64");
}

export function verifyRoaV1(
  request: SignedRequest,
  authorization: string,
  findUser: (accessKeyId: string) => EmulatorUser | undefined,
): EmulatorUser {
  const credential = authorization.slice(ROA_V1_PREFIX.length).trim();
  const colon = credential.lastIndexOf(":");
  if (colon <= 0) {
    throw gatewayError(
      "IncompleteSignature",
      "The request signature does not conform to Aliyun standards: expected `acs <AccessKeyId>:<signature>`.",
    );
  }
  const user = findUser(credential.slice(0, colon));
  if (!user) throw gatewayError("InvalidAccessKeyIdNotFound", "Specified access key is not found.");
  const expected = roaV1Signature(roaV1StringToSign(request), user.accessKeySecret);
  if (!sameText(expected, credential.slice(colon + 1))) {
    throw gatewayError(
      "SignatureDoesNotMatch",
      "Specified signature does not match our calculation. Check the AccessKey secret and the string to sign.",
    );
  }
  return user;
}
