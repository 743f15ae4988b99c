/**
 * Apache Flink's own planner, asked by the review for the stateful operators of
 * a script: the sidecar of tools/flink-sql-validator (Flink 1.20.3 in a JVM,
 * started once per provider process, JSON lines over stdin/stdout) compiles
 * each INSERT (or statement set) and answers with the exec nodes that keep
 * state and what that state is keyed by (PlanSummary.java).
 *
 * The emulator speaks to the same sidecar with a client of its own: the
 * emulator is the provider's oracle and shares no code with it (lint), so this
 * is the provider's client, compile-only and small.
 *
 * Where the planner comes from: `ALICLOUD_FLINK_PLANNER`
 *   - `auto` (default): `$FLINK_SQL_VALIDATOR_JAR`, else the jar built in this
 *     checkout (`node scripts/ensure-sidecar.js`), when `java` runs;
 *   - `off`: never (the published rules alone decide);
 *   - a path: that jar (an error in the review's notes if it is missing).
 * Without a planner the review says so and uses the published rules.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { z } from "zod";

export type PlannerSetting = { kind: "off" } | { kind: "auto" } | { kind: "jar"; jar: string };

export const PLANNER_ENV = "ALICLOUD_FLINK_PLANNER";

/** `ALICLOUD_FLINK_PLANNER` read: auto (also when unset or empty), off, or a jar path. */
export function plannerSetting(env: Readonly<Record<string, string | undefined>>): PlannerSetting {
  const raw = (env[PLANNER_ENV] ?? "").trim();
  if (raw === "" || raw.toLowerCase() === "auto") return { kind: "auto" };
  if (["off", "false", "0", "none"].includes(raw.toLowerCase())) return { kind: "off" };
  return { kind: "jar", jar: raw };
}

const JAR_FROM_ROOT = path.join("tools", "flink-sql-validator", "target", "flink-sql-validator.jar");

/** The jar a setting points at, or why there is none (a sentence for the review's notes). */
export function locateJar(
  setting: PlannerSetting,
  env: Readonly<Record<string, string | undefined>>,
  from: string = __dirname,
): { jar: string } | { unavailable: string } {
  if (setting.kind === "off") return { unavailable: `${PLANNER_ENV} is off` };
  if (setting.kind === "jar") {
    return fs.existsSync(setting.jar)
      ? { jar: setting.jar }
      : { unavailable: `${PLANNER_ENV} names ${setting.jar}, which does not exist` };
  }
  const fromEnv = env.FLINK_SQL_VALIDATOR_JAR;
  if (fromEnv) {
    return fs.existsSync(fromEnv)
      ? { jar: fromEnv }
      : { unavailable: `FLINK_SQL_VALIDATOR_JAR names ${fromEnv}, which does not exist` };
  }
  for (let dir = from; ; dir = path.dirname(dir)) {
    const jar = path.join(dir, JAR_FROM_ROOT);
    if (fs.existsSync(jar)) return { jar };
    if (path.dirname(dir) === dir) break;
  }
  return {
    unavailable:
      `no Flink planner jar (set ${PLANNER_ENV} to the path of flink-sql-validator.jar, ` +
      "or run `node scripts/ensure-sidecar.js` in a checkout)",
  };
}

/** One exec node of a compiled plan that keeps state. */
export interface PlanOperator {
  /** "group-aggregate", "window-aggregate", "join", "rank", "deduplicate", "over-aggregate", "match", … */
  kind: string;
  /** Flink's one-line description of the node (field names, functions). */
  description: string;
  /** Declared state entries, by name (empty for kinds that keep undeclared state, e.g. windows). */
  state: string[];
  /** The node's output row type, e.g. `ROW<\`a\` INT, \`b\` BIGINT>`. */
  outputType: string;
  /** The tables of the sinks it feeds, as Flink names them (`\`default_catalog\`.\`default_database\`.\`totals\``). */
  sinks: string[];
}

/** One job graph: an INSERT, or the INSERTs of a statement set planned together. */
export interface CompiledJob {
  /** 0-based indices of the statements (as sent) the job was compiled from. */
  statements: number[];
  operators: PlanOperator[];
}

