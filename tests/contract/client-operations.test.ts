import { strict as assert } from "node:assert";
import { type RunningEmulator } from "../../emulator";
import { startEmulator, providerClientFor } from "./emulator-support";
import { FlinkApiError, type Scope } from "../../provider/client";
import { FlinkClient } from "../../provider/client/flink-client";

const SQL = [
  "CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'datagen');",
  "CREATE TEMPORARY TABLE snk (id BIGINT) WITH ('connector' = 'blackhole');",
  "INSERT INTO snk SELECT id FROM src;",
].join("\n");

const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 };

async function waitForTicket<T extends { ticketStatus?: string }>(fetch: () => Promise<T>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const result = await fetch();
    if (result.ticketStatus === "FINISHED" || result.ticketStatus === "FAILED") return result;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("ticket did not finish");
}

async function rejection(promise: Promise<unknown>): Promise<FlinkApiError> {
  const err = await promise.then(
    () => assert.fail("expected the call to fail"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof FlinkApiError, `expected a FlinkApiError, got ${String(err)}`);
  return err;
}

describe("client contract: every operation against the emulator", () => {
  let emulator: RunningEmulator;
  let client: FlinkClient;
  let scope: Scope;
  const retries: string[] = [];

  before(async () => {
    emulator = await startEmulator({ port: 0, ticketMs: 20 });
    client = providerClientFor(emulator, {
      userAgent: "pulumi-alicloud-flink/test",
      retry: FAST_RETRY,
      onRetry: (err) => retries.push(err.operation),
    });
    scope = { workspace: emulator.workspace, namespace: emulator.namespace };
  });
  after(async () => {
    await emulator.close();
  });

  async function admin(path: string, body: unknown): Promise<void> {
    const response = await fetch(`http://${emulator.endpoint}/__admin/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.ok(response.ok, `admin ${path}: ${response.status} ${await response.text()}`);
  }

  it("runs the draft lifecycle: create, get, find, update, lock, validate, deploy, delete", async () => {
    const name = `contract-${Date.now().toString(36)}`;
    const created = await client.createDeploymentDraft(scope, {
      name,
      engineVersion: "vvr-8.0.11-flink-1.17",
      executionMode: "STREAMING",
      artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: SQL } },
      labels: { team: "data" },
      localVariables: [{ name: "topic", value: "orders" }],
    });
    const draftId = created.deploymentDraftId ?? assert.fail("no draft id");
    assert.equal(typeof created.createdAt, "number", "DeploymentDraft.createdAt is a number");

    const fetched = await client.getDeploymentDraft(scope, draftId);
    assert.equal(fetched.name, name);
    assert.equal(fetched.artifact?.sqlArtifact?.sqlScript, SQL);

    const found = await client.findDeploymentDraftByName(scope, name);
    assert.equal(found?.deploymentDraftId, draftId);
    assert.equal(await client.findDeploymentDraftByName(scope, `${name}-absent`), undefined);

    const lock = await client.acquireDeploymentDraftLock(scope, draftId);
    assert.ok(lock.holderId && lock.holderName, "the lock names its holder");

    const updated = await client.updateDeploymentDraft(scope, draftId, {
      engineVersion: "vvr-8.0.10-flink-1.17",
    });
    assert.equal(updated.engineVersion, "vvr-8.0.10-flink-1.17");

    const validateTicket = await client.validateDeploymentDraftAsync(scope, { deploymentDraftId: draftId });
    const validation = await waitForTicket(() =>
      client.getValidateDeploymentDraftResult(scope, validateTicket),
    );
    assert.equal(validation.success, true, JSON.stringify(validation));

    const deployTicket = await client.deployDeploymentDraftAsync(scope, {
      deploymentDraftId: draftId,
      deploymentTarget: { name: "default-queue", mode: "PER_JOB" },
    });
    const deployed = await waitForTicket(() => client.getDeployDeploymentDraftResult(scope, deployTicket));
    assert.equal(deployed.success, true, JSON.stringify(deployed));
    const deploymentId = deployed.deploymentId ?? assert.fail("no deployment id");

    const deployment = await client.getDeployment(scope, deploymentId);
    assert.equal(deployment.deploymentId, deploymentId);
    assert.equal(typeof deployment.createdAt, "string", "Deployment.createdAt is a string");

    await client.deleteDeployment(scope, deploymentId);
    assert.ok((await rejection(client.getDeployment(scope, deploymentId))).isNotFound);
    await client.deleteDeploymentDraft(scope, draftId);
    const gone = await rejection(client.getDeploymentDraft(scope, draftId));
    assert.ok(gone.isNotFound);
  });

  it("starts, lists, reads and stops jobs, lists savepoints, and validates SQL without a draft", async () => {
    const draft = await client.createDeploymentDraft(scope, {
      name: `jobs-${Date.now().toString(36)}`,
      engineVersion: "vvr-8.0.11-flink-1.17",
      artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: SQL } },
    });
    const draftId = draft.deploymentDraftId ?? assert.fail("no draft id");
    await client.acquireDeploymentDraftLock(scope, draftId);
    const ticket = await client.deployDeploymentDraftAsync(scope, {
      deploymentDraftId: draftId,
      deploymentTarget: { name: "default-queue", mode: "PER_JOB" },
    });
    const deployed = await waitForTicket(() => client.getDeployDeploymentDraftResult(scope, ticket));
    const deploymentId = deployed.deploymentId ?? assert.fail("no deployment id");
    assert.deepEqual(await client.listJobs(scope, deploymentId), []);

    const started = await client.startJob(scope, { deploymentId, restoreStrategy: { kind: "NONE" } });
    assert.equal(started.status?.currentJobStatus, "STARTING");
    const [job] = await client.listJobs(scope, deploymentId);
    const jobId = job?.jobId ?? assert.fail("no job listed");
    assert.equal(jobId, started.jobId);
    const statusOf = async (): Promise<string | undefined> =>
      (await client.getJob(scope, jobId)).status?.currentJobStatus;
    while ((await statusOf()) === "STARTING") await new Promise((r) => setTimeout(r, 20));
    const running = await client.getJob(scope, jobId);
    assert.equal(running.deploymentId, deploymentId);
    assert.equal(running.status?.running?.observedFlinkJobRestarts, 0);
    const stopping = await client.stopJob(scope, jobId, "STOP_WITH_SAVEPOINT");
    assert.equal(stopping.status?.currentJobStatus, "CANCELLING");
    while ((await statusOf()) === "CANCELLING") await new Promise((r) => setTimeout(r, 20));

    const [savepoint] = await client.listSavepoints(scope, { deploymentId, jobId });
    assert.equal(savepoint?.status?.state, "COMPLETED");
    assert.equal(savepoint?.savepointOrigin, "STOP_WITH_SAVEPOINT");
    assert.equal(typeof savepoint?.createdAt, "number");
    const restored = await client.startJob(scope, {
      deploymentId,
      resourceQueueName: "default-queue",
      restoreStrategy: { kind: "FROM_SAVEPOINT", savepointId: savepoint?.savepointId },
    });
    assert.equal(restored.restoreStrategy?.savepointId, savepoint?.savepointId);
    await client.stopJob(scope, restored.jobId ?? "", "NONE");

    const valid = await client.validateSqlStatement(scope, {
      statement: SQL,
      batchMode: false,
      versionName: "vvr-8.0.11-flink-1.17",
    });
    assert.equal(valid.success, true, JSON.stringify(valid));
    const invalid = await client.validateSqlStatement(scope, {
      statement: "INSERT INTO snk SELEC id FROM src;",
      batchMode: false,
      versionName: "vvr-8.0.11-flink-1.17",
    });
    assert.equal(invalid.success, false);
    assert.equal(typeof invalid.errorDetails?.lineNumber, "string", "line numbers are strings");
  });

  it("reads the catalogues: engine versions (outside any namespace) and the namespace's deployment targets", async () => {
    const from = emulator.requestLog().length;
    const catalogue = await client.listEngineVersionMetadata(scope);
    assert.ok(catalogue.defaultEngineVersion);
    const statuses = new Map(catalogue.engineVersionMetadata?.map((v) => [v.engineVersion, v.status]));
    assert.equal(statuses.get("vvr-4.0.18-flink-1.13"), "EXPIRED");
    const targets = await client.listDeploymentTargets(scope);
    assert.ok(targets.some((t) => t.name === "default-queue"));
    const paths = emulator
      .requestLog()
      .slice(from)
      .map((r) => `${r.method} ${r.path.split("?")[0]}`);
    assert.deepEqual(paths, [
      "GET /api/v2/engine-version-meta.json",
      `GET /api/v2/namespaces/${emulator.namespace}/deployment-targets`,
    ]);
    const wrongNamespace = await rejection(client.listDeploymentTargets({ ...scope, namespace: "nope" }));
    assert.equal(wrongNamespace.errorCode, "InvalidNamespace");
    assert.ok(!wrongNamespace.retryable);
  });

  it("maps 990301 to isNotFound with operation, HTTP status and request ID", async () => {
    const err = await rejection(client.getDeploymentDraft(scope, "00000000-0000-0000-0000-000000000000"));
    assert.equal(err.operation, "GetDeploymentDraft");
    assert.equal(err.errorCode, "990301");
    assert.equal(err.httpStatus, 404);
    assert.ok(err.requestId, "request ID carried");
    assert.ok(err.isNotFound);
    assert.ok(!err.retryable);
    assert.match(err.message, /^GetDeploymentDraft failed: .+\(HTTP 404, errorCode 990301, requestId .+\)$/);
  });

  it("reads every page of ListDeploymentDrafts", async () => {
    const prefix = `page-${Date.now().toString(36)}`;
    for (let i = 0; i < 103; i++) {
      await client.createDeploymentDraft(scope, {
        name: `${prefix}-${i}`,
        engineVersion: "vvr-8.0.11-flink-1.17",
        artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: SQL } },
      });
    }
    const all = await client.listDeploymentDrafts(scope);
    assert.equal(all.filter((d) => d.name?.startsWith(prefix)).length, 103);
    assert.ok(await client.findDeploymentDraftByName(scope, `${prefix}-102`), "found on the second page");
  });

  it("retries reads through transient 5xx", async () => {
    const draft = await client.createDeploymentDraft(scope, {
      name: `retry-${Date.now().toString(36)}`,
      engineVersion: "vvr-8.0.11-flink-1.17",
      artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: SQL } },
    });
    retries.length = 0;
    await admin("faults", { rules: [{ operation: "GetDeploymentDraft", kind: "http503", times: 2 }] });
    const fetched = await client.getDeploymentDraft(scope, draft.deploymentDraftId ?? "");
    assert.equal(fetched.deploymentDraftId, draft.deploymentDraftId);
    assert.deepEqual(retries, ["GetDeploymentDraft", "GetDeploymentDraft"]);
  });

  it("does not resend a create after a 5xx (it may have landed)", async () => {
    retries.length = 0;
    await admin("faults", { rules: [{ operation: "CreateDeploymentDraft", kind: "http500", times: 1 }] });
    const err = await rejection(
      client.createDeploymentDraft(scope, {
        name: `no-retry-${Date.now().toString(36)}`,
        engineVersion: "vvr-8.0.11-flink-1.17",
        artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: SQL } },
      }),
    );
    assert.equal(err.httpStatus, 500);
    assert.ok(err.retryable, "a 5xx is transient");
    assert.deepEqual(retries, [], "but CreateDeploymentDraft is not resent");
    await admin("faults", { rules: [] });
  });

  it("retries any operation, creates included, when throttled", async () => {
    retries.length = 0;
    await admin("throttle", { requestsPerSecond: 2 });
    try {
      const name = `throttled-${Date.now().toString(36)}`;
      const slowRetry = providerClientFor(emulator, {
        retry: { maxAttempts: 6, baseDelayMs: 300, maxDelayMs: 1_000 },
        onRetry: (err, _attempt, delayMs) => {
          assert.ok(err.isThrottling, err.message);
          // The emulator's x-acs-retry-after (ms) reaches the error and sets the pause.
          assert.equal(typeof err.retryAfterMs, "number", "x-acs-retry-after is read");
          assert.equal(delayMs, err.retryAfterMs, "and honoured");
          retries.push(err.operation);
        },
      });
      for (let i = 0; i < 4; i++) {
        await slowRetry.createDeploymentDraft(scope, {
          name: `${name}-${i}`,
          engineVersion: "vvr-8.0.11-flink-1.17",
          artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: SQL } },
        });
      }
      assert.ok(retries.length > 0, "some requests were throttled and retried");
    } finally {
      await admin("throttle", { requestsPerSecond: null });
    }
  });

  it("reports a bad signature as a non-retryable gateway error", async () => {
    const wrong = new FlinkClient({
      endpoint: emulator.endpoint,
      protocol: "http",
      credentials: {
        kind: "access-key",
        accessKeyId: emulator.accessKeyId,
        accessKeySecret: "not-the-secret",
      },
      retry: FAST_RETRY,
    });
    const err = await rejection(wrong.listDeploymentDrafts(scope));
    assert.ok(err.httpStatus !== undefined && err.httpStatus >= 400 && err.httpStatus < 500);
    assert.ok(err.errorCode, "the gateway code is carried");
    assert.ok(!err.retryable);
    assert.ok(!err.message.includes("not-the-secret"), "the secret never appears in messages");
  });
});
