/**
 * Unit: the emulator's ACS3 and ROA v1 verifiers agree with @alicloud/openapi-util's signers on
 * awkward inputs (reserved characters, unicode, encoded colons, several x-acs headers).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import querystring from "node:querystring";
import OpenApiUtil from "@alicloud/openapi-util";
import * as $tea from "@alicloud/tea-typescript";
import { verifyAcs3 } from "../../emulator/auth/acs3";
import { verifyRoaV1 } from "../../emulator/auth/roa-v1";
import type { EmulatorUser } from "../../emulator/config";
import { GatewayError } from "../../emulator/errors";

const USER: EmulatorUser = { accessKeyId: "AKID", accessKeySecret: "s3cret", userId: "1", userName: "u" };
const findUser = (id: string): EmulatorUser | undefined => (id === USER.accessKeyId ? USER : undefined);

/** The request object the official signers take. */
function teaRequest(
  method: string,
  pathname: string,
  query: Record<string, string>,
  headers: Record<string, string>,
): $tea.Request {
  const request = new $tea.Request();
  request.method = method;
  request.pathname = pathname;
  request.query = query;
  request.headers = headers;
  return request;
}

const CASES: Array<{ pathname: string; query: Record<string, string> }> = [
  { pathname: "/api/v2/namespaces/ns-1/jobs%3Astart", query: {} },
  { pathname: "/api/v2/namespaces/a%20b/deployment-drafts", query: { pageIndex: "1", pageSize: "10" } },
  {
    pathname: "/api/v2/namespaces/ns/deployments",
    query: { name: "a b!*'()ü~", labelKey: "k=v&x", z: "", A: "1" },
  },
];

describe("emulator signature verifiers vs @alicloud/openapi-util", () => {
  for (const [index, testCase] of CASES.entries()) {
    it(`ACS3-HMAC-SHA256 case ${index + 1}: ${testCase.pathname}`, () => {
      const body = Buffer.from(JSON.stringify({ deploymentId: "d-1", note: "ü" }));
      const headers: Record<string, string> = {
        host: "127.0.0.1:1234",
        "x-acs-version": "2022-07-18",
        "x-acs-action": "Anything",
        "x-acs-date": "2026-01-01T00:00:00Z",
        "x-acs-signature-nonce": "nonce-1",
        "x-acs-content-sha256": createHash("sha256").update(body).digest("hex"),
        "content-type": "application/json; charset=utf-8",
        accept: "application/json",
        workspace: "ws",
      };
      const authorization = OpenApiUtil.getAuthorization(
        teaRequest("POST", testCase.pathname, testCase.query, headers),
        "ACS3-HMAC-SHA256",
        headers["x-acs-content-sha256"],
        USER.accessKeyId,
        USER.accessKeySecret,
      );
      const wire = {
        method: "POST",
        rawPath: testCase.pathname,
        query: new URLSearchParams(querystring.stringify(testCase.query)),
        headers: { ...headers, authorization },
        body,
      };
      assert.equal(verifyAcs3(wire, authorization, findUser), USER);
      const tampered = { ...wire, headers: { ...wire.headers, "x-acs-action": "Other" } };
      assert.throws(
        () => verifyAcs3(tampered, authorization, findUser),
        (e: unknown) => e instanceof GatewayError && e.code === "SignatureDoesNotMatch",
      );
    });

    it(`ROA HMAC-SHA1 case ${index + 1}: ${testCase.pathname}`, () => {
      const headers: Record<string, string> = {
        date: "Thu, 01 Jan 2026 00:00:00 GMT",
        host: "127.0.0.1:1234",
        accept: "application/json",
        "x-acs-signature-nonce": "nonce-2",
        "x-acs-signature-method": "HMAC-SHA1",
        "x-acs-signature-version": "1.0",
        "x-acs-version": "2022-07-18",
        "content-type": "application/json; charset=utf-8",
      };
      const stringToSign = OpenApiUtil.getStringToSign(
        teaRequest("GET", testCase.pathname, testCase.query, headers),
      );
      const authorization = `acs ${USER.accessKeyId}:${OpenApiUtil.getROASignature(stringToSign, USER.accessKeySecret)}`;
      const wire = {
        method: "GET",
        rawPath: testCase.pathname,
        query: new URLSearchParams(querystring.stringify(testCase.query)),
        headers: { ...headers, authorization },
        body: Buffer.alloc(0),
      };
      assert.equal(verifyRoaV1(wire, authorization, findUser), USER);
      assert.throws(() => verifyRoaV1({ ...wire, method: "DELETE" }, authorization, findUser), GatewayError);
    });
  }

  it("names an unknown AccessKey without echoing any secret", () => {
    assert.throws(
      () =>
        verifyAcs3(
          { method: "GET", rawPath: "/", query: new URLSearchParams(), headers: {}, body: Buffer.alloc(0) },
          "ACS3-HMAC-SHA256 Credential=NOPE,SignedHeaders=host,Signature=00",
          findUser,
        ),
      (e: unknown) => e instanceof GatewayError && e.code === "InvalidAccessKeyId.NotFound",
    );
  });
});