export interface CompiledScript {
  jobs: CompiledJob[];
  /** What the planner refused, or could not compile (statements it leaves to a grammar check). */
  problems: string[];
}

export interface PlannerStatement {
  text: string;
  /** 1-based line and column of the statement's first character. */
  line: number;
  column: number;
}

export interface FlinkPlanner {
  /** The planner's Flink version, e.g. "1.20.3". */
  readonly flinkVersion: string;
  compile(statements: readonly PlannerStatement[], mode: "STREAMING" | "BATCH"): Promise<CompiledScript>;
  close(): Promise<void>;
}

const ReadySchema = z.object({ ready: z.literal(true), flinkVersion: z.string() });
const ResponseSchema = z.object({
  id: z.number().int().nullable(),
  ok: z.boolean(),
  problems: z.array(z.object({ line: z.number(), column: z.number(), message: z.string() })),
  fallback: z.array(z.number().int()).optional(),
  plans: z
    .array(
      z.object({
        statements: z.array(z.number().int()),
        operators: z.array(
          z.object({
            type: z.string(),
            description: z.string(),
            state: z.array(z.object({ name: z.string() })),
            outputType: z.string(),
            sinks: z.array(z.string()).default([]),
          }),
        ),
      }),
    )
    .optional(),
});

/**
 * Fast start, small heap, C1 only (tools/flink-sql-validator/README.md). They must
 * stay those of scripts/ensure-sidecar.js's JVM_ARGS, with which the class-data
 * archive is trained: a JVM started with other options ignores the archive.
 */
const JVM_ARGS = [
  "-XX:+UseSerialGC",
  "-XX:TieredStopAtLevel=1",
  "-XX:CompileThresholdScaling=0.2",
  "-Xss8m",
  "-Xmx1g",
  "-Xlog:disable",
  "-Xlog:all=warning:stderr",
];

/**
 * No background JIT warm-up (Warmer.java): it serves a long-lived validator's
 * later requests, while a provider process asks for a few compiles and exits;
 * the warm-up would only take CPU from the rest of the `pulumi up`. A system
 * property does not affect the class-data archive.
 */
const NO_WARM_UP = "-Dflink-sql-validator.no-background-warm-up=true";

export interface StartOptions {
  jar: string;
  /** spawn → ready line (default 60 s: a cold JVM on a busy machine is slow). */
  startTimeoutMs?: number;
  /** per compile request (default 30 s). */
  requestTimeoutMs?: number;
  /** the sidecar's stderr, line by line. */
  log?: (line: string) => void;
}

/** Whether `java` runs (checked once per process). */
let javaRuns: boolean | undefined;
export function javaAvailable(): boolean {
  if (javaRuns === undefined) {
    const result = spawnSync("java", ["-version"], { stdio: "ignore", timeout: 10_000 });
    javaRuns = result.error === undefined && result.status === 0;
  }
  return javaRuns;
}

