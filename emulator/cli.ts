#!/usr/bin/env node
/**
 * alicloud-flink-emulator: runs the emulator until SIGINT/SIGTERM.
 * stdout carries exactly one JSON line when ready ({endpoint, accessKeyId, accessKeySecret, workspace,
 * namespace}) so scripts can read it; everything else goes to stderr.
 */
import { parseArgs } from "node:util";
import { parseDurationText, type DurationSpec } from "./durations";
import { startEmulator, type EmulatorOptions } from "./index";

const USAGE = `Usage: alicloud-flink-emulator [options]

Runs a local emulator of the Alibaba Cloud Realtime Compute for Apache Flink OpenAPI (ververica 2022-07-18).
When ready, prints one JSON line on stdout: {"endpoint","accessKeyId","accessKeySecret","workspace","namespace"}.

Options (flags override the config file):
  --config <file.json>       read workspaces, users, engine versions, durations, ... from a JSON file
                             (see emulator/emulator.config.example.json)
  --port <n>                 TCP port (0 = any free port; default 0)
  --host <addr>              interface to listen on (default 127.0.0.1)
  --workspace <id>           workspace ID expected in the workspace header (default emulator-workspace)
  --namespace <name>         namespace that exists (default default-namespace)
  --extra-namespace <name>   a further namespace (repeatable)
  --deployment-target <name> a deployment target (resource queue) that exists (repeatable; default default-queue)
  --ticket-ms <ms|min-max>   validate/deploy ticket duration, fixed, a range like 200-800 or a log-normal
                             median~p95 like 300~900 (default 300; the same forms for the flags below)
  --job-start-ms <ms|min-max> STARTING -> RUNNING of a job (default: the ticket duration)
  --job-stop-ms <ms|min-max> CANCELLING -> CANCELLED of a job (default: the job start duration)
  --speed <factor>           multiply every ticket/job duration (0.5 = twice as fast; default 1)
  --seed <n>                 seed of the PRNG that draws durations from ranges (default 1)
  --access-key-id <id>       AccessKey ID of the default user (default LTAI5tEmulatorDefaultKey)
  --access-key-secret <s>    AccessKey secret of the default user
  --state-file <path>        persist state to this JSON file (atomic writes)
  --lock-on-conflict <p>     steal | refuse (default steal)
  --no-enforce-lock          do not require the lock for Update/Validate/Deploy
  --sql-errors-as <s>        error | warning (default error)
  --requests-per-second <n>  throttle each AccessKey (Throttling.User)
  --business-error-style <s> success-false (HTTP 200, success:false; default) | http-status
  --clock <c>                wall (default) | manual (moves only by POST /__admin/clock/advance)
  --sql-validator <v>        auto (default: Flink's planner in a JVM sidecar when java is on PATH, else the grammar), flink, grammar
  --update-deployment <m>    merge (default) | replace: how UpdateDeployment applies its body
  --no-admin                 disable the /__admin/ API
  --log-requests             print one line per request to stderr
  --help                     show this help
`;

function fail(message: string): never {
  process.stderr.write(`alicloud-flink-emulator: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function toNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got ${value}`);
  return n;
}

function toDuration(name: string, value: string | undefined): DurationSpec | undefined {
  if (value === undefined) return undefined;
  const spec = parseDurationText(value);
  const inverted =
    typeof spec === "object" &&
    ("median" in spec ? spec.p95 < spec.median || spec.median <= 0 : spec.max < spec.min);
  if (spec === undefined || inverted) {
    fail(
      `--${name} must be milliseconds (300), a range min-max (200-800) or a log-normal median~p95 (300~900), got ${value}`,
    );
  }
  return spec;
}

function toSpeed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const speed = Number(value);
  if (!Number.isFinite(speed) || speed <= 0) fail(`--speed must be a positive number, got ${value}`);
  return speed;
}

