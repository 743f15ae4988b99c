/**
 * What the client does with bodies the emulator never sends: a 2xx with
 * success:false, a body that is not the envelope, a model with the wrong JSON
 * types, an unreachable host. A bare HTTP server plays the service.
 */
import { strict as assert } from "node:assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { deployOutcome, FlinkApiError } from "../../provider/client";
import { FlinkClient } from "../../provider/client/flink-client";

const scope = { workspace: "ws-1", namespace: "ns (test)!" };

async function rejection(promise: Promise<unknown>): Promise<FlinkApiError> {
  const err = await promise.then(
    () => assert.fail("expected the call to fail"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof FlinkApiError, `expected a FlinkApiError, got ${String(err)}`);
  return err;
}

describe("client contract: envelope and model checks", () => {
  let server: http.Server;
  let reply: { status: number; body: unknown } = { status: 200, body: {} };
  const seen: { method?: string; url?: string; workspace?: string | string[] }[] = [];
  let client: FlinkClient;

  before(async () => {
    server = http.createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, workspace: req.headers.workspace });
      req.resume();
      req.on("end", () => {
        res.writeHead(reply.status, { "content-type": "application/json" });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    client = new FlinkClient({
      endpoint: `127.0.0.1:${port}`,
      protocol: "http",
      credentials: { kind: "access-key", accessKeyId: "id", accessKeySecret: "secret" },
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("sends the workspace header and an encoded namespace path", async () => {
    reply = { status: 200, body: { success: true, requestId: "r1", data: { deploymentDraftId: "d/1" } } };
    seen.length = 0;
    await client.getDeploymentDraft(scope, "d/1");
    assert.equal(seen[0].method, "GET");
    assert.equal(seen[0].url, "/api/v2/namespaces/ns%20%28test%29%21/deployment-drafts/d%2F1");
    assert.equal(seen[0].workspace, "ws-1");
  });

  it("treats a 2xx with success:false as an error, with the envelope's code and message", async () => {
    reply = {
      status: 200,
      body: { success: false, httpCode: 400, errorCode: "SomeCode", errorMessage: "boom", requestId: "r2" },
    };
    const err = await rejection(client.getDeploymentDraft(scope, "d1"));
    assert.equal(err.serviceMessage, "boom");
    assert.equal(err.errorCode, "SomeCode");
    assert.equal(err.httpStatus, 400);
    assert.equal(err.requestId, "r2");
  });

  it("reads errorCode/errorMessage of a 4xx envelope (openapi-client only reads Code/Message)", async () => {
    reply = {
      status: 404,
      body: {
        success: false,
        httpCode: 404,
        errorCode: "990301",
        errorMessage: "not there",
        requestId: "r3",
      },
    };
    const err = await rejection(client.getDeploymentDraft(scope, "d1"));
    assert.ok(err.isNotFound);
    assert.equal(err.serviceMessage, "not there");
  });

  it("refuses a body that is not the envelope", async () => {
    reply = { status: 200, body: { hello: "world" } };
    const err = await rejection(client.getDeploymentDraft(scope, "d1"));
    assert.match(err.message, /not the documented envelope/);
  });

  it("refuses a model with the wrong JSON types (draft createdAt must be a number)", async () => {
    reply = {
      status: 200,
      body: { success: true, data: { deploymentDraftId: "d1", createdAt: "yesterday" } },
    };
    const err = await rejection(client.getDeploymentDraft(scope, "d1"));
    assert.match(err.message, /does not match the documented model/);
    assert.match(err.message, /createdAt/);
  });

  it("coerces like the SDK's tea cast: digit strings to numbers, numbers to strings, null as absent", async () => {
    reply = {
      status: 200,
      body: {
        success: "true",
        data: { deploymentDraftId: 42, createdAt: "1714058507", modifiedAt: "1714058507.5", parentId: null },
      },
    };
    const draft = await client.getDeploymentDraft(scope, "d1");
    assert.equal(draft.deploymentDraftId, "42");
    assert.equal(draft.createdAt, 1714058507);
    assert.equal(draft.modifiedAt, 1714058507.5);
    assert.equal(draft.parentId, undefined);
    reply = {
      status: 200,
      body: { success: true, data: { jobId: "j", status: { running: { observedFlinkJobRestarts: "3" } } } },
    };
    const job = await client.getJob(scope, "j");
    assert.equal(job.status?.running?.observedFlinkJobRestarts, 3);
  });

  it("still rejects what tea cast rejects: an object for a string, text for a number", async () => {
    reply = { status: 200, body: { success: true, data: { deploymentDraftId: { id: "d1" } } } };
    const objectForString = await rejection(client.getDeploymentDraft(scope, "d1"));
    assert.match(objectForString.message, /deploymentDraftId/);
    reply = { status: 200, body: { success: true, data: { jobId: "j", startTime: "12:00" } } };
    const textForNumber = await rejection(client.getJob(scope, "j"));
    assert.match(textForNumber.message, /startTime/);
  });

  it("reads not-found the way Terraform does: 990301 anywhere in the body, or the product's 404", async () => {
    reply = {
      status: 200,
      body: { success: false, httpCode: 404, errorCode: "SomethingElse", errorMessage: "gone" },
    };
    assert.ok((await rejection(client.getDeploymentDraft(scope, "d1"))).isNotFound, "200 + httpCode 404");
    reply = {
      status: 400,
      body: { success: false, errorCode: "X", errorMessage: "resource 990301 missing" },
    };
    assert.ok((await rejection(client.getDeploymentDraft(scope, "d1"))).isNotFound, "990301 in the body");
    reply = { status: 404, body: { RequestId: "r", Code: "InvalidAccessKeyId.NotFound", Message: "no key" } };
    assert.ok(!(await rejection(client.getDeploymentDraft(scope, "d1"))).isNotFound, "the gateway's 404");
    reply = {
      status: 400,
      body: { success: false, requestId: "AB990301CD", errorCode: "X", errorMessage: "m" },
    };
    assert.ok(!(await rejection(client.getDeploymentDraft(scope, "d1"))).isNotFound, "not from a request ID");
  });

  it("reads the documented deploy result with a failed validation as a failure", () => {
    const documented = {
      ticketStatus: "FINISHED",
      success: true,
      message: "Validation error: SQL validate failed",
      artifactValidationDetail: {
        validationResult: "there have some errors",
        errorDetails: {
          lineNumber: "3",
          columnNumber: "10",
          endLineNumber: "4",
          endColumnNumber: "5",
          message: "x",
        },
      },
    };
    assert.equal(deployOutcome(documented).state, "failed");
    assert.equal(
      deployOutcome({ ticketStatus: "FINISHED", success: true }).state,
      "failed",
      "no deploymentId",
    );
    assert.equal(deployOutcome({ ticketStatus: "EXECUTING" }).state, "pending");
    assert.deepEqual(deployOutcome({ ticketStatus: "FINISHED", success: true, deploymentId: "dep" }), {
      state: "succeeded",
      deploymentId: "dep",
      message: "",
    });
  });

  it("keeps unknown model fields (passthrough)", async () => {
    reply = { status: 200, body: { success: true, data: { deploymentDraftId: "d1", brandNew: 7 } } };
    const draft = await client.getDeploymentDraft(scope, "d1");
    assert.equal(draft.brandNew, 7);
  });

  it("classifies a refused connection as not sent, so even a create may be retried", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const attempts: string[] = [];
    const unreachable = new FlinkClient({
      endpoint: `127.0.0.1:${port}`,
      protocol: "http",
      credentials: { kind: "access-key", accessKeyId: "id", accessKeySecret: "secret" },
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      onRetry: (e) => attempts.push(e.networkCode ?? "?"),
    });
    const err = await rejection(unreachable.createDeploymentDraft(scope, { name: "x" }));
    assert.equal(err.networkCode, "ECONNREFUSED");
    assert.ok(err.notSent && err.retryable);
    assert.deepEqual(attempts, ["ECONNREFUSED", "ECONNREFUSED"]);
  });
});
