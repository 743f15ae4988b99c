// Client of the Flink SQL validator sidecar (tools/flink-sql-validator): Apache
// Flink's own parser and planner in a JVM started once, spoken to in JSON lines
// over stdin/stdout. See tools/flink-sql-validator/README.md for the protocol.
//
// One request at a time; each has a time limit, after which the JVM is killed and
// started again on the next request. A JVM that dies is started again too.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import { z } from "zod";

export interface SqlProblem {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}

export interface SidecarStatement {
  text: string;
  /** 1-based script line of the statement's first character */
  line: number;
  /** 1-based script column of the statement's first character (default 1) */
  column?: number;
}

export interface ValidationRequest {
  statements: SidecarStatement[];
  mode: "STREAMING" | "BATCH";
}

export interface SqlValidator {
  readonly kind: "flink" | "grammar";
  validate(request: ValidationRequest): Promise<SqlProblem[]>;
  close(): Promise<void>;
}

/** A problem the planner found, with the 0-based index of its statement when known. */
export interface SidecarProblem extends SqlProblem {
  statement?: number;
}

/** A statement the sidecar left to the grammar check (VVR-only syntax, user jars, ...). */
export interface FallbackStatement extends SidecarStatement {
  /** 0-based index in the request */
  index: number;
}

export interface SidecarCheck {
  problems: SidecarProblem[];
  /** statements to check with the grammar instead */
  fallback: FallbackStatement[];
}

export interface StateEntry {
  index: number;
  ttl: string;
  name: string;
}

/** An exec node of a compiled plan that keeps state. */
export interface StatefulOperator {
  id: number;
  /** e.g. "stream-exec-group-aggregate_1" */
  type: string;
  description: string;
  /** declared state entries (empty for kinds that keep undeclared state, e.g. windows) */
  state: StateEntry[];
  /** what the state is keyed by and holds: grouping, partitionSpec, joinSpec, aggCalls, ... as in the plan */
  keys: Record<string, unknown>;
  outputType: string;
}

export interface PlanOfStatements {
  /** indices of the INSERT statements compiled together (one, or a statement set) */
  statements: number[];
  operators: StatefulOperator[];
}

export interface SidecarCompile extends SidecarCheck {
  plans: PlanOfStatements[];
}

/** Grammar check for the statements the sidecar left out; its problems join validate()'s. */
export type FallbackChecker = (statements: FallbackStatement[]) => SqlProblem[] | Promise<SqlProblem[]>;

export interface FlinkSidecar extends SqlValidator {
  readonly kind: "flink";
  /** Flink version of the planner, once started */
  readonly flinkVersion: string | undefined;
  /** Used by validate() for the statements that come back in `fallback`; unset, they are not checked. */
  fallbackChecker?: FallbackChecker;
  /** The planner's problems and the statements left to the grammar, separately. */
  check(request: ValidationRequest): Promise<SidecarCheck>;
  /** Like check(), plus each INSERT's (or statement set's) stateful operators from its compiled plan. */
  compile(request: ValidationRequest): Promise<SidecarCompile>;
}

export interface FlinkSidecarOptions {
  /** the fat jar (default: findSidecarJar()) */
  jar?: string;
  /** per request, including a JVM start when one is needed (default 20 s) */
  requestTimeoutMs?: number;
  /** added to the time limit per KB of SQL (default 250 ms; a 100 KB script takes a few seconds to plan) */
  timeoutPerKbMs?: number;
  /** spawn → ready line (default 60 s: a cold JVM on a busy machine is slow) */
  startTimeoutMs?: number;
  /** the sidecar's stderr, line by line, and the client's own notes */
  log?: (line: string) => void;
  fallbackChecker?: FallbackChecker;
  /** default "java" */
  javaCommand?: string;
  /** JVM options before -jar */
  jvmArgs?: string[];
  /**
   * The class-data sharing archive that scripts/ensure-sidecar.js writes next to the jar
   * (default: `<jar without .jar>.jsa`, used when it is newer than the jar); false: none.
   */
  classDataArchive?: string | false;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;
export const DEFAULT_TIMEOUT_PER_KB_MS = 250;
const DEFAULT_START_TIMEOUT_MS = 60_000;
const JAR_FROM_ROOT = path.join("tools", "flink-sql-validator", "target", "flink-sql-validator.jar");
/**
 * Fast start and a small footprint; the stack is for deeply nested expressions. C1 only:
 * on a small shared machine C2's compiler threads cost more than they give back within
 * the minutes a validator lives; C1 compiling at a fifth of the usual invocation counts
 * reaches fast planning after a few requests instead of dozens (warm 100 KB script: ≈3 s
 * instead of ≈7 s). scripts/ensure-sidecar.js builds the class-data archive with the same options.
 */
const DEFAULT_JVM_ARGS = [
  "-XX:+UseSerialGC",
  "-XX:TieredStopAtLevel=1",
  "-XX:CompileThresholdScaling=0.2",
  "-Xss8m",
  "-Xmx1g",
];

/**
 * JVM options for the class-data sharing archive of `jar`, if there is an up-to-date one.
 * HotSpot's own messages (e.g. an archive made by another JDK, then ignored) go to stderr:
 * stdout is the protocol's.
 */
export function classDataArgs(jar: string, archive?: string | false): string[] {
  const quiet = ["-Xlog:disable", "-Xlog:all=warning:stderr"];
  if (archive === false) return quiet;
  const file = archive ?? jar.replace(/\.jar$/, "") + ".jsa";
  try {
    if (fs.statSync(file).mtimeMs < fs.statSync(jar).mtimeMs) return quiet;
  } catch {
    return quiet;
  }
  return [...quiet, `-XX:SharedArchiveFile=${file}`];
}

const readySchema = z.object({ ready: z.literal(true), flinkVersion: z.string() });

const problemSchema = z.object({
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int().optional(),
  endColumn: z.number().int().optional(),
  message: z.string(),
  statement: z.number().int().optional(),
});

const operatorSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  description: z.string(),
  state: z.array(z.object({ index: z.number().int(), ttl: z.string(), name: z.string() })),
  keys: z.record(z.string(), z.unknown()),
  outputType: z.string(),
});