function optionsFromArgs(argv: string[]): EmulatorOptions | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        workspace: { type: "string" },
        namespace: { type: "string" },
        "extra-namespace": { type: "string", multiple: true },
        "deployment-target": { type: "string", multiple: true },
        "ticket-ms": { type: "string" },
        "job-start-ms": { type: "string" },
        "job-stop-ms": { type: "string" },
        speed: { type: "string" },
        seed: { type: "string" },
        "access-key-id": { type: "string" },
        "access-key-secret": { type: "string" },
        "state-file": { type: "string" },
        "lock-on-conflict": { type: "string" },
        "no-enforce-lock": { type: "boolean" },
        "sql-errors-as": { type: "string" },
        "business-error-style": { type: "string" },
        clock: { type: "string" },
        "sql-validator": { type: "string" },
        "update-deployment": { type: "string" },
        "requests-per-second": { type: "string" },
        "no-admin": { type: "boolean" },
        "log-requests": { type: "boolean" },
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return undefined;
  const lockOnConflict = values["lock-on-conflict"];
  if (lockOnConflict !== undefined && lockOnConflict !== "steal" && lockOnConflict !== "refuse") {
    fail(`--lock-on-conflict must be steal or refuse, got ${lockOnConflict}`);
  }
  const sqlErrorsAs = values["sql-errors-as"];
  if (sqlErrorsAs !== undefined && sqlErrorsAs !== "error" && sqlErrorsAs !== "warning") {
    fail(`--sql-errors-as must be error or warning, got ${sqlErrorsAs}`);
  }
  const businessErrorStyle = values["business-error-style"];
  if (
    businessErrorStyle !== undefined &&
    businessErrorStyle !== "success-false" &&
    businessErrorStyle !== "http-status"
  ) {
    fail(`--business-error-style must be success-false or http-status, got ${businessErrorStyle}`);
  }
  const clock = values.clock;
  if (clock !== undefined && clock !== "wall" && clock !== "manual") {
    fail(`--clock must be wall or manual, got ${clock}`);
  }
  const sqlValidator = values["sql-validator"];
  if (
    sqlValidator !== undefined &&
    sqlValidator !== "grammar" &&
    sqlValidator !== "flink" &&
    sqlValidator !== "auto"
  ) {
    fail(`--sql-validator must be auto, flink or grammar, got ${sqlValidator}`);
  }
  const updateDeployment = values["update-deployment"];
  if (updateDeployment !== undefined && updateDeployment !== "merge" && updateDeployment !== "replace") {
    fail(`--update-deployment must be merge or replace, got ${updateDeployment}`);
  }
  return {
    businessErrorStyle,
    clock,
    sqlValidator,
    updateDeploymentMode: updateDeployment,
    configFile: values.config,
    port: toNumber("port", values.port),
    host: values.host,
    workspace: values.workspace,
    namespace: values.namespace,
    extraNamespaces: values["extra-namespace"],
    deploymentTargets: values["deployment-target"],
    ticketMs: toDuration("ticket-ms", values["ticket-ms"]),
    jobStartMs: toDuration("job-start-ms", values["job-start-ms"]),
    jobStopMs: toDuration("job-stop-ms", values["job-stop-ms"]),
    speed: toSpeed(values.speed),
    seed: toNumber("seed", values.seed),
    accessKeyId: values["access-key-id"],
    accessKeySecret: values["access-key-secret"],
    stateFile: values["state-file"],
    lockOnConflict,
    enforceLock: values["no-enforce-lock"] ? false : undefined,
    sqlParserErrorsAs: sqlErrorsAs,
    requestsPerSecond: toNumber("requests-per-second", values["requests-per-second"]),
    admin: values["no-admin"] ? false : undefined,
    logRequests: values["log-requests"] ? true : undefined,
  };
}

async function main(): Promise<void> {
  const options = optionsFromArgs(process.argv.slice(2));
  if (!options) {
    process.stdout.write(USAGE);
    return;
  }
  const emulator = await startEmulator(options);
  process.stdout.write(
    `${JSON.stringify({
      endpoint: emulator.endpoint,
      accessKeyId: emulator.accessKeyId,
      accessKeySecret: emulator.accessKeySecret,
      workspace: emulator.workspace,
      namespace: emulator.namespace,
      sqlValidator: emulator.sqlValidator,
      clock: emulator.clock,
    })}\n`,
  );
  process.stderr.write(`alicloud-flink-emulator listening on http://${emulator.endpoint} (Ctrl-C to stop)\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`alicloud-flink-emulator: ${signal}, shutting down\n`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`alicloud-flink-emulator: close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `alicloud-flink-emulator: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
