/**
 * Starts the emulator's CLI (dist/emulator/cli.js, the `alicloud-flink-emulator`
 * bin) as a child process, the way users run it in their CI, and reads the one
 * JSON line it prints when ready.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";
import { z } from "zod";

const readyLineSchema = z.object({
  endpoint: z.string(),
  accessKeyId: z.string(),
  accessKeySecret: z.string(),
  workspace: z.string(),
  namespace: z.string(),
});
export type EmulatorEndpoint = z.infer<typeof readyLineSchema>;

export interface EmulatorProcess extends EmulatorEndpoint {
  /** Plain-HTTP base URL, for the admin API. */
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(args: string[] = []): Promise<EmulatorProcess> {
  const cli = path.resolve(__dirname, "..", "..", "dist", "emulator", "cli.js");
  const child: ChildProcess = spawn(process.execPath, [cli, "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const stdout = child.stdout;
  if (!stdout) throw new Error("emulator: no stdout pipe");
  const lines = readline.createInterface({ input: stdout });

  const ready = await new Promise<EmulatorEndpoint>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("emulator did not print its ready line within 15 s")),
      15_000,
    );
    child.once("exit", (code) => reject(new Error(`emulator exited (code ${code}) before it was ready`)));
    lines.once("line", (line) => {
      clearTimeout(timer);
      try {
        resolve(readyLineSchema.parse(JSON.parse(line)));
      } catch (err) {
        reject(new Error(`emulator printed an unexpected ready line: ${line} (${String(err)})`));
      }
    });
  });

  return {
    ...ready,
    baseUrl: `http://${ready.endpoint}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
