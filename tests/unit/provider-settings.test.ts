/**
 * Deployment settings against the in-process emulator (manual clock): create
 * with settings, hot update vs savepoint restart, read-modify-write under both
 * UpdateDeployment modes and both redeploy behaviours.
 *
 * PRINT_SETTINGS_REQUESTS=1 prints the emulator's request log of the hot
 * update and of the resource restart.
 */
import { strict as assert } from "node:assert";
import type { EmulatorOptions } from "../../emulator";
import { SQL, startProviderFixture, type ProviderFixture } from "./provider-fixtures";
import { providerClientFor } from "../contract/emulator-support";

const CHANGED_SQL = SQL.replace("SELECT id, msg FROM src", "SELECT id, UPPER(msg) FROM src");
const DRAFT_WRITES =
  /UpdateDeploymentDraft|ValidateDeploymentDraftAsync|DeployDeploymentDraftAsync|GetDeploymentDraftLock/;

interface Deployed {
  id: string;
  inputs: Record<string, unknown>;
  outs: Record<string, unknown>;
}

function withFixture(options: EmulatorOptions, body: (fx: () => ProviderFixture) => void): void {
  let fx: ProviderFixture;
  before(async () => {
    fx = await startProviderFixture(30, options);
  });
  after(async () => {
    await fx.close();
  });
  body(() => fx);
}

function deploymentOf(fx: ProviderFixture, outs: Record<string, unknown>) {
  return fx.emulator.snapshot().deployments[String(outs.deploymentId)];
}

function jobOf(fx: ProviderFixture, outs: Record<string, unknown>) {
  return fx.emulator.snapshot().jobs[String(outs.jobId)];
}

function events(fx: ProviderFixture, outs: Record<string, unknown>, since = 0): string[] {
  return (fx.emulator.snapshot().events ?? [])
    .filter((e) => e.deploymentId === outs.deploymentId)
    .slice(since)
    .map((e) => e.kind);
}

/** The requests made by `action`, as "METHOD path action" lines (printed with PRINT_SETTINGS_REQUESTS=1). */
async function requestsOf<T>(fx: ProviderFixture, title: string, action: () => Promise<T>) {
  const mark = fx.emulator.requestLog().length;
  const result = await action();
  const lines = fx.emulator
    .requestLog()
    .slice(mark)
    .map((r) => `${r.method} ${r.path} ${r.action ?? ""} ${r.status}`);
  if (process.env.PRINT_SETTINGS_REQUESTS) console.log(`\n--- ${title}\n${lines.join("\n")}`);
  return { result, lines };
}

async function create(fx: ProviderFixture, overrides: Record<string, unknown>): Promise<Deployed> {
  const inputs = fx.inputs(overrides);
  const { id, outs } = await fx.provider.create(inputs);
  return { id, inputs, outs: outs as Record<string, unknown> };
}

const SIZED = {
  resources: {
    parallelism: 2,
    jobManager: { cpu: 1, memory: "2 GiB" },
    taskManager: { cpu: 1, memory: "4 GiB" },
  },
  flinkConf: { "execution.checkpointing.interval": "60s", "restart-strategy": "fixed-delay" },
  logging: { loggers: { "org.apache.kafka": "WARN" }, retention: { expirationDays: 3 } },
};

