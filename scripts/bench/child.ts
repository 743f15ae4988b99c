/**
 * Runs a measurement in a fresh Node process: cold-start costs (loading the
 * provider, the SQL grammar) are then the ones a new provider process pays,
 * and a measurement that runs too long can be stopped.
 *
 * The child file calls `serveMeasurement` with its work function.
 */
import { fork } from "node:child_process";

export interface ChildOutcome<T> {
  result?: T;
  timedOut: boolean;
  error?: string;
}

export function runInChild<T>(file: string, payload: unknown, timeoutMs: number): Promise<ChildOutcome<T>> {
  return new Promise((resolve) => {
    const child = fork(file, [], {
      execArgv: ["--require", "tsx/cjs"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let settled = false;
    const finish = (outcome: ChildOutcome<T>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish({ timedOut: true });
    }, timeoutMs);
    child.on("message", (message: unknown) => {
      const reply = message as { result?: T; error?: string };
      finish({ result: reply.result, error: reply.error, timedOut: false });
    });
    child.on("exit", (code) =>
      finish({ timedOut: false, error: `measurement process exited with code ${code}` }),
    );
    child.send(payload as object);
  });
}

/** In the child: answer the one payload with `work`'s result, then exit. */
export function serveMeasurement(work: (payload: unknown) => Promise<unknown>): void {
  process.once("message", (payload: unknown) => {
    work(payload).then(
      (result) => process.send?.({ result }, () => process.exit(0)),
      (err: unknown) =>
        process.send?.({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () =>
          process.exit(1),
        ),
    );
  });
}
