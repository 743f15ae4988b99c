/**
 * Contract: the admin API cannot be reached by strangers. It is off when the
 * emulator runs with `--no-admin` (CLI) and, when on, answers only loopback
 * callers even if the emulator listens on every interface. (Forged requests —
 * tampered bodies, replayed nonces, stale dates, wrong or unknown keys,
 * unsigned requests — are covered by emulator-gateway.test.ts and
 * emulator-skeleton.test.ts.)
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as os from "node:os";
import path from "node:path";
import { type RunningEmulator } from "../../emulator";
import { callApi, makeClient, startEmulator } from "./emulator-support";

const ROOT = path.resolve(__dirname, "../..");

/** A non-loopback IPv4 address of this machine, if it has one. */
function externalAddress(): string | undefined {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return undefined;
}

describe("emulator security: the admin API", () => {
  it("is off with the CLI's --no-admin, while the API still answers", async () => {
    const child = spawn(
      process.execPath,
      // No SQL is validated here: the grammar, so that no JVM starts.
      [
        "-r",
        "tsx/cjs",
        path.join(ROOT, "emulator/cli.ts"),
        "--port",
        "0",
        "--no-admin",
        "--sql-validator",
        "grammar",
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const ready = await new Promise<Record<string, string>>((resolve, reject) => {
        let stdout = "";
        child.stdout?.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes("\n")) resolve(JSON.parse(stdout.split("\n")[0]) as Record<string, string>);
        });
        child.on("exit", (code) => reject(new Error(`the CLI exited with ${code}`)));
      });
      for (const route of ["state", "requests", "faults"]) {
        const response = await fetch(`http://${ready.endpoint}/__admin/${route}`);
        assert.equal(response.status, 404, `GET /__admin/${route}`);
      }
      const reset = await fetch(`http://${ready.endpoint}/__admin/reset`, { method: "POST" });
      assert.equal(reset.status, 404, "POST /__admin/reset");
      const emulator = { ...ready, port: Number(ready.endpoint.split(":")[1]) } as unknown as RunningEmulator;
      const listed = await callApi(makeClient(emulator), emulator, {
        action: "ListDeploymentDrafts",
        method: "GET",
        path: "/deployment-drafts",
      });
      assert.equal(listed.body.success, true);
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
  });

  it("answers loopback callers only, even when the emulator listens on every interface", async function () {
    const address = externalAddress();
    if (!address) this.skip(); // No non-loopback interface to call from.
    const emulator = await startEmulator({ host: "0.0.0.0" });
    try {
      const local = await fetch(`http://127.0.0.1:${emulator.port}/__admin/state`);
      assert.equal(local.status, 200);
      for (const [method, route] of [
        ["GET", "state"],
        ["GET", "requests"],
        ["POST", "reset"],
        ["POST", "throttle"],
      ]) {
        const remote = await fetch(`http://${address}:${emulator.port}/__admin/${route}`, {
          method,
          headers: { "content-type": "application/json" },
          body: method === "POST" ? JSON.stringify({ requestsPerSecond: 1 }) : undefined,
        });
        assert.equal(remote.status, 403, `${method} /__admin/${route} from ${address}`);
        assert.match(await remote.text(), /loopback/);
      }
    } finally {
      await emulator.close();
    }
  });

  it("listens on loopback unless told otherwise", async () => {
    const emulator = await startEmulator();
    try {
      assert.match(emulator.endpoint, /^127\.0\.0\.1:\d+$/);
      const address = externalAddress();
      if (address) {
        await assert.rejects(
          fetch(`http://${address}:${emulator.port}/__admin/state`),
          "not reachable from outside",
        );
      }
    } finally {
      await emulator.close();
    }
  });
});
