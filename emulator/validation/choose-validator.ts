/**
 * Which SQL validator an emulator uses: `sqlValidator` "flink" (Apache Flink's
 * own parser and planner in the JVM sidecar, flink-sidecar.ts), "grammar"
 * (dt-sql-parser's FlinkSQL grammar, in process) or "auto" (the sidecar when
 * `java` is on PATH and its jar is built, else the grammar).
 *
 * The JVM is shared by every emulator of one process (a test run starts many):
 * it starts once (about 3 s) and stops a few seconds after the last emulator
 * using it closed, unless another one takes it over meanwhile.
 * Statements the planner cannot judge (VVR-only syntax) fall back to the grammar.
 */
import { findSidecarJar, javaAvailable, startFlinkSidecar, type FlinkSidecar } from "./flink-sidecar";
import { GrammarSqlValidator } from "./grammar-validator";
import type { SqlValidator } from "./sql-validator";

export type SqlValidatorChoice = "auto" | "flink" | "grammar" | SqlValidator;

let shared: { sidecar: Promise<FlinkSidecar>; users: number; linger?: NodeJS.Timeout } | undefined;

/** How long an unused JVM is kept for the next emulator (test files start one after another). */
const LINGER_MS = 5_000;

function acquireSidecar(log: (line: string) => void): Promise<FlinkSidecar> {
  if (!shared) {
    const grammar = new GrammarSqlValidator();
    grammar.warmUp();
    const sidecar = startFlinkSidecar({
      log,
      fallbackChecker: (statements) => grammar.validate({ statements, mode: "STREAMING" }),
    });
    shared = { sidecar, users: 0 };
    sidecar.catch(() => {
      shared = undefined;
    });
  }
  shared.users += 1;
  if (shared.linger) clearTimeout(shared.linger);
  shared.linger = undefined;
  return shared.sidecar;
}

/** One emulator's handle on the shared sidecar: closing it releases the JVM when no one else uses it. */
function sharedHandle(sidecar: FlinkSidecar): SqlValidator {
  let closed = false;
  return {
    kind: "flink",
    validate: (request) => sidecar.validate(request),
    close: async () => {
      if (closed || !shared) return;
      closed = true;
      shared.users -= 1;
      if (shared.users > 0) return;
      const idle = shared;
      // unref: the timer alone keeps no process alive; the JVM does until the timer closes it.
      idle.linger = setTimeout(() => {
        if (shared !== idle || idle.users > 0) return;
        shared = undefined;
        void sidecar.close();
      }, LINGER_MS);
      idle.linger.unref();
    },
  };
}

export function sidecarAvailable(): boolean {
  return javaAvailable() && findSidecarJar() !== undefined;
}

export async function chooseSqlValidator(
  choice: SqlValidatorChoice,
  log: (line: string) => void = () => undefined,
): Promise<SqlValidator> {
  if (typeof choice === "object") return choice;
  if (choice === "flink" || (choice === "auto" && sidecarAvailable())) {
    try {
      return sharedHandle(await acquireSidecar(log));
    } catch (err) {
      if (choice === "flink") throw err;
      log(
        `Flink SQL sidecar unavailable, using the grammar check: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  const grammar = new GrammarSqlValidator();
  // Load the grammar now (~0.5 s, once per process) rather than inside the first validation.
  grammar.warmUp();
  return grammar;
}
