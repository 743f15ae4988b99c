/**
 * Benchmark 5, emulator throughput: GetDeploymentDraft requests per second,
 * each signed (ACS3-HMAC-SHA256, fresh nonce) by the provider's real client
 * and verified by the emulator. The emulator runs as its CLI in its own
 * process; this process signs and sends with a fixed number in flight.
 */
import { startEmulatorProcess } from "../lib/emulator-process";
import { providerClient } from "./dist-modules";
import { ms, type BenchContext, type BenchResult } from "./types";

const IN_FLIGHT = 16;

export async function runEmulatorThroughput(ctx: BenchContext): Promise<BenchResult> {
  const durationMs = ctx.quick ? 3_000 : 10_000;
  const emulatorProcess = await startEmulatorProcess(["--ticket-ms", "50"]);
  const latencies: number[] = [];
  let errors = 0;
  let elapsedMs = 0;
  try {
    const { FlinkClient } = providerClient();
    const client = new FlinkClient({
      endpoint: emulatorProcess.endpoint,
      protocol: "http",
      credentials: {
        kind: "access-key",
        accessKeyId: emulatorProcess.accessKeyId,
        accessKeySecret: emulatorProcess.accessKeySecret,
      },
      retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    });
    const scope = { workspace: emulatorProcess.workspace, namespace: emulatorProcess.namespace };
    const draft = await client.createDeploymentDraft(scope, {
      name: "throughput",
      engineVersion: "vvr-8.0.11-flink-1.17",
      executionMode: "STREAMING",
      artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: "SELECT 1;" } },
    });
    const id = draft.deploymentDraftId ?? "";
    // Warm-up: connections and JIT.
    for (let i = 0; i < 200; i++) await client.getDeploymentDraft(scope, id);

    ctx.progress(`emulator: GetDeploymentDraft for ${durationMs / 1000} s, ${IN_FLIGHT} in flight`);
    const started = performance.now();
    const deadline = started + durationMs;
    const worker = async (): Promise<void> => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        try {
          await client.getDeploymentDraft(scope, id);
          latencies.push(performance.now() - sent);
        } catch {
          errors += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    elapsedMs = performance.now() - started;
  } finally {
    await emulatorProcess.stop();
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const rps = latencies.length / (elapsedMs / 1000);
  ctx.progress(`emulator: ${rps.toFixed(0)} requests/s`);
  return {
    name: "emulator",
    rows: [
      {
        section: "5 emulator",
        metric: `GetDeploymentDraft, signed + verified, ${IN_FLIGHT} in flight`,
        ours: `${rps.toFixed(0)} req/s (p50 ${ms(at(0.5))}, p99 ${ms(at(0.99))}, ${errors} errors)`,
      },
    ],
    data: {
      durationMs,
      inFlight: IN_FLIGHT,
      requests: latencies.length,
      errors,
      requestsPerSecond: rps,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
    },
    notes: [
      `The emulator CLI (dist/emulator/cli.js) in its own process; this process runs the provider's FlinkClient (real @alicloud/openapi-client, ACS3-HMAC-SHA256 signature with a fresh nonce per request), ${IN_FLIGHT} requests in flight for ${durationMs / 1000} s after 200 warm-up requests. Both sides share the machine's CPUs, so this is the throughput of the pair.`,
    ],
  };
}
