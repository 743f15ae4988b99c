/**
 * Contract: namespace variables over signed HTTP — Create/List (paged, Encrypted masked)/Update/Delete,
 * `${secret_values.x}` substituted at validation, deploy and job start, a missing one failing, and the
 * value never appearing in a response, an event or the request log.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "../../emulator";
import {
  callApi,
  callApiExpectingError,
  createLockedDraft,
  deployNewDraft,
  getJob,
  makeClient,
  runTicket,
  sleep,
  sqlDraft,
  startEmulator,
  startJob,
} from "./emulator-support";

type Data = Record<string, unknown>;
const SECRET = "s3cr3t-Pa55word";

const SQL_WITH_SECRET = [
  "CREATE TEMPORARY TABLE src (id INT) WITH ('connector' = 'datagen', 'password' = '${secret_values.dbPassword}');",
  "CREATE TEMPORARY TABLE snk (id INT) WITH ('connector' = 'blackhole');",
  "INSERT INTO snk SELECT id FROM src;",
].join("\n");

describe("emulator namespace variables", () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof makeClient>;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 5, jobStartMs: 5, jobStopMs: 5 });
    client = makeClient(emulator);
  });
  after(async () => {
    await emulator.close();
  });

  const create = (body: Data): Promise<{ body: Data }> =>
    callApi(client, emulator, { action: "CreateVariable", method: "POST", path: "/variables", body });
  const list = async (query: Record<string, string> = {}): Promise<{ body: Data }> =>
    callApi(client, emulator, { action: "ListVariables", method: "GET", path: "/variables", query });

  it("creates, lists (masked, paged), updates and deletes variables", async () => {
    const created = await create({ name: "dbPassword", value: SECRET, kind: "Encrypted", description: "db" });
    assert.deepEqual(created.body.data, {
      name: "dbPassword",
      value: "******",
      kind: "Encrypted",
      description: "db",
    });
    await create({ name: "region", value: "cn-hangzhou", kind: "Plain" });
    const duplicate = await callApiExpectingError(client, emulator, {
      action: "CreateVariable",
      method: "POST",
      path: "/variables",
      body: { name: "region", value: "x", kind: "Plain" },
    });
    assert.equal(duplicate.code, "VariableAlreadyExists");
    assert.equal(duplicate.statusCode, 409);
    const all = await list();
    assert.deepEqual(all.body.data, [
      { name: "dbPassword", value: "******", kind: "Encrypted", description: "db" },
      { name: "region", value: "cn-hangzhou", kind: "Plain" },
    ]);
    assert.equal(all.body.totalSize, 2);
    const page = await list({ pageIndex: "2", pageSize: "1" });
    assert.deepEqual(
      (page.body.data as Data[]).map((v) => v.name),
      ["region"],
    );
    const updated = await callApi(client, emulator, {
      action: "UpdateVariable",
      method: "PATCH",
      path: "/variables/region",
      body: { value: "cn-shanghai", kind: "Plain", description: "moved" },
    });
    assert.deepEqual(updated.body.data, {
      name: "region",
      value: "cn-shanghai",
      kind: "Plain",
      description: "moved",
    });
    await callApi(client, emulator, {
      action: "DeleteVariable",
      method: "DELETE",
      path: "/variables/region",
    });
    const gone = await callApiExpectingError(client, emulator, {
      action: "DeleteVariable",
      method: "DELETE",
      path: "/variables/region",
    });
    assert.equal(gone.code, "990301");
    const bad = await callApiExpectingError(client, emulator, {
      action: "CreateVariable",
      method: "POST",
      path: "/variables",
      body: { name: "x", value: "y", kind: "Secret" },
    });
    assert.equal(bad.code, "InvalidParameter");
  });

  it("substitutes ${secret_values.x} at validation, deploy and start; a missing one fails naming it", async () => {
    const statement = await callApi(client, emulator, {
      action: "ValidateSqlStatement",
      method: "POST",
      path: "/sql-statement/validate",
      body: { statement: SQL_WITH_SECRET.replace("dbPassword", "nope"), batchMode: false },
    });
    const statementData = statement.body.data as Data;
    assert.equal(statementData.success, false);
    assert.match(String(statementData.message), /secret_values\.nope.*no variable nope/);
    const ok = await callApi(client, emulator, {
      action: "ValidateSqlStatement",
      method: "POST",
      path: "/sql-statement/validate",
      body: { statement: SQL_WITH_SECRET, batchMode: false },
    });
    assert.equal((ok.body.data as Data).success, true);

    const draftId = await createLockedDraft(
      client,
      emulator,
      sqlDraft("uses-missing", SQL_WITH_SECRET.replace("dbPassword", "nope")),
    );
    const validated = await runTicket(client, emulator, "validate", { deploymentDraftId: draftId });
    assert.equal(validated.success, false);
    const meta = (validated.draftValidationDetail as Data).draftMetaInfoErrorDetails as Data[];
    assert.equal(meta[0].reason, "SECRET_VALUE_NOT_FOUND");
    assert.match(String(meta[0].message), /nope/);

    const { deploymentId } = await deployNewDraft(client, emulator, "uses-secret", SQL_WITH_SECRET);
    const job = await startJob(client, emulator, deploymentId);
    await sleep(20);
    assert.equal(
      ((await getJob(client, emulator, String(job.jobId))).status as Data).currentJobStatus,
      "RUNNING",
    );
    await callApi(client, emulator, {
      action: "StopJob",
      method: "POST",
      path: `/jobs/${String(job.jobId)}%3Astop`,
      body: { stopStrategy: "NONE" },
    });
    await callApi(client, emulator, {
      action: "DeleteVariable",
      method: "DELETE",
      path: "/variables/dbPassword",
    });
    await sleep(20);
    const again = await startJob(client, emulator, deploymentId);
    await sleep(20);
    const failed = (await getJob(client, emulator, String(again.jobId))).status as Data;
    assert.equal(failed.currentJobStatus, "FAILED");
    assert.equal((failed.failure as Data).reason, "SecretValueNotFound");
    assert.match(String((failed.failure as Data).message), /dbPassword/);

    const everything = JSON.stringify([emulator.snapshot().events, emulator.requestLog(), validated]);
    assert.ok(!everything.includes(SECRET), "the secret value never leaks");
  });

  it("masks a secret in a SQL error message", async () => {
    await create({ name: "tableName", value: "SELEC", kind: "Encrypted" });
    const answer = await callApi(client, emulator, {
      action: "ValidateSqlStatement",
      method: "POST",
      path: "/sql-statement/validate",
      body: { statement: "INSERT INTO x ${secret_values.tableName} 1;", batchMode: false },
    });
    const data = answer.body.data as Data;
    assert.equal(data.success, false);
    assert.ok(!JSON.stringify(data).includes("SELEC"), JSON.stringify(data));
  });
});
