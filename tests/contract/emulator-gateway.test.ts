/**
 * Contract: what the POP gateway does before a request reaches the product — legacy ROA HMAC-SHA1
 * signatures, stale timestamps, replayed nonces, tampered bodies, both encodings of colon verbs,
 * unknown APIs, throttling per AccessKey, injected faults, and the admin API's availability.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { type RunningEmulator } from "../../emulator";
import { acs3CanonicalRequest, acs3Signature } from "../../emulator/auth/acs3";
import {
  admin,
  callApi,
  callApiExpectingError,
  createLockedDraft,
  makeClient,
  runTicket,
  sqlDraft,
  VALID_SQL,
  startEmulator,
} from "./emulator-support";

interface RawRequest {
  method: string;
  path: string;
  body?: string;
  date?: Date;
  nonce?: string;
  /** sign this body hash instead of the real one */
  signedBodyHash?: string;
}

/** An ACS3-signed request built by hand, for what the official client never sends (old dates, reused nonces). */
async function signedFetch(emulator: RunningEmulator, request: RawRequest): Promise<Response> {
  const body = request.body ?? "";
  const headers: Record<string, string> = {
    host: emulator.endpoint,
    "x-acs-action": "ListDeploymentDrafts",
    "x-acs-version": "2022-07-18",
    "x-acs-date": (request.date ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z"),
    "x-acs-signature-nonce": request.nonce ?? randomUUID(),
    "x-acs-content-sha256": request.signedBodyHash ?? createHash("sha256").update(body).digest("hex"),
  };
  if (body) headers["content-type"] = "application/json; charset=utf-8";
  const signed = Object.keys(headers).sort();
  const canonical = acs3CanonicalRequest(
    {
      method: request.method,
      rawPath: request.path,
      query: new URLSearchParams(),
      headers,
      body: Buffer.from(body),
    },
    signed,
    headers["x-acs-content-sha256"],
  );
  const authorization = `ACS3-HMAC-SHA256 Credential=${emulator.accessKeyId},SignedHeaders=${signed.join(";")},Signature=${acs3Signature(canonical, emulator.accessKeySecret)}`;
  return fetch(`http://${emulator.endpoint}${request.path}`, {
    method: request.method,
    headers: { ...headers, authorization, workspace: emulator.workspace },
    body: body || undefined,
  });
}

describe("emulator gateway", () => {
  let emulator: RunningEmulator;

  beforeEach(async () => {
    emulator = await startEmulator({ ticketMs: 20, jobStartMs: 10 });
  });
  afterEach(async () => {
    await emulator.close();
  });

  const listPath = () => `/api/v2/namespaces/${emulator.namespace}/deployment-drafts`;

  it("accepts the legacy ROA HMAC-SHA1 signature and rejects a wrong one", async () => {
    const v1 = makeClient(emulator, { signatureAlgorithm: "v2" });
    const draftId = await createLockedDraft(v1, emulator, sqlDraft("roa-v1", VALID_SQL));
    const read = await callApi(v1, emulator, {
      action: "GetDeploymentDraft",
      method: "GET",
      path: `/deployment-drafts/${draftId}`,
    });
    assert.equal((read.body.data as Record<string, unknown>).name, "roa-v1");
    assert.ok(emulator.requestLog().every((e) => e.status === 200));

    const wrong = makeClient(emulator, { signatureAlgorithm: "v2", accessKeySecret: "wrong" });
    const error = await callApiExpectingError(wrong, emulator, {
      action: "ListDeploymentDrafts",
      method: "GET",
      path: "/deployment-drafts",
    });
    assert.equal(error.code, "SignatureDoesNotMatch");
  });

  it("accepts a correct hand-signed request, and rejects stale dates, replayed nonces and tampered bodies", async () => {
    const fresh = await signedFetch(emulator, { method: "GET", path: listPath() });
    assert.equal(fresh.status, 200, await fresh.clone().text());

    const stale = await signedFetch(emulator, {
      method: "GET",
      path: listPath(),
      date: new Date(Date.now() - 16 * 60 * 1000),
    });
    assert.equal(stale.status, 400);
    assert.equal(((await stale.json()) as Record<string, unknown>).Code, "InvalidTimeStamp.Expired");

    const nonce = randomUUID();
    assert.equal((await signedFetch(emulator, { method: "GET", path: listPath(), nonce })).status, 200);
    const replay = await signedFetch(emulator, { method: "GET", path: listPath(), nonce });
    assert.equal(replay.status, 400);
    assert.equal(((await replay.json()) as Record<string, unknown>).Code, "SignatureNonceUsed");

    const tampered = await signedFetch(emulator, {
      method: "POST",
      path: listPath(),
      body: JSON.stringify({ name: "x" }),
      signedBodyHash: createHash("sha256").update("{}").digest("hex"),
    });
    assert.equal(tampered.status, 400);
    assert.equal(((await tampered.json()) as Record<string, unknown>).Code, "SignatureDoesNotMatch");
  });

  it("routes colon verbs in both encodings and answers unknown APIs with InvalidAction.NotFound", async () => {
    const client = makeClient(emulator);
    const draftId = await createLockedDraft(client, emulator, sqlDraft("colons", VALID_SQL));
    const deployed = await runTicket(client, emulator, "deploy", {
      deploymentDraftId: draftId,
      deploymentTarget: { mode: "PER_JOB", name: "default-queue" },
    });
    const started = await callApi(client, emulator, {
      action: "StartJobWithParams",
      method: "POST",
      path: "/jobs:start",
      body: { deploymentId: deployed.deploymentId },
    });
    const jobId = String((started.body.data as Record<string, unknown>).jobId);
    const stopped = await callApi(client, emulator, {
      action: "StopJob",
      method: "POST",
      path: `/jobs/${jobId}%3Astop`,
      body: { stopStrategy: "STOP_WITH_DRAIN" },
    });
    assert.equal(stopped.body.success, true);
    const log = emulator.requestLog();
    assert.ok(log.some((e) => e.path.endsWith(`/jobs/${jobId}%3Astop`) && e.action === "StopJob"));

    const unknown = await callApiExpectingError(client, emulator, {
      action: "Nope",
      method: "GET",
      path: "/no-such-thing",
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.code, "InvalidAction.NotFound");
  });

  it("answers a body over the limit in the gateway's shape", async () => {
    const response = await fetch(`http://${emulator.endpoint}${listPath()}`, {
      method: "POST",
      headers: { "content-type": "application/json", workspace: emulator.workspace },
      body: JSON.stringify({ blob: "x".repeat(9 * 1024 * 1024) }),
    });
    assert.equal(response.status, 413);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.Code, "InvalidParameter");
    assert.equal(typeof body.RequestId, "string");
  });

  it("throttles each AccessKey with Throttling.User and x-acs-retry-after", async () => {
    await admin(emulator, "POST", "throttle", { requestsPerSecond: 2 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    let code: unknown;
    for (let i = 0; i < 3; i += 1) {
      const response = await signedFetch(emulator, { method: "GET", path: listPath() });
      statuses.push(response.status);
      if (response.status !== 200) {
        retryAfter = response.headers.get("x-acs-retry-after");
        code = ((await response.json()) as Record<string, unknown>).Code;
      }
    }
    assert.deepEqual(statuses, [200, 200, 400]);
    assert.equal(code, "Throttling.User");
    assert.match(String(retryAfter), /^\d+$/);

    const client = makeClient(emulator);
    const error = await callApiExpectingError(client, emulator, {
      action: "ListDeploymentDrafts",
      method: "GET",
      path: "/deployment-drafts",
    });
    assert.equal(error.code, "Throttling.User");
    await admin(emulator, "POST", "throttle", { requestsPerSecond: null });
  });

  it("injects 503s, resets and latency per operation, reproducibly by seed", async () => {
    const client = makeClient(emulator);
    await admin(emulator, "POST", "faults", {
      seed: 7,
      rules: [{ operation: "ListDeploymentDrafts", kind: "http503", times: 1 }],
    });
    const list = { action: "ListDeploymentDrafts", method: "GET" as const, path: "/deployment-drafts" };
    const unavailable = await callApiExpectingError(client, emulator, list);
    assert.equal(unavailable.statusCode, 503);
    assert.equal(unavailable.code, "ServiceUnavailable");
    assert.equal((await callApi(client, emulator, list)).body.success, true, "times: 1 fires once");

    await admin(emulator, "POST", "faults", {
      rules: [{ operation: "ListDeploymentDrafts", kind: "reset", times: 1 }],
    });
    await assert.rejects(callApi(client, emulator, list));

    await admin(emulator, "POST", "faults", { rules: [{ kind: "latency", latencyMs: 150 }] });
    const started = Date.now();
    await callApi(client, emulator, list);
    assert.ok(Date.now() - started >= 140, "latency applies to every operation with operation '*'");

    const pattern = async (): Promise<number[]> => {
      await admin(emulator, "POST", "faults", { seed: 42, rules: [{ kind: "http500", probability: 0.5 }] });
      const out: number[] = [];
      for (let i = 0; i < 8; i += 1) {
        try {
          await callApi(client, emulator, list);
          out.push(200);
        } catch {
          out.push(500);
        }
      }
      return out;
    };
    const first = await pattern();
    assert.deepEqual(await pattern(), first, "the same seed gives the same sequence");
    assert.ok(
      first.includes(200) && first.includes(500),
      `a 0.5 probability mixes outcomes: ${first.join(",")}`,
    );
    await admin(emulator, "POST", "faults", { rules: [] });
  });

  it("rejects bad admin bodies and serves the admin API only when enabled", async () => {
    const bad = await admin(emulator, "POST", "fail-next-ticket", { kind: "explode" });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /kind/);

    const closed = await startEmulator({ admin: false });
    try {
      const response = await fetch(`http://${closed.endpoint}/__admin/state`);
      assert.equal(response.status, 404);
    } finally {
      await closed.close();
    }
  });

  it("resets the state through the admin API", async () => {
    const client = makeClient(emulator);
    await createLockedDraft(client, emulator, sqlDraft("to-reset", VALID_SQL));
    const before = await admin(emulator, "GET", "state");
    assert.equal(Object.keys((before.body as Record<string, Record<string, unknown>>).drafts).length, 1);
    await admin(emulator, "POST", "reset");
    assert.deepEqual(emulator.snapshot().drafts, {});
    assert.deepEqual(emulator.requestLog(), []);
  });
});