describe("deployment settings: apply", () => {
  withFixture({}, (fixture) => {
    it("create writes the settings before the start: GetDeployment and the job carry them", async () => {
      const fx = fixture();
      const { id, outs } = await create(fx, SIZED);
      const deployment = deploymentOf(fx, outs);
      const basic = deployment.streamingResourceSetting?.basicResourceSetting;
      assert.equal(basic?.parallelism, 2);
      assert.deepEqual(basic?.jobmanagerResourceSettingSpec, { cpu: 1, memory: "2 GiB" });
      assert.equal(deployment.flinkConf?.["restart-strategy"], "fixed-delay");
      assert.equal(deployment.flinkConf?.["execution.checkpointing.min-pause"], "180s", "unowned key kept");
      assert.deepEqual(deployment.logging?.logReservePolicy, { expirationDays: 3, openHistory: true });
      assert.ok(deployment.logging?.log4jLoggers?.some((l) => l.loggerName === "org.apache.kafka"));
      const job = jobOf(fx, outs);
      assert.equal(job.resources?.streamingResourceSetting.basicResourceSetting?.parallelism, 2);
      assert.equal(job.resources?.flinkConf?.["execution.checkpointing.interval"], "60s");
      assert.equal(outs.deploymentHasChanged, false);
      await fx.provider.delete(id, outs);
    });

    it('parallelism with hotUpdate "auto": HotUpdateJob, no restart, no draft write or ticket', async () => {
      const fx = fixture();
      const { id, inputs, outs } = await create(fx, { ...SIZED, hotUpdate: "auto" });
      const before = events(fx, outs).length;
      const news = { ...inputs, resources: { ...SIZED.resources, parallelism: 4 } };
      assert.equal((await fx.provider.diff(id, outs, news)).changes, true);
      const { result, lines } = await requestsOf(fx, "hot update (parallelism 2 → 4)", () =>
        fx.provider.update(id, outs, news),
      );
      const updated = result.outs as Record<string, unknown>;
      assert.equal(updated.jobId, outs.jobId, "the same job");
      assert.deepEqual(events(fx, outs, before), ["JOB_HOT_UPDATED"]);
      assert.equal(
        jobOf(fx, updated).resources?.streamingResourceSetting.basicResourceSetting?.parallelism,
        4,
      );
      assert.equal(deploymentOf(fx, updated).streamingResourceSetting?.basicResourceSetting?.parallelism, 4);
      assert.equal(updated.lastDeployTicketId, outs.lastDeployTicketId, "no deploy ticket");
      assert.equal(updated.lastValidateTicketId, outs.lastValidateTicketId, "no validation ticket");
      assert.ok(!lines.some((l) => DRAFT_WRITES.test(l)), `no draft write:\n${lines.join("\n")}`);
      assert.ok(lines.some((l) => / HotUpdateJob 200/.test(l)));
      assert.ok(fx.logs.some((l) => /hot-updated \(resources\.parallelism 2 → 4\): no restart/.test(l)));
      const review = fx.logs.filter((l) => /job impact:|resources: CPU/.test(l)).join("\n");
      assert.match(review, /job impact: hot update, no restart/);
      assert.match(review, /resources: CPU 3 → 5 cores, memory 10 → 18 GiB/);
      await fx.provider.delete(id, updated);
    });

    it("a hot update that FAILS falls back: the settings are written and the job restarts with them", async () => {
      const fx = fixture();
      const { id, inputs, outs } = await create(fx, { ...SIZED, hotUpdate: "auto" });
      let killed = false;
      fx.hooks.beforeSleep = async () => {
        if (killed) return;
        killed = true;
        // The job dies while the hot update is pending: the service fails it (JobNotRunning).
        await fx.admin("kill-job", { jobId: outs.jobId });
      };
      const news = { ...inputs, resources: { ...SIZED.resources, parallelism: 4 } };
      const { outs: updated } = await fx.provider.update(id, outs, news);
      fx.hooks.beforeSleep = undefined;
      assert.ok(fx.logs.some((l) => /FAILED \(JobNotRunning: .*\): falling back to a restart/.test(l)));
      assert.notEqual(updated?.jobId, outs.jobId);
      assert.equal(updated?.jobStatus, "RUNNING");
      assert.equal(
        jobOf(fx, updated ?? {}).resources?.streamingResourceSetting.basicResourceSetting?.parallelism,
        4,
      );
      await fx.provider.delete(id, updated);
    });

    it('parallelism with hotUpdate "never": a savepoint restart', async () => {
      const fx = fixture();
      const { id, inputs, outs } = await create(fx, SIZED);
      const before = events(fx, outs).length;
      const news = { ...inputs, resources: { ...SIZED.resources, parallelism: 3 } };
      const { outs: updated } = await fx.provider.update(id, outs, news);
      assert.notEqual(updated?.jobId, outs.jobId, "a new job");
      const kinds = events(fx, outs, before);
      assert.ok(kinds.includes("JOB_STOPPING") && kinds.includes("JOB_STARTING"), kinds.join(","));
      assert.ok(!kinds.includes("JOB_HOT_UPDATED"));
      assert.ok(updated?.lastSavepointId, "restored from the stop's savepoint");
      assert.equal(
        jobOf(fx, updated ?? {}).resources?.streamingResourceSetting.basicResourceSetting?.parallelism,
        3,
      );
      assert.ok(fx.logs.some((l) => /no hot update: hotUpdate is "never"/.test(l)));
      await fx.provider.delete(id, updated);
    });

    it("TaskManager memory change: a savepoint restart even with hotUpdate auto", async () => {
      const fx = fixture();
      const { id, inputs, outs } = await create(fx, { ...SIZED, hotUpdate: "auto" });
      const news = {
        ...inputs,
        resources: { ...SIZED.resources, taskManager: { cpu: 1, memory: "8 GiB" } },
      };
      const { result, lines } = await requestsOf(
        fx,
        "resource restart (taskManager.memory 4 GiB → 8 GiB)",
        () => fx.provider.update(id, outs, news),
      );
      const updated = result.outs as Record<string, unknown>;
      assert.notEqual(updated.jobId, outs.jobId);
      assert.ok(!lines.some((l) => / HotUpdateJob /.test(l)));
      assert.ok(!lines.some((l) => DRAFT_WRITES.test(l)));
      assert.ok(lines.some((l) => /PUT .* UpdateDeployment 200/.test(l)));
      assert.ok(
        lines.some((l) => / StopJob 200/.test(l)) && lines.some((l) => / StartJobWithParams 200/.test(l)),
      );
      assert.equal(
        jobOf(fx, updated).resources?.streamingResourceSetting.basicResourceSetting
          ?.taskmanagerResourceSettingSpec.memory,
        "8 GiB",
      );
      assert.ok(fx.logs.some((l) => /resources\.taskManager\.memory cannot be hot-updated/.test(l)));
      await fx.provider.delete(id, updated);
    });
  });

  withFixture({}, (fixture) => {
    it("a console edit of an owned setting shows at refresh and update restores it; an unowned one is left alone", async () => {
      const fx = fixture();
      const { id, inputs, outs } = await create(fx, SIZED);
      assert.equal(outs.observedParallelism, 2);
      assert.deepEqual(outs.observedResources, {
        parallelism: 2,
        jobManager: { cpu: 1, memory: "2 GiB" },
        taskManager: { cpu: 1, memory: "4 GiB" },
        cpu: 3,
        memory: "10 GiB",
      });
      const console = providerClientFor(fx.emulator);
      const scope = { workspace: fx.emulator.workspace, namespace: fx.emulator.namespace };
      const current = await console.getDeployment(scope, String(outs.deploymentId));
      await console.updateDeployment(scope, String(outs.deploymentId), {
        ...current,
        streamingResourceSetting: {
          ...current.streamingResourceSetting,
          basicResourceSetting: { ...current.streamingResourceSetting?.basicResourceSetting, parallelism: 5 },
        },
        flinkConf: {
          ...Object.fromEntries(
            Object.entries(current.flinkConf ?? {}).filter(([k]) => k !== "restart-strategy"),
          ),
          "pipeline.name": "console-name",
        },
      });
      const refreshed = await fx.provider.read(id, outs);
      const refreshedInputs = refreshed.inputs as Record<string, unknown>;
      assert.deepEqual(refreshedInputs.resources, { ...SIZED.resources, parallelism: 5 });
      assert.deepEqual(
        refreshedInputs.flinkConf,
        { "execution.checkpointing.interval": "60s" },
        "restart-strategy was removed in the console (drift); pipeline.name is not owned: not read back",
      );
      const diff = await fx.provider.diff(id, refreshed.props, inputs);
      assert.equal(diff.changes, true);
      const { outs: updated } = await fx.provider.update(
        id,
        refreshed.props as Record<string, unknown>,
        inputs,
      );
      const deployment = deploymentOf(fx, updated ?? {});
      assert.equal(deployment.streamingResourceSetting?.basicResourceSetting?.parallelism, 2, "restored");
      assert.equal(deployment.flinkConf?.["pipeline.name"], "console-name", "unowned: left alone");
      assert.equal(deployment.flinkConf?.["restart-strategy"], "fixed-delay", "restored");
      const again = await fx.provider.read(id, updated ?? {});
      assert.equal((await fx.provider.diff(id, again.props, inputs)).changes, false);
      await fx.provider.delete(id, updated);
    });
  });

  withFixture({}, (fixture) => {
    it("Autopilot on: a simulated rescale causes no diff and no write; observedParallelism reports it", async () => {
      const fx = fixture();
      const { id, inputs, outs } = await create(fx, {
        resources: { parallelism: 2 },
        flinkConf: { "restart-strategy": "fixed-delay" },
        autotuning: { mode: "autopilot", limits: { maxParallelism: 8, maxMemory: "64 GiB" } },
      });
      const policy = fx.emulator.snapshot().autopilot?.[String(outs.deploymentId)];
      assert.equal(policy?.enabled, true);
      assert.equal((policy?.policyConfig as { limits: Record<string, unknown> }).limits.jobMaxParallelism, 8);
      assert.equal(
        (policy?.policyConfig as { limits: Record<string, unknown> }).limits.jobMaxMemory,
        "64 GiB",
      );
      assert.equal(
        deploymentOf(fx, outs).streamingResourceSetting?.basicResourceSetting?.parallelism,
        1,
        "the parallelism belongs to Autopilot: not written",
      );
      await fx.admin("autopilot/rescale", { deploymentId: outs.deploymentId, parallelism: 6 });
      const refreshed = await fx.provider.read(id, outs);
      assert.equal(refreshed.props?.observedParallelism, 6);
      assert.deepEqual((refreshed.inputs as Record<string, unknown>).autotuning, inputs.autotuning);
      assert.equal((await fx.provider.diff(id, refreshed.props, inputs)).changes, false, "no diff");
      const { lines } = await requestsOf(fx, "update while Autopilot is on", () =>
        fx.provider.update(id, refreshed.props as Record<string, unknown>, inputs),
      );
      assert.ok(
        !lines.some((l) => /UpdateDeployment|UpdateAutopilotPolicy|HotUpdateJob|StopJob|StartJob/.test(l)),
        lines.join("\n"),
      );
      assert.equal(jobOf(fx, outs).resources?.streamingResourceSetting.basicResourceSetting?.parallelism, 6);
      await fx.provider.delete(id, refreshed.props as Record<string, unknown>);
    });
  });

  withFixture({ hotUpdateUpdatesDeployment: false }, (fixture) => {
    it("a service whose hot update leaves the deployment alone: the PUT follows, and no restart", async () => {
      const fx = fixture();
      const { id, inputs, outs } = await create(fx, { ...SIZED, hotUpdate: "auto" });
      const news = {
        ...inputs,
        flinkConf: { ...SIZED.flinkConf, "execution.checkpointing.interval": "30s" },
      };
      const { result, lines } = await requestsOf(fx, "hot update, deployment written after", () =>
        fx.provider.update(id, outs, news),
      );
      const updated = result.outs as Record<string, unknown>;
      assert.equal(updated.jobId, outs.jobId, "no restart");
      assert.ok(lines.some((l) => / HotUpdateJob 200/.test(l)));
      assert.ok(lines.some((l) => / UpdateDeployment 200/.test(l)));
      assert.equal(deploymentOf(fx, updated).flinkConf?.["execution.checkpointing.interval"], "30s");
      assert.ok(fx.logs.some((l) => /runs the new settings after its hot update: no restart/.test(l)));
      await fx.provider.delete(id, updated);
    });

    it('upgradeStrategy "none" leaves the job running and says so (deploymentHasChanged)', async () => {
      const fx = fixture();
      const { id, inputs, outs } = await create(fx, { ...SIZED, upgradeStrategy: "none" });
      const news = { ...inputs, resources: { ...SIZED.resources, parallelism: 3 } };
      const { outs: updated } = await fx.provider.update(id, outs, news);
      assert.equal(updated?.jobId, outs.jobId);
      assert.equal(updated?.deploymentHasChanged, true);
      assert.equal(
        deploymentOf(fx, updated ?? {}).streamingResourceSetting?.basicResourceSetting?.parallelism,
        3,
      );
      assert.ok(fx.logs.some((l) => /keeps running the previous version \(upgradeStrategy "none"\)/.test(l)));
      await fx.provider.delete(id, updated);
    });
  });

  withFixture({ deploymentTargetQuota: { cpu: 10, memory: "40 GiB" } }, (fixture) => {
    it("preview: a job that cannot fit its queue's quota fails check with the numbers", async () => {
      const fx = fixture();
      const { id, inputs, outs } = await create(fx, SIZED);
      const news = { ...inputs, resources: { ...SIZED.resources, parallelism: 12 } };
      const result = await fx.provider.check(inputs, news);
      const failure = (result.failures ?? []).find((f) => f.property === "resources");
      assert.ok(failure, JSON.stringify(result.failures));
      assert.match(
        failure.reason,
        /the job would need 13 CPU \/ 50 GiB \(now 3 CPU \/ 10 GiB\) but queue default-queue has 10 CPU \/ 40 GiB free for it \(limit 10 CPU \/ 40 GiB, used 3 CPU \/ 10 GiB, of which this job 3 CPU \/ 10 GiB\)/,
      );
      const fits = await fx.provider.check(inputs, {
        ...inputs,
        resources: { ...SIZED.resources, parallelism: 3 },
      });
      assert.deepEqual(fits.failures, []);
      assert.ok(fx.logs.some((l) => /resources: the job's total 3 CPU \/ 10 GiB → 4 CPU \/ 14 GiB/.test(l)));
      await fx.provider.delete(id, outs);
    });
  });

  for (const mode of ["merge", "replace"] as const) {
    for (const keeps of [true, false]) {
      describe(`updateDeploymentMode ${mode}, redeployKeepsSettings ${keeps}`, () => {
        withFixture({ updateDeploymentMode: mode, redeployKeepsSettings: keeps }, (fixture) => {
          it("converges: a redeploy keeps (or gets back) the owned settings, the job runs them", async () => {
            const fx = fixture();
            const { id, inputs, outs } = await create(fx, { ...SIZED, labels: { team: "data" } });
            const { outs: updated } = await fx.provider.update(id, outs, { ...inputs, sql: CHANGED_SQL });
            const deployment = deploymentOf(fx, updated ?? {});
            assert.equal(deployment.streamingResourceSetting?.basicResourceSetting?.parallelism, 2);
            assert.equal(deployment.flinkConf?.["restart-strategy"], "fixed-delay");
            assert.equal(deployment.labels?.team, "data", "the whole deployment went back in the PUT");
            assert.equal(deployment.artifact?.sqlArtifact?.sqlScript, CHANGED_SQL);
            const job = jobOf(fx, updated ?? {});
            assert.equal(job.resources?.streamingResourceSetting.basicResourceSetting?.parallelism, 2);
            assert.equal(job.resources?.flinkConf?.["restart-strategy"], "fixed-delay");
            assert.equal(updated?.deploymentHasChanged, false);
            assert.ok(
              keeps
                ? fx.logs.some((l) => /already has the program's settings/.test(l))
                : fx.logs.some((l) => /updated the settings of deployment/.test(l)),
            );
            await fx.provider.delete(id, updated);
          });
        });
      });
    }
  }
});
