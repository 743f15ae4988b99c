/**
 * upgradeState: every layout ever written reaches today's provider (the SDK's
 * shim loads the installed code for refresh and destroy), so each old
 * schemaVersion has a test that it comes out in the current layout.
 */
import { strict as assert } from "node:assert";
import { formatId, parseId } from "../../provider/ids";
import { DeployedDraftSchema } from "../../provider/resources/deployed-draft/schema";
import { upgradeState } from "../../provider/resources/deployed-draft/state";

const VERSION_1 = {
  __provider: "shim",
  workspace: "ws",
  namespace: "ns",
  name: "orders-1a2b3c4",
  sql: "INSERT INTO t SELECT 1;",
  engineVersion: "vvr-8.0.11-flink-1.17",
  deploymentDraftId: "d-1",
  deploymentId: "dep-1",
  sqlHash: "sha256:abc",
  schemaVersion: 1,
};

describe("provider state upgrades", () => {
  it("writes the current schemaVersion (2)", () => {
    assert.equal(DeployedDraftSchema.schemaVersion, 2);
  });

  it("version 1: the deployed SQL hash stands for the SQL last written to the draft", () => {
    const upgraded = upgradeState(VERSION_1);
    assert.equal(upgraded.schemaVersion, 2);
    assert.equal(upgraded.draftSqlHash, "sha256:abc");
    assert.equal(upgraded.sql, VERSION_1.sql, "inputs are kept");
  });

  it("a state without schemaVersion is version 1", () => {
    const { schemaVersion: _dropped, ...unversioned } = VERSION_1;
    assert.deepEqual(upgradeState(unversioned), upgradeState(VERSION_1));
  });

  it("leaves a current state as it is", () => {
    const current = { ...VERSION_1, schemaVersion: 2, draftSqlHash: "sha256:def", jobStatus: "RUNNING" };
    assert.deepEqual(upgradeState(current), current);
  });

  it("refuses a state written by a newer provider, saying what to do", () => {
    assert.throws(
      () => upgradeState({ ...VERSION_1, schemaVersion: 99 }),
      /newer pulumi-alicloud-flink.*upgrade/,
    );
  });

  it("IDs round-trip parts that contain the separator", () => {
    const id = formatId("ws:1", "ns%x", "d-1");
    assert.deepEqual(parseId(id), { workspace: "ws:1", namespace: "ns%x", deploymentDraftId: "d-1" });
    assert.deepEqual(parseId("ws:ns:d-1"), { workspace: "ws", namespace: "ns", deploymentDraftId: "d-1" });
  });
});
