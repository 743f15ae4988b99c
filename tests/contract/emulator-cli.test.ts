/**
 * Contract: the CLI prints exactly one JSON line on stdout when ready, serves signed requests from the
 * real client, and exits 0 on SIGTERM. Runs emulator/cli.ts through tsx (the built bin is the same code).
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { sidecarAvailable } from "../../emulator/validation/choose-validator";
import { admin, callApi, makeClient } from "./emulator-support";

const ROOT = path.resolve(__dirname, "../..");
const CLI = ["-r", "tsx/cjs", path.join(ROOT, "emulator/cli.ts")];
const EXAMPLE = path.join(ROOT, "emulator/emulator.config.example.json");

interface Ready {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  workspace: string;
  namespace: string;
}

function startCli(args: string[]): Promise<{ child: ChildProcess; ready: Ready; stdout: () => string }> {
  const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf("\n");
      if (newline !== -1) {
        resolve({ child, ready: JSON.parse(stdout.slice(0, newline)) as Ready, stdout: () => stdout });
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (code) => reject(new Error(`CLI exited early with ${code}: ${stderr}`)));
  });
}

describe("emulator CLI", () => {
  it("prints one JSON line, serves the real client, and exits 0 on SIGTERM", async () => {
    const { child, ready, stdout } = await startCli([
      "--port",
      "0",
      "--ticket-ms",
      "20",
      "--workspace",
      "ws-cli",
      "--namespace",
      "ns-cli",
      "--access-key-id",
      "LTAI5tCliKey",
      "--access-key-secret",
      "cli-secret",
    ]);
    try {
      assert.match(ready.endpoint, /^127\.0\.0\.1:\d+$/);
      assert.deepEqual(
        { ...ready, endpoint: "" },
        {
          endpoint: "",
          accessKeyId: "LTAI5tCliKey",
          accessKeySecret: "cli-secret",
          workspace: "ws-cli",
          namespace: "ns-cli",
          // "auto": Flink's planner when Java and the sidecar are there, else the grammar.
          sqlValidator: sidecarAvailable() ? "flink" : "grammar",
          clock: "wall",
        },
      );
      const emulator = { ...ready, port: Number(ready.endpoint.split(":")[1]) } as unknown as RunningEmulator;
      const listed = await callApi(makeClient(emulator), emulator, {
        action: "ListDeploymentDrafts",
        method: "GET",
        path: "/deployment-drafts",
      });
      assert.equal(listed.body.success, true);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      assert.equal(await exited, 0);
    }
    assert.equal(stdout().trim().split("\n").length, 1, "nothing but the ready line on stdout");
  });

  it("reads --config, with flags overriding the file, and applies --speed and duration ranges", async () => {
    const { child, ready } = await startCli([
      "--config",
      EXAMPLE,
      "--speed",
      "0.01",
      "--job-start-ms",
      "100-300",
      // Nothing here validates SQL: no JVM to start (the first test covers "auto").
      "--sql-validator",
      "grammar",
    ]);
    try {
      assert.equal(ready.workspace, "ws-analytics");
      assert.equal(ready.namespace, "analytics-prod");
      assert.equal(ready.accessKeyId, "LTAI5tDeployerKey");
      const emulator = { ...ready, port: Number(ready.endpoint.split(":")[1]) } as unknown as RunningEmulator;
      const durations = await admin(emulator, "POST", "durations", {});
      assert.deepEqual(durations.body, {
        validate: { min: 200, max: 800 },
        deploy: { min: 500, max: 1500 },
        jobStart: { min: 100, max: 300 },
        jobStop: { min: 300, max: 600 },
        hotUpdate: { min: 2000, max: 6000 },
        speed: 0.01,
        seed: 7,
      });
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      assert.equal(await exited, 0);
    }
  });

  it("fails on a bad config file naming the field, and on a bad duration flag", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "emulator-cli-"));
    const file = path.join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ locks: { onConflict: "wait" } }));
    const bad = spawnSync(process.execPath, [...CLI, "--config", file], { cwd: ROOT, encoding: "utf8" });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /locks\.onConflict/);
    assert.equal(bad.stdout, "");
    const range = spawnSync(process.execPath, [...CLI, "--ticket-ms", "800-200"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(range.status, 2);
    assert.match(range.stderr, /--ticket-ms/);
  });

  it("prints usage for --help and exits 2 on an unknown option", () => {
    const help = spawnSync(process.execPath, [...CLI, "--help"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--ticket-ms/);
    const bad = spawnSync(process.execPath, [...CLI, "--bogus"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /bogus/);
  });
});
