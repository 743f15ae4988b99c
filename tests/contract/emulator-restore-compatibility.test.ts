/**
 * Contract: a restore whose savepoint holds state of an operator the new program lacks fails the job
 * with Flink's message, unless allowNonRestoredState; restoreCompatibilityCheck: false turns it off.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "../../emulator";
import {
  callApi,
  deployNewDraft,
  makeClient,
  redeploy,
  startEmulator,
  startJob,
  stopJob,
  waitForJobStatus,
} from "./emulator-support";

type Data = Record<string, unknown>;
const DDL = [
  "CREATE TEMPORARY TABLE src (id INT, k STRING) WITH ('connector' = 'datagen');",
  "CREATE TEMPORARY TABLE snk (k STRING, c BIGINT) WITH ('connector' = 'blackhole');",
].join("\n");
const GROUPED = `${DDL}\nINSERT INTO snk SELECT k, COUNT(*) FROM src GROUP BY k;`;
const REGROUPED = `${DDL}\nINSERT INTO snk SELECT CAST(id AS STRING), COUNT(*) FROM src GROUP BY CAST(id AS STRING);`;
const SAME_REFORMATTED = `${DDL}\ninsert into snk\n  select k, count(*)\n  from src -- same\n  group by k;`;

async function stoppedWithSavepoint(
  client: ReturnType<typeof makeClient>,
  emulator: RunningEmulator,
  name: string,
): Promise<{ draftId: string; deploymentId: string; savepointId: string }> {
  const { draftId, deploymentId } = await deployNewDraft(client, emulator, name, GROUPED);
  const jobId = String((await startJob(client, emulator, deploymentId)).jobId);
  await waitForJobStatus(client, emulator, jobId, "RUNNING");
  await stopJob(client, emulator, jobId, "STOP_WITH_SAVEPOINT");
  await waitForJobStatus(client, emulator, jobId, "CANCELLED");
  const savepoints = await callApi(client, emulator, {
    action: "ListSavepoints",
    method: "GET",
    path: "/savepoints",
    query: { deploymentId },
  });
  return { draftId, deploymentId, savepointId: String((savepoints.body.data as Data[])[0].savepointId) };
}

describe("emulator restore compatibility", () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof makeClient>;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 5, jobStartMs: 5, jobStopMs: 5 });
    client = makeClient(emulator);
  });
  after(async () => {
    await emulator.close();
  });

  it("fails a restore into a program without the savepoint's operator, with Flink's message", async () => {
    const { draftId, deploymentId, savepointId } = await stoppedWithSavepoint(
      client,
      emulator,
      "restore-incompatible",
    );
    await redeploy(client, emulator, draftId, REGROUPED);
    const job = await startJob(client, emulator, deploymentId, { kind: "FROM_SAVEPOINT", savepointId });
    const failed = await waitForJobStatus(client, emulator, String(job.jobId), "FAILED");
    const failure = (failed.status as Data).failure as Data;
    assert.equal(failure.reason, "RestoreStateIncompatible");
    assert.match(
      String(failure.message),
      /Cannot map checkpoint\/savepoint state for operator [0-9a-f]{32} to the new program, because the operator is not available in the new program\. If you want to allow to skip this, you can set the --allowNonRestoredState option on the CLI\./,
    );
    const diagnosis = await callApi(client, emulator, {
      action: "GetJobDiagnosis",
      method: "GET",
      path: `/deployments/${deploymentId}/jobs/${String(job.jobId)}/job-diagnoses/lite`,
    });
    const state = ((diagnosis.body.data as Data).symptoms as Data).state as Data[];
    assert.match(String(state[0].recommendation), /allowNonRestoredState/);

    const allowed = await startJob(client, emulator, deploymentId, {
      kind: "LATEST_SAVEPOINT",
      allowNonRestoredState: true,
    });
    await waitForJobStatus(client, emulator, String(allowed.jobId), "RUNNING");
  });

  it("a reformatted program with the same operators restores", async () => {
    const { draftId, deploymentId, savepointId } = await stoppedWithSavepoint(
      client,
      emulator,
      "restore-same",
    );
    await redeploy(client, emulator, draftId, SAME_REFORMATTED);
    const job = await startJob(client, emulator, deploymentId, { kind: "FROM_SAVEPOINT", savepointId });
    await waitForJobStatus(client, emulator, String(job.jobId), "RUNNING");
  });

  it("restoreCompatibilityCheck: false turns the check off", async () => {
    const other = await startEmulator({
      ticketMs: 5,
      jobStartMs: 5,
      jobStopMs: 5,
      restoreCompatibilityCheck: false,
    });
    try {
      const otherClient = makeClient(other);
      const { draftId, deploymentId } = await stoppedWithSavepoint(otherClient, other, "restore-unchecked");
      await redeploy(otherClient, other, draftId, REGROUPED);
      const job = await startJob(otherClient, other, deploymentId, { kind: "LATEST_SAVEPOINT" });
      await waitForJobStatus(otherClient, other, String(job.jobId), "RUNNING");
    } finally {
      await other.close();
    }
  });
});
