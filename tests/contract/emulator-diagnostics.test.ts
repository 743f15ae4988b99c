/**
 * Contract: diagnostics over signed HTTP — GetJobDiagnosis, GetEvents (paged, newest first) and
 * GetLatestJobStartLog, for healthy jobs and for failures the emulator injects.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "../../emulator";
import {
  admin,
  callApi,
  callApiExpectingError,
  deployNewDraft,
  makeClient,
  sleep,
  startEmulator,
  startJob,
  waitForJobStatus,
} from "./emulator-support";

type Data = Record<string, unknown>;

describe("emulator diagnostics", () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof makeClient>;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 5, jobStartMs: 5, jobStopMs: 5 });
    client = makeClient(emulator);
  });
  after(async () => {
    await emulator.close();
  });

  const diagnosis = async (deploymentId: string, jobId: string): Promise<Data> =>
    (
      await callApi(client, emulator, {
        action: "GetJobDiagnosis",
        method: "GET",
        path: `/deployments/${deploymentId}/jobs/${jobId}/job-diagnoses/lite`,
      })
    ).body.data as Data;
  const startLog = async (deploymentId: string): Promise<string> =>
    String(
      (
        await callApi(client, emulator, {
          action: "GetLatestJobStartLog",
          method: "GET",
          path: `/deployments/${deploymentId}/latest_jobmanager_start_log`,
        })
      ).body.data,
    );

  it("a healthy job: full score, no symptoms; events newest first and paged", async () => {
    const { deploymentId } = await deployNewDraft(client, emulator, "diag-healthy");
    assert.equal(await startLog(deploymentId), "");
    const jobId = String((await startJob(client, emulator, deploymentId)).jobId);
    await waitForJobStatus(client, emulator, jobId, "RUNNING");
    const healthy = await diagnosis(deploymentId, jobId);
    assert.equal(healthy.healthScore, 100);
    assert.equal(healthy.riskLevel, "RISK_LEVEL_LOW");
    assert.deepEqual(healthy.symptoms, {
      startup: [],
      runtime: [],
      state: [],
      troubleshooting: [],
      others: [],
    });
    const events = await callApi(client, emulator, {
      action: "GetEvents",
      method: "GET",
      path: "/events",
      query: { deploymentId },
    });
    const names = (events.body.data as Data[]).map((e) => e.eventName);
    assert.deepEqual(names, ["JOB_RUNNING", "JOB_STARTING", "DEPLOYMENT_CREATED"]);
    assert.equal(events.body.totalSize, 3);
    const first = (events.body.data as Data[])[0];
    assert.equal(first.jobId, jobId);
    assert.equal(first.workspace, emulator.workspace);
    assert.equal(first.message, "Job is running.");
    const paged = await callApi(client, emulator, {
      action: "GetEvents",
      method: "GET",
      path: "/events",
      query: { deploymentName: "diag-healthy", pageSize: "1", pageIndex: "3" },
    });
    assert.deepEqual(
      (paged.body.data as Data[]).map((e) => e.eventName),
      ["DEPLOYMENT_CREATED"],
    );
    assert.match(await startLog(deploymentId), /switched from state CREATED to RUNNING/);
    await admin(emulator, "POST", "restart-job", { jobId, times: 2 });
    const restarted = await diagnosis(deploymentId, jobId);
    assert.equal(restarted.riskLevel, "RISK_LEVEL_MEDIUM");
    assert.match(JSON.stringify((restarted.symptoms as Data).runtime), /restarted 2 time/);
  });

  it("an injected start failure shows up as a startup symptom, an event and the start log", async () => {
    const { deploymentId } = await deployNewDraft(client, emulator, "diag-failed");
    await admin(emulator, "POST", "fail-job", {
      deploymentId,
      nextStart: true,
      reason: "ClassNotFound",
      message: "com.example.Udf not found",
    });
    const jobId = String((await startJob(client, emulator, deploymentId)).jobId);
    await waitForJobStatus(client, emulator, jobId, "FAILED");
    const failed = await diagnosis(deploymentId, jobId);
    assert.equal(failed.healthScore, 0);
    assert.equal(failed.riskLevel, "RISK_LEVEL_HIGH");
    const startup = (failed.symptoms as Data).startup as Data[];
    assert.equal(startup[0].name, "ClassNotFound");
    assert.match(String(startup[0].description), /com\.example\.Udf not found/);
    assert.ok(String(startup[0].recommendation).length > 0);
    const log = await startLog(deploymentId);
    assert.match(
      log,
      /Caused by: org\.apache\.flink\.runtime\.JobException: ClassNotFound: com\.example\.Udf not found/,
    );
    const events = await callApi(client, emulator, {
      action: "GetEvents",
      method: "GET",
      path: "/events",
      query: { deploymentId },
    });
    const newest = (events.body.data as Data[])[0];
    assert.equal(newest.eventName, "JOB_FAILED");
    assert.match(String(newest.message), /ClassNotFound: com\.example\.Udf not found/);
    await sleep(1);
  });

  it("a job of another deployment or an unknown deployment is not found", async () => {
    const { deploymentId: a } = await deployNewDraft(client, emulator, "diag-a");
    const { deploymentId: b } = await deployNewDraft(client, emulator, "diag-b");
    const jobId = String((await startJob(client, emulator, a)).jobId);
    const wrong = await callApiExpectingError(client, emulator, {
      action: "GetJobDiagnosis",
      method: "GET",
      path: `/deployments/${b}/jobs/${jobId}/job-diagnoses/lite`,
    });
    assert.equal(wrong.code, "990301");
    const unknown = await callApiExpectingError(client, emulator, {
      action: "GetLatestJobStartLog",
      method: "GET",
      path: "/deployments/nope/latest_jobmanager_start_log",
    });
    assert.equal(unknown.code, "990301");
  });
});