const responseSchema = z.object({
  id: z.number().int().nullable(),
  ok: z.boolean(),
  problems: z.array(problemSchema),
  fallback: z.array(z.number().int()).optional(),
  plans: z
    .array(z.object({ statements: z.array(z.number().int()), operators: z.array(operatorSchema) }))
    .optional(),
});
type SidecarResponse = z.infer<typeof responseSchema>;

function packageRoot(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "tools"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The built jar: $FLINK_SQL_VALIDATOR_JAR, else tools/flink-sql-validator/target/ of this checkout. */
export function findSidecarJar(): string | undefined {
  const fromEnv = process.env.FLINK_SQL_VALIDATOR_JAR;
  if (fromEnv !== undefined && fromEnv !== "") return fs.existsSync(fromEnv) ? fromEnv : undefined;
  const root = packageRoot(__dirname);
  if (root === undefined) return undefined;
  const jar = path.join(root, JAR_FROM_ROOT);
  return fs.existsSync(jar) ? jar : undefined;
}

let javaFound: boolean | undefined;

/** Whether `java` runs (checked once per process). */
export function javaAvailable(): boolean {
  if (javaFound === undefined) {
    const result = spawnSync("java", ["-version"], { stdio: "ignore", timeout: 10_000 });
    javaFound = result.error === undefined && result.status === 0;
  }
  return javaFound;
}

class SidecarError extends Error {}

/** One JVM: its ready line, then one response line per request line. */
class SidecarProcess {
  private readonly pending = new Map<number, (line: string | SidecarError) => void>();
  private exited = false;
  flinkVersion = "";

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {}

  static start(
    command: string,
    args: string[],
    startTimeoutMs: number,
    log: (line: string) => void,
  ): Promise<SidecarProcess> {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    const sidecar = new SidecarProcess(child);
    readline.createInterface({ input: child.stderr }).on("line", (line) => log(line));
    const lines = readline.createInterface({ input: child.stdout });
    return new Promise<SidecarProcess>((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(() => {
        sidecar.kill();
        reject(new SidecarError(`the Flink SQL validator did not start within ${startTimeoutMs} ms`));
      }, startTimeoutMs);
      child.on("error", (error) => {
        clearTimeout(timer);
        reject(new SidecarError(`could not start the Flink SQL validator: ${error.message}`));
      });
      child.on("exit", (code, signal) => {
        sidecar.exited = true;
        clearTimeout(timer);
        const why = new SidecarError(
          `the Flink SQL validator stopped (${signal ?? `exit code ${String(code)}`})`,
        );
        if (!ready) reject(why);
        for (const settle of sidecar.pending.values()) settle(why);
        sidecar.pending.clear();
      });
      lines.on("line", (line) => {
        if (!ready) {
          const parsed = readySchema.safeParse(safeJson(line));
          if (!parsed.success) {
            log(`unexpected line before ready: ${line}`);
            return;
          }
          ready = true;
          clearTimeout(timer);
          sidecar.flinkVersion = parsed.data.flinkVersion;
          resolve(sidecar);
          return;
        }
        const id = z.object({ id: z.number().int() }).safeParse(safeJson(line));
        const settle = id.success ? sidecar.pending.get(id.data.id) : undefined;
        if (id.success && settle !== undefined) {
          sidecar.pending.delete(id.data.id);
          settle(line);
        } else {
          log(`unexpected line from the validator: ${line.slice(0, 200)}`);
        }
      });
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** The response line for `request`, or a SidecarError if the JVM dies first. */
  send(id: number, request: object): Promise<string | SidecarError> {
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  }

  kill(): void {
    if (!this.exited) this.child.kill("SIGKILL");
  }

  async close(graceMs: number): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.kill(), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

class FlinkSidecarClient implements FlinkSidecar {
  readonly kind = "flink" as const;
  fallbackChecker?: FallbackChecker;
  private process: SidecarProcess | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly command: string,
    private readonly args: string[],
    private readonly requestTimeoutMs: number,
    private readonly timeoutPerKbMs: number,
    private readonly startTimeoutMs: number,
    private readonly log: (line: string) => void,
    fallbackChecker: FallbackChecker | undefined,
  ) {
    this.fallbackChecker = fallbackChecker;
  }

  get flinkVersion(): string | undefined {
    return this.process?.flinkVersion;
  }

  /** Starts the JVM (used by startFlinkSidecar so that a missing Java fails early). */
  async start(): Promise<void> {
    this.process = await SidecarProcess.start(this.command, this.args, this.startTimeoutMs, this.log);
  }

  async validate(request: ValidationRequest): Promise<SqlProblem[]> {
    const { problems, fallback } = await this.check(request);
    const checker = this.fallbackChecker;
    if (checker === undefined || fallback.length === 0) return problems;
    return [...problems, ...(await checker(fallback))].sort((a, b) => a.line - b.line || a.column - b.column);
  }

  async check(request: ValidationRequest): Promise<SidecarCheck> {
    const response = await this.request("validate", request);
    return toCheck(request, response);
  }

  async compile(request: ValidationRequest): Promise<SidecarCompile> {
    const response = await this.request("compile", request);
    return { ...toCheck(request, response), plans: response.plans ?? [] };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue.catch(() => undefined);
    await this.process?.close(5_000);
    this.process = undefined;
  }

  /** One request at a time, in order of calls. */
  private request(kind: "validate" | "compile", request: ValidationRequest): Promise<SidecarResponse> {
    const result = this.queue.then(() => this.send(kind, request));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async send(kind: "validate" | "compile", request: ValidationRequest): Promise<SidecarResponse> {
    if (this.closed) throw new Error("the Flink SQL validator is closed");
    const id = this.nextId++;
    const kb = request.statements.reduce((sum, s) => sum + s.text.length, 0) / 1024;
    const limitMs = Math.round(this.requestTimeoutMs + kb * this.timeoutPerKbMs);
    const timedOut = (): SidecarResponse =>
      failure(id, `the Flink SQL validator timed out after ${limitMs} ms`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), limitMs);
    });
    try {
      if (this.process === undefined || !this.process.alive) {
        this.log("starting the Flink SQL validator");
        const starting = SidecarProcess.start(this.command, this.args, this.startTimeoutMs, this.log);
        const started = await Promise.race([starting, timeout]);
        if (started === "timeout") {
          void starting.then((p) => p.kill()).catch(() => undefined);
          return timedOut();
        }
        this.process = started;
      }
      const process = this.process;
      const statements = request.statements.map((s) => ({
        text: s.text,
        line: s.line,
        column: s.column ?? 1,
      }));
      const answer = await Promise.race([
        process.send(id, { kind, mode: request.mode, statements }),
        timeout,
      ]);
      if (answer === "timeout") {
        this.log(`request ${id} timed out after ${limitMs} ms: restarting the validator`);
        process.kill();
        this.process = undefined;
        return timedOut();
      }
      if (answer instanceof SidecarError) {
        this.process = undefined;
        return failure(id, answer.message);
      }
      return responseSchema.parse(JSON.parse(answer));
    } catch (error) {
      if (error instanceof SidecarError) return failure(id, error.message);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

function failure(id: number, message: string): SidecarResponse {
  return { id, ok: false, problems: [{ line: 1, column: 1, message }] };
}

function toCheck(request: ValidationRequest, response: SidecarResponse): SidecarCheck {
  const fallback = (response.fallback ?? []).flatMap((index): FallbackStatement[] => {
    const statement = request.statements[index];
    return statement === undefined ? [] : [{ ...statement, index }];
  });
  const problems = response.problems.map((p): SidecarProblem => {
    const problem: SidecarProblem = { line: p.line, column: p.column, message: p.message };
    if (p.endLine !== undefined) problem.endLine = p.endLine;
    if (p.endColumn !== undefined) problem.endColumn = p.endColumn;
    if (p.statement !== undefined) problem.statement = p.statement;
    return problem;
  });
  return { problems, fallback };
}

/**
 * Starts the sidecar's JVM and waits for its ready line. Rejects when there is no
 * jar or no Java: the caller then uses the grammar check.
 */
export async function startFlinkSidecar(opts: FlinkSidecarOptions = {}): Promise<FlinkSidecar> {
  const jar = opts.jar ?? findSidecarJar();
  if (jar === undefined) {
    throw new Error("the Flink SQL validator jar is not built (run `node scripts/ensure-sidecar.js`)");
  }
  const client = new FlinkSidecarClient(
    opts.javaCommand ?? "java",
    [...(opts.jvmArgs ?? DEFAULT_JVM_ARGS), ...classDataArgs(jar, opts.classDataArchive), "-jar", jar],
    opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    opts.timeoutPerKbMs ?? DEFAULT_TIMEOUT_PER_KB_MS,
    opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    opts.log ?? (() => undefined),
    opts.fallbackChecker,
  );
  await client.start();
  return client;
}
