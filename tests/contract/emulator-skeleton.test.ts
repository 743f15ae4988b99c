/**
 * Contract: the unchanged @alicloud/openapi-client drives the emulator through the draft lifecycle
 * (create → lock → validate → deploy → deployment → delete), and the gateway/business errors have the
 * shapes the client and the SDK models expect.
 */
import assert from "node:assert/strict";
import { type RunningEmulator } from "../../emulator";
import {
  callApi,
  callApiExpectingError,
  makeClient,
  waitForTicket,
  type Call,
  startEmulator,
} from "./emulator-support";

const ENGINE = "vvr-8.0.11-flink-1.17";
const SQL = [
  "CREATE TEMPORARY TABLE src (id INT) WITH ('connector' = 'datagen');",
  "CREATE TEMPORARY TABLE snk (id INT) WITH ('connector' = 'blackhole');",
  "INSERT INTO snk SELECT id FROM src;",
].join("\n");

function createDraftCall(name: string, sql = SQL): Call {
  return {
    action: "CreateDeploymentDraft",
    method: "POST",
    path: "/deployment-drafts",
    body: {
      name,
      engineVersion: ENGINE,
      executionMode: "STREAMING",
      artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: sql } },
    },
  };
}

describe("emulator skeleton (real @alicloud/openapi-client)", () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 40 });
  });
  after(async () => {
    await emulator.close();
  });

  it("runs the whole draft lifecycle with correctly typed payloads", async () => {
    const client = makeClient(emulator);
    const created = await callApi(client, emulator, createDraftCall("orders-etl"));
    assert.equal(created.statusCode, 200);
    assert.equal(created.body.success, true);
    assert.equal(created.body.httpCode, 200);
    const draft = created.body.data as Record<string, unknown>;
    const draftId = String(draft.deploymentDraftId);
    assert.equal(typeof draft.createdAt, "number", "DeploymentDraft.createdAt is a number in the SDK");
    assert.equal(typeof draft.modifiedAt, "number");
    assert.equal(draft.name, "orders-etl");
    assert.equal(draft.workspace, emulator.workspace);
    assert.equal(draft.lock, undefined, "a new draft is not locked");

    const lock = await callApi(client, emulator, {
      action: "GetDeploymentDraftLock",
      method: "POST",
      path: "/deployment-drafts/getLock",
      query: { deploymentDraftId: draftId },
    });
    const lockData = lock.body.data as Record<string, unknown>;
    assert.equal(lockData.holderName, "emulator-user");
    assert.match(String(lockData.id), /^stt-/);

    const validateTicket = await callApi(client, emulator, {
      action: "ValidateDeploymentDraftAsync",
      method: "POST",
      path: "/deployment-drafts/async-validate",
      body: { deploymentDraftId: draftId, deploymentTargetName: "default-queue" },
    });
    const validateId = String((validateTicket.body.data as Record<string, unknown>).ticketId);
    const validateStates: string[] = [];
    const validated = await waitForTicket(client, emulator, "validate", validateId, validateStates);
    assert.equal(validated.ticketStatus, "FINISHED");
    assert.equal(validated.success, true);
    assert.ok(validateStates.includes("FINISHED"));
    assert.ok(
      validateStates[0] === "INIT" || validateStates[0] === "EXECUTING",
      `first state ${validateStates[0]}`,
    );

    const deployTicket = await callApi(client, emulator, {
      action: "DeployDeploymentDraftAsync",
      method: "POST",
      path: "/deployment-drafts/async-deploy",
      body: {
        deploymentDraftId: draftId,
        deploymentTarget: { mode: "PER_JOB", name: "default-queue" },
        skipValidate: false,
      },
    });
    const deployId = String((deployTicket.body.data as Record<string, unknown>).ticketId);
    const deployed = await waitForTicket(client, emulator, "deploy", deployId);
    assert.equal(deployed.ticketStatus, "FINISHED");
    assert.equal(deployed.success, true);
    const deploymentId = String(deployed.deploymentId);

    const afterDeploy = await callApi(client, emulator, {
      action: "GetDeploymentDraft",
      method: "GET",
      path: `/deployment-drafts/${draftId}`,
    });
    const draftAfter = afterDeploy.body.data as Record<string, unknown>;
    assert.equal(draftAfter.referencedDeploymentId, deploymentId);
    assert.equal((draftAfter.lock as Record<string, unknown>).holderName, "emulator-user");

    const deployment = await callApi(client, emulator, {
      action: "GetDeployment",
      method: "GET",
      path: `/deployments/${deploymentId}`,
    });
    const deploymentData = deployment.body.data as Record<string, unknown>;
    assert.equal(deploymentData.name, "orders-etl");
    assert.equal(deploymentData.referencedDeploymentDraftId, draftId);
    assert.equal(typeof deploymentData.createdAt, "string", "Deployment.createdAt is a string in the SDK");
    assert.equal(typeof deploymentData.modifiedAt, "string");
    assert.deepEqual(deploymentData.deploymentTarget, { mode: "PER_JOB", name: "default-queue" });
    assert.equal(
      ((deploymentData.artifact as Record<string, unknown>).sqlArtifact as Record<string, unknown>).sqlScript,
      SQL,
    );

    // A second deploy updates the same deployment.
    await callApi(client, emulator, {
      action: "UpdateDeploymentDraft",
      method: "PATCH",
      path: `/deployment-drafts/${draftId}`,
      body: { artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: `${SQL}\n-- v2` } } },
    });
    const redeploy = await callApi(client, emulator, {
      action: "DeployDeploymentDraftAsync",
      method: "POST",
      path: "/deployment-drafts/async-deploy",
      body: { deploymentDraftId: draftId, deploymentTarget: { mode: "PER_JOB", name: "default-queue" } },
    });
    const redeployed = await waitForTicket(
      client,
      emulator,
      "deploy",
      String((redeploy.body.data as Record<string, unknown>).ticketId),
    );
    assert.equal(redeployed.deploymentId, deploymentId);
    assert.equal(Object.keys(emulator.snapshot().deployments).length, 1);

    const blocked = await callApiExpectingError(client, emulator, {
      action: "DeleteDeploymentDraft",
      method: "DELETE",
      path: `/deployment-drafts/${draftId}`,
    });
    assert.equal(blocked.statusCode, 400);
    assert.match(String(blocked.data.errorMessage), /delete the deployment first/);

    const deletedDeployment = await callApi(client, emulator, {
      action: "DeleteDeployment",
      method: "DELETE",
      path: `/deployments/${deploymentId}`,
    });
    assert.equal(deletedDeployment.body.success, true);
    assert.equal(deletedDeployment.body.data, undefined);

    const deletedDraft = await callApi(client, emulator, {
      action: "DeleteDeploymentDraft",
      method: "DELETE",
      path: `/deployment-drafts/${draftId}`,
    });
    assert.equal(deletedDraft.body.success, true);

    const gone = await callApiExpectingError(client, emulator, {
      action: "GetDeploymentDraft",
      method: "GET",
      path: `/deployment-drafts/${draftId}`,
    });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.data.errorCode, "990301");
    assert.equal(gone.code, "990301");
  });

  it("merges PATCH bodies and moves modifiedAt/modifier", async () => {
    const client = makeClient(emulator);
    const created = await callApi(client, emulator, {
      ...createDraftCall("patch-merge"),
      body: { ...createDraftCall("patch-merge").body, labels: { team: "data" } },
    });
    const draftId = String((created.body.data as Record<string, unknown>).deploymentDraftId);
    await callApi(client, emulator, {
      action: "GetDeploymentDraftLock",
      method: "POST",
      path: "/deployment-drafts/getLock",
      query: { deploymentDraftId: draftId },
    });
    const patched = await callApi(client, emulator, {
      action: "UpdateDeploymentDraft",
      method: "PATCH",
      path: `/deployment-drafts/${draftId}`,
      body: { engineVersion: "vvr-8.0.10-flink-1.17" },
    });
    const data = patched.body.data as Record<string, unknown>;
    assert.equal(data.engineVersion, "vvr-8.0.10-flink-1.17");
    assert.deepEqual(data.labels, { team: "data" }, "fields absent from the PATCH body are kept");
    assert.equal(
      ((data.artifact as Record<string, unknown>).sqlArtifact as Record<string, unknown>).sqlScript,
      SQL,
    );
    assert.equal(data.modifierName, "emulator-user");
  });

  it("lists drafts with paging fields", async () => {
    const client = makeClient(emulator);
    const listed = await callApi(client, emulator, {
      action: "ListDeploymentDrafts",
      method: "GET",
      path: "/deployment-drafts",
      query: { pageIndex: "1", pageSize: "1" },
    });
    assert.ok(Array.isArray(listed.body.data));
    assert.equal((listed.body.data as unknown[]).length, 1);
    assert.equal(listed.body.pageIndex, 1);
    assert.equal(listed.body.pageSize, 1);
    assert.equal(typeof listed.body.totalSize, "number");
    assert.ok(Number(listed.body.totalSize) >= 1);
  });

  it("rejects a duplicate draft name in the namespace", async () => {
    const client = makeClient(emulator);
    await callApi(client, emulator, createDraftCall("unique-name"));
    const error = await callApiExpectingError(client, emulator, createDraftCall("unique-name"));
    assert.equal(error.statusCode, 409);
    assert.equal(error.data.success, false);
    assert.match(String(error.data.errorMessage), /already exists/);
  });

  it("answers 990301 for an unknown draft, deployment and ticket", async () => {
    const client = makeClient(emulator);
    for (const path of [
      "/deployment-drafts/00000000-0000-0000-0000-000000000000",
      "/deployments/00000000-0000-0000-0000-000000000000",
      "/deployment-drafts/tickets/nope/async-deploy",
    ]) {
      const error = await callApiExpectingError(client, emulator, { action: "Get", method: "GET", path });
      assert.equal(error.statusCode, 404, path);
      assert.equal(error.data.errorCode, "990301", path);
      assert.equal(error.data.httpCode, 404, path);
    }
  });

  it("rejects a wrong AccessKey secret with SignatureDoesNotMatch", async () => {
    const client = makeClient(emulator, { accessKeySecret: "not-the-secret" });
    const error = await callApiExpectingError(client, emulator, {
      action: "ListDeploymentDrafts",
      method: "GET",
      path: "/deployment-drafts",
    });
    assert.equal(error.statusCode, 400);
    assert.equal(error.code, "SignatureDoesNotMatch");
    assert.equal(typeof error.data.RequestId, "string");
    assert.ok(!JSON.stringify(error.data).includes("not-the-secret"), "the secret never appears in errors");
  });

  it("rejects an unknown AccessKey with InvalidAccessKeyId.NotFound", async () => {
    const client = makeClient(emulator, { accessKeyId: "LTAI5tUnknown" });
    const error = await callApiExpectingError(client, emulator, {
      action: "ListDeploymentDrafts",
      method: "GET",
      path: "/deployment-drafts",
    });
    assert.equal(error.code, "InvalidAccessKeyId.NotFound");
    assert.equal(error.statusCode, 404);
  });

  it("rejects an unsigned request with IncompleteSignature", async () => {
    const response = await fetch(
      `http://${emulator.endpoint}/api/v2/namespaces/default-namespace/deployment-drafts`,
      {
        headers: { workspace: emulator.workspace },
      },
    );
    assert.equal(response.status, 400);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.Code, "IncompleteSignature");
  });

  it("requires the workspace header and a known workspace and namespace", async () => {
    const client = makeClient(emulator);
    const missing = await callApiExpectingError(client, emulator, {
      action: "ListDeploymentDrafts",
      method: "GET",
      path: "/deployment-drafts",
      workspace: null,
    });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.code, "MissingWorkspace");

    const unknownWorkspace = await callApiExpectingError(client, emulator, {
      action: "ListDeploymentDrafts",
      method: "GET",
      path: "/deployment-drafts",
      workspace: "someone-elses-workspace",
    });
    assert.equal(unknownWorkspace.data.success, false);
    assert.match(String(unknownWorkspace.data.errorMessage), /someone-elses-workspace/);

    const unknownNamespace = await callApiExpectingError(client, emulator, {
      action: "ListDeploymentDrafts",
      method: "GET",
      path: "/deployment-drafts",
      namespace: "no-such-namespace",
    });
    assert.match(String(unknownNamespace.data.errorMessage), /no-such-namespace/);
  });

  it("names the invalid field of a bad body", async () => {
    const client = makeClient(emulator);
    const error = await callApiExpectingError(client, emulator, {
      action: "CreateDeploymentDraft",
      method: "POST",
      path: "/deployment-drafts",
      body: { name: "bad-body", engineVersion: ENGINE, artifact: { kind: "COBOL" } },
    });
    assert.equal(error.statusCode, 400);
    assert.match(String(error.data.errorMessage), /body\.artifact\.kind/);
  });

  it("records requests without secrets", async () => {
    const log = emulator.requestLog();
    assert.ok(log.length > 0);
    assert.ok(log.some((e) => e.action === "CreateDeploymentDraft" && e.status === 200));
    assert.ok(log.some((e) => e.errorCode === "990301"));
    assert.ok(!JSON.stringify(log).includes(emulator.accessKeySecret));
  });
});