/** Starts the JVM and waits for its ready line. Rejects with a sentence when it cannot. */
export async function startFlinkPlanner(options: StartOptions): Promise<FlinkPlanner> {
  const archive = options.jar.replace(/\.jar$/, "") + ".jsa";
  const shared = isNewer(archive, options.jar) ? [`-XX:SharedArchiveFile=${archive}`] : [];
  const child = spawn("java", [...JVM_ARGS, NO_WARM_UP, ...shared, "-jar", options.jar], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const planner = new SidecarPlanner(child, options.requestTimeoutMs ?? 30_000, options.log ?? (() => {}));
  await planner.ready(options.startTimeoutMs ?? 60_000);
  return planner;
}

function isNewer(file: string, than: string): boolean {
  try {
    return fs.statSync(file).mtimeMs >= fs.statSync(than).mtimeMs;
  } catch {
    return false;
  }
}

class SidecarPlanner implements FlinkPlanner {
  flinkVersion = "";
  /** Answers awaited, by request id; id 0 is the ready line (requests count from 1). */
  private readonly pending = new Map<number, (line: string | Error) => void>();
  private nextId = 1;
  private exited: Error | undefined;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly requestTimeoutMs: number,
    log: (line: string) => void,
  ) {
    readline.createInterface({ input: child.stderr }).on("line", log);
    readline.createInterface({ input: child.stdout }).on("line", (line) => this.receive(line));
    const settleAll = (why: Error): void => {
      this.exited = why;
      for (const settle of this.pending.values()) settle(why);
      this.pending.clear();
    };
    child.on("error", (err) => settleAll(new Error(`could not start the Flink planner: ${err.message}`)));
    child.on("exit", (code, signal) =>
      settleAll(new Error(`the Flink planner stopped (${signal ?? `exit code ${String(code)}`})`)),
    );
    // The provider process must be free to exit while the JVM idles: the JVM ends
    // by itself when its stdin closes with us.
    this.idle();
  }

  ready(timeoutMs: number): Promise<void> {
    this.busy();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.child.kill("SIGKILL");
        reject(new Error(`the Flink planner did not start within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(0, (line) => {
        clearTimeout(timer);
        this.idle();
        if (line instanceof Error) return reject(line);
        this.flinkVersion = ReadySchema.parse(JSON.parse(line)).flinkVersion;
        resolve();
      });
    });
  }

  async compile(
    statements: readonly PlannerStatement[],
    mode: "STREAMING" | "BATCH",
  ): Promise<CompiledScript> {
    if (this.exited) throw this.exited;
    const id = this.nextId++;
    this.busy();
    let timer: NodeJS.Timeout | undefined;
    try {
      const line = await new Promise<string | Error>((resolve) => {
        this.pending.set(id, resolve);
        timer = setTimeout(() => {
          this.pending.delete(id);
          resolve(new Error(`the Flink planner did not answer within ${this.requestTimeoutMs} ms`));
        }, this.requestTimeoutMs);
        this.child.stdin.write(`${JSON.stringify({ id, kind: "compile", mode, statements })}\n`);
      });
      if (line instanceof Error) throw line;
      return toCompiled(ResponseSchema.parse(JSON.parse(line)));
    } finally {
      clearTimeout(timer);
      if (this.pending.size === 0) this.idle();
    }
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    await gone;
    clearTimeout(timer);
  }

  private receive(line: string): void {
    const awaitingReady = this.pending.get(0);
    if (awaitingReady) {
      if (!ReadySchema.safeParse(safeJson(line)).success) return;
      this.pending.delete(0);
      awaitingReady(line);
      return;
    }
    const id = z.object({ id: z.number().int() }).safeParse(safeJson(line));
    if (!id.success) return;
    const settle = this.pending.get(id.data.id);
    this.pending.delete(id.data.id);
    settle?.(line);
  }

  /** While a request is out, the pipes keep the process alive; idle, they do not. */
  private busy(): void {
    this.child.ref();
    for (const pipe of [this.child.stdin, this.child.stdout, this.child.stderr]) asHandle(pipe).ref?.();
  }

  private idle(): void {
    this.child.unref();
    for (const pipe of [this.child.stdin, this.child.stdout, this.child.stderr]) asHandle(pipe).unref?.();
  }
}

/** A child's pipes are sockets, which can be (un)referenced; the stream types do not say so. */
function asHandle(pipe: object): { ref?: () => void; unref?: () => void } {
  return pipe as { ref?: () => void; unref?: () => void };
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

function toCompiled(response: z.infer<typeof ResponseSchema>): CompiledScript {
  const problems = response.problems.map((p) => `line ${p.line}, column ${p.column}: ${p.message}`);
  if ((response.fallback ?? []).length > 0) {
    problems.push(
      `statement(s) ${(response.fallback ?? []).map((i) => i + 1).join(", ")} use what the planner does not have ` +
        "(a catalog, a user function, VVR-only syntax)",
    );
  }
  return {
    problems,
    jobs: (response.plans ?? []).map((plan) => ({
      statements: plan.statements,
      operators: plan.operators.map((op) => ({
        kind: op.type.replace(/^(stream|batch)-exec-/, "").replace(/_\d+$/, ""),
        description: op.description,
        state: op.state.map((s) => s.name),
        outputType: op.outputType,
        sinks: op.sinks,
      })),
    })),
  };
}
