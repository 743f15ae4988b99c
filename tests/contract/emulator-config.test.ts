/**
 * Contract: the JSON config file (emulator.config.example.json) — what it declares is what the emulator
 * serves to the real client (workspaces, namespaces, deployment targets, engine catalogue, users and
 * their denied actions, durations); explicit options override it; bad files fail naming the field.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type RunningEmulator } from "../../emulator";
import {
  admin,
  callApi,
  callApiExpectingError,
  makeClient,
  runTicket,
  sqlDraft,
  VALID_SQL,
  startEmulator,
} from "./emulator-support";

const EXAMPLE = path.resolve(__dirname, "../../emulator/emulator.config.example.json");

interface ExampleFile {
  workspaces: { id: string; namespaces: { name: string; deploymentTargets?: string[] }[] }[];
  deploymentTargets: string[];
  users: { accessKeyId: string; accessKeySecret: string; userName: string; deniedActions?: string[] }[];
  engineVersions: { default: string; versions: { name: string; status: string }[] };
  durations: Record<string, unknown>;
}

const LIST_DRAFTS = { action: "ListDeploymentDrafts", method: "GET", path: "/deployment-drafts" } as const;

const example = JSON.parse(readFileSync(EXAMPLE, "utf8")) as ExampleFile;

function writeConfig(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "emulator-config-")), "config.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("emulator config file", () => {
  let emulator: RunningEmulator;

  // speed 0.01 turns the example's 200-1500 ms tickets into 2-15 ms.
  before(async () => {
    emulator = await startEmulator({ configFile: EXAMPLE, speed: 0.01 });
  });
  after(async () => emulator.close());

  it("makes the first workspace, namespace and user the defaults", () => {
    assert.equal(emulator.workspace, example.workspaces[0].id);
    assert.equal(emulator.namespace, example.workspaces[0].namespaces[0].name);
    assert.equal(emulator.accessKeyId, example.users[0].accessKeyId);
    assert.equal(emulator.accessKeySecret, example.users[0].accessKeySecret);
  });

  it("serves every declared workspace and namespace with its deployment targets", async () => {
    const client = makeClient(emulator);
    for (const workspace of example.workspaces) {
      for (const namespace of workspace.namespaces) {
        const answer = await callApi(client, emulator, {
          action: "ListDeploymentTargets",
          method: "GET",
          path: "/deployment-targets",
          workspace: workspace.id,
          namespace: namespace.name,
        });
        const names = (answer.body.data as { name: string }[]).map((t) => t.name);
        assert.deepEqual(names, namespace.deploymentTargets ?? example.deploymentTargets, namespace.name);
      }
    }
    const crossed = await callApiExpectingError(client, emulator, {
      ...LIST_DRAFTS,
      workspace: example.workspaces[1].id,
      namespace: example.workspaces[0].namespaces[0].name,
    });
    assert.equal(crossed.data.errorCode, "InvalidNamespace");
    const unknown = await callApiExpectingError(client, emulator, { ...LIST_DRAFTS, workspace: "ws-nope" });
    assert.equal(unknown.data.errorCode, "InvalidWorkspace");
    assert.match(String(unknown.data.errorMessage), /ws-analytics, ws-sandbox/);
  });

  it("serves the declared engine-version catalogue and validates against it", async () => {
    const client = makeClient(emulator);
    const meta = await callApi(client, emulator, {
      action: "ListEngineVersionMetadata",
      method: "GET",
      path: "/api/v2/engine-version-meta.json",
    });
    const data = meta.body.data as {
      defaultEngineVersion: string;
      engineVersionMetadata: { engineVersion: string; status: string }[];
    };
    assert.equal(data.defaultEngineVersion, example.engineVersions.default);
    assert.deepEqual(
      data.engineVersionMetadata.map((v) => ({ name: v.engineVersion, status: v.status })),
      example.engineVersions.versions,
    );
    // vvr-8.0.10 is in the built-in catalogue but not in the file's.
    const created = await callApi(client, emulator, {
      action: "CreateDeploymentDraft",
      method: "POST",
      path: "/deployment-drafts",
      body: sqlDraft("not-in-catalogue", VALID_SQL, { engineVersion: "vvr-8.0.10-flink-1.17" }),
    });
    const draftId = String((created.body.data as Record<string, unknown>).deploymentDraftId);
    await callApi(client, emulator, {
      action: "GetDeploymentDraftLock",
      method: "POST",
      path: "/deployment-drafts/getLock",
      query: { deploymentDraftId: draftId },
    });
    const result = await runTicket(client, emulator, "validate", { deploymentDraftId: draftId });
    assert.equal(result.success, false);
    assert.match(JSON.stringify(result), /ENGINE_VERSION_UNKNOWN/);
  });

  it("applies the declared users and their denied actions", async () => {
    const auditor = example.users[1];
    const client = makeClient(emulator, {
      accessKeyId: auditor.accessKeyId,
      accessKeySecret: auditor.accessKeySecret,
    });
    assert.equal((await callApi(client, emulator, LIST_DRAFTS)).body.success, true);
    const denied = await callApiExpectingError(client, emulator, {
      action: "CreateDeploymentDraft",
      method: "POST",
      path: "/deployment-drafts",
      body: sqlDraft("audited", VALID_SQL),
    });
    assert.equal(denied.statusCode, 403);
    assert.equal(
      (denied.accessDeniedDetail as Record<string, unknown>).AuthAction,
      "stream:CreateDeploymentDraft",
    );
  });

  it("takes the declared durations, with the explicit speed overriding the file's", async () => {
    const durations = await admin(emulator, "POST", "durations", {});
    assert.deepEqual(durations.body, { ...example.durations, speed: 0.01 });
  });

  it("lets the one-workspace shorthand replace the file's workspaces", async () => {
    const overridden = await startEmulator({ configFile: EXAMPLE, workspace: "ws-override", ticketMs: 5 });
    try {
      assert.equal(overridden.workspace, "ws-override");
      assert.equal(overridden.namespace, "default-namespace");
      assert.equal(
        overridden.accessKeyId,
        example.users[0].accessKeyId,
        "the rest of the file still applies",
      );
      const durations = await admin(overridden, "POST", "durations", {});
      assert.deepEqual(durations.body, { ...example.durations, validate: 5, deploy: 5 });
    } finally {
      await overridden.close();
    }
  });

  it("rejects a bad file with an error naming the field", async () => {
    const cases: [unknown, RegExp][] = [
      [{ users: [{ ...example.users[0], secret: "x" }] }, /users\[0\].*secret/],
      [{ durations: { validate: { min: 900, max: 100 } } }, /durations\.validate.*min must not be above max/],
      [
        { engineVersions: { versions: [{ name: "vvr-1", status: "GA" }] } },
        /engineVersions\.versions\[0\]\.status/,
      ],
      [{ workspaces: [{ id: "ws", namespaces: [] }] }, /workspaces\[0\]\.namespaces/],
      [
        { engineVersions: { default: "vvr-2", versions: [{ name: "vvr-1", status: "STABLE" }] } },
        /defaultEngineVersion vvr-2/,
      ],
      [{ users: [{ ...example.users[0], deniedActions: ["Deploy"] }] }, /Denied action Deploy/],
      ["{ not json", /is not valid JSON/],
    ];
    for (const [content, expected] of cases) {
      const file = writeConfig(content);
      await assert.rejects(startEmulator({ configFile: file }), (error: Error) => {
        assert.match(error.message, expected);
        assert.doesNotMatch(error.message, /deployer-secret/, "secrets stay out of errors");
        return true;
      });
    }
    await assert.rejects(startEmulator({ configFile: "/nonexistent/emulator.json" }), /cannot be read/);
  });
});
