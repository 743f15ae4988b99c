/**
 * Deployment settings at check and diff: validation messages that name the
 * property and the fix, memory normalised once, and the ownership rule (only
 * declared keys count, so a key the program leaves out is never a diff).
 */
import { strict as assert } from "node:assert";
import { createProvider } from "../../provider/provider";
import { changedProperties, contentChanges } from "../../provider/resources/deployed-draft/changes";
import { footprintOf, mergeOwned, settingsOf } from "../../provider/deployment-settings";

const SQL = "CREATE TEMPORARY TABLE t (id INT) WITH ('connector' = 'datagen');\nINSERT INTO t SELECT 1;";

function inputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    __provider: "shim",
    __resourceName: "orders",
    __owner: "proj/dev/orders",
    workspace: "ws",
    namespace: "ns",
    sql: SQL,
    engineVersion: "vvr-8.0.11-flink-1.17",
    validation: { preview: "local" },
    ...overrides,
  };
}

describe("deployment settings: check and diff", () => {
  const check = createProvider({ sink: () => undefined, env: {} }).check;

  it("normalises memory and accepts a sized job, configuration and logging", async () => {
    const result = await check(
      {},
      inputs({
        resources: {
          parallelism: 4,
          jobManager: { cpu: 1, memory: "4Gi" },
          taskManager: { cpu: 2, memory: "1536Mi" },
        },
        flinkConf: { "execution.checkpointing.interval": "60s", "parallelism.default": 4 },
        logging: {
          profile: "default",
          loggers: { "org.apache.kafka": "warn" },
          retention: { expirationDays: 3 },
        },
        hotUpdate: "auto",
      }),
    );
    assert.deepEqual(result.failures, []);
    const resources = result.inputs?.resources as {
      jobManager: { memory: string };
      taskManager: { memory: string };
    };
    assert.equal(resources.jobManager.memory, "4 GiB");
    assert.equal(resources.taskManager.memory, "1536 MiB");
    assert.equal((result.inputs?.flinkConf as Record<string, string>)["parallelism.default"], "4");
    assert.equal(
      (result.inputs?.logging as { loggers: Record<string, string> }).loggers["org.apache.kafka"],
      "WARN",
    );
  });

  it("refuses bad sizes with messages that name the property and the fix", async () => {
    const result = await check(
      {},
      inputs({
        resources: {
          parallelism: 0,
          jobManager: { cpu: 0, memory: "4 gigs" },
          taskManager: { cpu: 1, memory: "64Ki" },
        },
        hotUpdate: "sometimes",
      }),
    );
    const text = (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`).join("\n");
    assert.match(text, /resources.*parallelism must be an integer of at least 1/);
    assert.match(text, /cpu must be greater than 0/);
    assert.match(text, /"4 gigs" is not a memory size: write a number and a unit, e\.g\. "4Gi"/);
    assert.match(text, /"64Ki" is not a memory size/);
    assert.match(text, /hotUpdate/);
    const fraction = await check({}, inputs({ resources: { parallelism: 1.5 } }));
    assert.match(fraction.failures?.[0]?.reason ?? "", /integer of at least 1/);
    const both = await check({}, inputs({ resources: { parallelism: 2, resourcePlan: "{}" } }));
    assert.match(both.failures?.[0]?.reason ?? "", /resourcePlan \(expert mode\) and parallelism/);
    const slot = await check({}, inputs({ resources: { maxSlot: 4 } }));
    assert.match(
      slot.failures?.[0]?.reason ?? "",
      /resources\.maxSlot is for BATCH jobs; this job is STREAMING/,
    );
    const autopilot = await check(
      {},
      inputs({
        autotuning: {
          mode: "autopilot",
          limits: { minParallelism: 8, maxParallelism: 4, maxMemory: "64Gi" },
        },
      }),
    );
    assert.match(
      autopilot.failures?.[0]?.reason ?? "",
      /limits\.minParallelism \(8\) is above limits\.maxParallelism \(4\): swap or raise them/,
    );
    const okAutopilot = await check(
      {},
      inputs({ autotuning: { mode: "autopilot", limits: { maxMemory: "64Gi" } } }),
    );
    assert.deepEqual(okAutopilot.failures, []);
    assert.deepEqual(okAutopilot.inputs?.autotuning, { mode: "autopilot", limits: { maxMemory: "64 GiB" } });
    const plan = await check({}, inputs({ executionMode: "BATCH", resources: { resourcePlan: "{}" } }));
    assert.match(plan.failures?.[0]?.reason ?? "", /resourcePlan \(expert mode\) is for STREAMING jobs/);
  });

  it("counts only the declared keys: what the program leaves out is never a diff", () => {
    const base = { sql: SQL, engineVersion: "vvr-8.0.11-flink-1.17" };
    const before = {
      ...base,
      resources: { parallelism: 2, taskManager: { cpu: 1, memory: "4 GiB" } },
      flinkConf: { "execution.checkpointing.interval": "60s" },
    };
    assert.deepEqual(changedProperties(before, { ...base, resources: { parallelism: 2 } }), []);
    assert.deepEqual(changedProperties(before, { ...base }), []);
    assert.deepEqual(changedProperties(before, { ...base, resources: { parallelism: 3 } }), ["resources"]);
    assert.deepEqual(
      changedProperties(before, { ...base, flinkConf: { "execution.checkpointing.interval": "30s" } }),
      ["flinkConf"],
    );
    // A settings-only change is no draft content change: no draft write, no ticket.
    assert.deepEqual(contentChanges(before, { ...base, resources: { parallelism: 3 } }), []);
  });

  it("maps BATCH and expert settings to the deployment and back, keeping every unowned field", () => {
    const spec = { cpu: 1, memory: "4 GiB" };
    const current = {
      deploymentId: "d",
      labels: { team: "data" },
      streamingResourceSetting: {
        resourceSettingMode: "BASIC",
        basicResourceSetting: {
          parallelism: 1,
          jobmanagerResourceSettingSpec: spec,
          taskmanagerResourceSettingSpec: spec,
        },
      },
      batchResourceSetting: {
        maxSlot: 10,
        basicResourceSetting: {
          parallelism: 1,
          jobmanagerResourceSettingSpec: spec,
          taskmanagerResourceSettingSpec: spec,
        },
      },
      flinkConf: { a: "1" },
    };
    const batch = mergeOwned(
      current,
      { resources: { maxSlot: 4, taskManager: { memory: "8 GiB" } } },
      "BATCH",
    );
    assert.deepEqual(settingsOf(batch, "BATCH").resources, {
      maxSlot: 4,
      parallelism: 1,
      jobManager: spec,
      taskManager: { cpu: 1, memory: "8 GiB" },
    });
    assert.deepEqual(batch.streamingResourceSetting, current.streamingResourceSetting, "streaming untouched");
    assert.deepEqual(batch.labels, { team: "data" });
    const expert = mergeOwned(
      current,
      { resources: { resourcePlan: '{"nodes":[]}', jobManager: { cpu: 2 } } },
      "STREAMING",
    );
    const read = settingsOf(expert, "STREAMING");
    assert.equal(read.mode, "EXPERT");
    assert.deepEqual(read.resources, {
      resourcePlan: '{"nodes":[]}',
      jobManager: { cpu: 2, memory: "4 GiB" },
    });
    assert.deepEqual(
      footprintOf(read),
      { cpu: 3, memoryGiB: 8 },
      "expert: the JobManager and one TaskManager",
    );
    const slots = settingsOf(
      { ...current, flinkConf: { "taskmanager.numberOfTaskSlots": "2" } },
      "STREAMING",
    );
    assert.deepEqual(footprintOf({ ...slots, resources: { ...slots.resources, parallelism: 4 } }), {
      cpu: 3,
      memoryGiB: 12,
    });
  });
});
