/**
 * Contract: validation realism — SQL syntax errors with string line/column, `${var}` substitution,
 * engine-version catalogue, deployment target, empty scripts, injected ticket failures, and the
 * draft-free ValidateSqlStatement; plus the catalogues (engine versions, deployment targets).
 */
import assert from "node:assert/strict";
import { type RunningEmulator } from "../../emulator";
import {
  admin,
  callApi,
  createLockedDraft,
  makeClient,
  runTicket,
  sqlDraft,
  VALID_SQL,
  startEmulator,
} from "./emulator-support";

const BROKEN_SQL = [
  "CREATE TEMPORARY TABLE src (id INT) WITH ('connector' = 'datagen');",
  "INSERT INTO snk SELEC id FROM src;",
].join("\n");

const TARGET = { mode: "PER_JOB", name: "default-queue" };

describe("emulator validation", () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof makeClient>;
  let counter = 0;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 20 });
    client = makeClient(emulator);
  });
  after(async () => {
    await emulator.close();
  });

  async function validate(sql: string, extra: Record<string, unknown> = {}, targetName?: string) {
    counter += 1;
    const draftId = await createLockedDraft(client, emulator, sqlDraft(`validation-${counter}`, sql, extra));
    return runTicket(client, emulator, "validate", {
      deploymentDraftId: draftId,
      deploymentTargetName: targetName,
    });
  }

  it("reports a SQL syntax error with string line and column", async () => {
    const result = await validate(BROKEN_SQL);
    assert.equal(result.ticketStatus, "FINISHED");
    assert.equal(result.success, false);
    assert.match(String(result.message), /SQL validate failed/);
    const detail = result.draftValidationDetail as Record<string, unknown>;
    const error = detail.sqlErrorDetail as Record<string, unknown>;
    assert.equal(error.lineNumber, "2");
    assert.equal(error.columnNumber, "17");
    assert.equal(typeof error.endColumnNumber, "string");
    // The grammar quotes the token; Flink's planner (the sidecar, where Java is present) says what it parsed.
    assert.match(String(error.message), /SELEC|Non-query expression/);
  });

  it("passes valid SQL", async () => {
    const result = await validate(VALID_SQL);
    assert.equal(result.success, true);
    const detail = result.draftValidationDetail as Record<string, unknown>;
    assert.deepEqual(detail.draftMetaInfoErrorDetails, []);
  });

  it("substitutes ${var} from localVariables and rejects undefined ones", async () => {
    const sql =
      "CREATE TEMPORARY TABLE t (id INT) WITH ('connector' = '${connector}');\nINSERT INTO t SELECT 1;";
    const ok = await validate(sql, { localVariables: [{ name: "connector", value: "datagen" }] });
    assert.equal(ok.success, true);
    const missing = await validate(sql);
    assert.equal(missing.success, false);
    const meta = (missing.draftValidationDetail as Record<string, unknown>)
      .draftMetaInfoErrorDetails as Array<Record<string, unknown>>;
    assert.equal(meta[0].reason, "VARIABLE_NOT_DEFINED");
    assert.match(String(meta[0].message), /connector/);
  });

  it("masks local variable values in SQL error messages", async () => {
    // The substituted value is the offending token, so an unmasked message would contain it.
    const sql = "CREATE TABLE t (id INT) ${pwd};";
    const result = await validate(sql, { localVariables: [{ name: "pwd", value: "hunter2secret" }] });
    assert.equal(result.success, false);
    assert.match(String(result.message), /\*{13}/);
    assert.ok(!JSON.stringify(result).includes("hunter2secret"));
  });

  it("checks the engine version against the catalogue", async () => {
    const expired = await validate(VALID_SQL, { engineVersion: "vvr-4.0.18-flink-1.13" });
    assert.equal(expired.success, false);
    assert.match(String(expired.message), /EXPIRED/);
    const unknown = await validate(VALID_SQL, { engineVersion: "vvr-99-flink-9" });
    assert.equal(unknown.success, false);
    assert.match(String(unknown.message), /does not exist/);
    const deprecated = await validate(VALID_SQL, { engineVersion: "vvr-6.0.7-flink-1.15" });
    assert.equal(deprecated.success, true);
    assert.match(String(deprecated.message), /DEPRECATED/);
  });

  it("checks the deployment target and that the script has a statement", async () => {
    const target = await validate(VALID_SQL, {}, "no-such-queue");
    assert.equal(target.success, false);
    assert.match(String(target.message), /no-such-queue/);
    const empty = await validate("-- nothing here\n");
    assert.equal(empty.success, false);
    assert.match(String(empty.message), /no statement/);
  });

  it("fails a deploy of broken SQL with artifactValidationDetail and creates no deployment", async () => {
    const draftId = await createLockedDraft(client, emulator, sqlDraft("deploy-broken", BROKEN_SQL));
    const result = await runTicket(client, emulator, "deploy", {
      deploymentDraftId: draftId,
      deploymentTarget: TARGET,
    });
    // The documented GetDeployDeploymentDraftResult example: FINISHED, success true, the validation
    // message and artifactValidationDetail.errorDetails — and no deploymentId.
    assert.equal(result.ticketStatus, "FINISHED");
    assert.equal(result.success, true);
    assert.match(String(result.message), /^Validation error: SQL validate failed/);
    assert.equal(result.deploymentId, undefined);
    const detail = result.artifactValidationDetail as Record<string, unknown>;
    assert.equal((detail.errorDetails as Record<string, unknown>).lineNumber, "2");
    const deployments = Object.values(emulator.snapshot().deployments).filter(
      (d) => d.name === "deploy-broken",
    );
    assert.equal(deployments.length, 0);

    const skipped = await runTicket(client, emulator, "deploy", {
      deploymentDraftId: draftId,
      deploymentTarget: TARGET,
      skipValidate: true,
    });
    assert.equal(skipped.success, true, "skipValidate skips the SQL check");
  });

  it("can treat SQL parser errors as warnings", async () => {
    const lenient = await startEmulator({ ticketMs: 20, sqlParserErrorsAs: "warning" });
    try {
      const c = makeClient(lenient);
      const draftId = await createLockedDraft(c, lenient, sqlDraft("lenient", BROKEN_SQL));
      const result = await runTicket(c, lenient, "validate", { deploymentDraftId: draftId });
      assert.equal(result.success, true);
      assert.match(String(result.message), /line 2, column 17/);
    } finally {
      await lenient.close();
    }
  });

  it("fails the next ticket on request (FAILED, not FINISHED)", async () => {
    const draftId = await createLockedDraft(client, emulator, sqlDraft("fail-next", VALID_SQL));
    await admin(emulator, "POST", "fail-next-ticket", { kind: "deploy", message: "cluster on fire" });
    const failed = await runTicket(client, emulator, "deploy", {
      deploymentDraftId: draftId,
      deploymentTarget: TARGET,
    });
    assert.equal(failed.ticketStatus, "FAILED");
    assert.equal(failed.success, false);
    assert.equal(failed.message, "cluster on fire");
    const next = await runTicket(client, emulator, "deploy", {
      deploymentDraftId: draftId,
      deploymentTarget: TARGET,
    });
    assert.equal(next.success, true, "only the next ticket fails");
  });

  it("validates SQL without a draft (ValidateSqlStatement)", async () => {
    const call = (statement: string) =>
      callApi(client, emulator, {
        action: "ValidateSqlStatement",
        method: "POST",
        path: "/sql-statement/validate",
        body: { statement, batchMode: false, versionName: "vvr-8.0.11-flink-1.17" },
      });
    const ok = (await call(VALID_SQL)).body.data as Record<string, unknown>;
    assert.equal(ok.success, true);
    assert.equal(ok.validationResult, "VALIDATION_RESULT_VALID_INSERT_QUERY");
    const bad = (await call(BROKEN_SQL)).body.data as Record<string, unknown>;
    assert.equal(bad.success, false);
    assert.equal(bad.validationResult, "VALIDATION_RESULT_INVALID_QUERY");
    const details = bad.errorDetails as Record<string, unknown>;
    assert.equal(details.lineNumber, "2");
    assert.deepEqual(details.invalidflinkConf, []);
  });

  it("serves the engine version catalogue and the deployment targets", async () => {
    const meta = await callApi(client, emulator, {
      action: "ListEngineVersionMetadata",
      method: "GET",
      path: "/api/v2/engine-version-meta.json",
    });
    const index = meta.body.data as Record<string, unknown>;
    assert.equal(typeof index.defaultEngineVersion, "string");
    const versions = index.engineVersionMetadata as Array<Record<string, unknown>>;
    assert.ok(versions.some((v) => v.status === "STABLE"));
    assert.ok(versions.some((v) => v.status === "EXPIRED"));

    const targets = await callApi(client, emulator, {
      action: "ListDeploymentTargets",
      method: "GET",
      path: "/deployment-targets",
    });
    const list = targets.body.data as Array<Record<string, unknown>>;
    assert.equal(list[0].name, "default-queue");
    assert.equal(targets.body.totalSize, 1);
  });
});
