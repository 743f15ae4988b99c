/**
 * Benchmark 1, wait overhead: the provider's real create and update of one
 * draft (jobState "STOPPED": lock, write, validate, deploy; no job start or
 * health gate) against the emulator with fixed ticket durations, timed and counted,
 * once with the provider's own polling and once each with the anchors' poll
 * settings swapped into the same code (poll-schedules.ts).
 *
 * overhead = wall time of create()/update() − (validate + deploy ticket time).
 * It includes every request of the operation (find, create, lock, submit,
 * read-back), not only poll lateness. The anchors run concurrently with each
 * other (each in its own namespace, so requests are attributed by path);
 * ours runs alone first.
 *
 * Polls per wait against the wait's length come from the real pollUntil on a
 * simulated clock (requests take no time), which is exact for the schedule.
 */
import { setDurations, type TicketDurations } from "./emulator-admin";
import { isTicketPoll, startInProcess, type InProcess } from "./in-process";
import {
  CONFLUENT,
  simulatedPolls,
  TERRAFORM_ALICLOUD,
  withSchedule,
  type AnchorSchedule,
} from "./poll-schedules";
import { smallScript } from "./sql-scripts";
import { ms, ratio, type BenchContext, type BenchResult, type BenchRow } from "./types";

interface OperationMeasurement {
  wallMs: number;
  overheadMs: number;
  apiCalls: number;
  polls: number;
}

interface VariantMeasurement {
  create: OperationMeasurement;
  update: OperationMeasurement;
}

const VARIANTS = ["ours", "terraform", "confluent"] as const;
type Variant = (typeof VARIANTS)[number];
const SCHEDULES: Record<Variant, AnchorSchedule | undefined> = {
  ours: undefined,
  terraform: TERRAFORM_ALICLOUD,
  confluent: CONFLUENT,
};

const namespaceOf = (variant: Variant): string => `bench-wait-${variant}`;

/** The two tickets the target is about; starting the job would add its own waits (and a fixed health gate). */
const DRAFT_ONLY = { jobState: "STOPPED" };

/** Wait lengths for the polls-per-wait curve. */
const CURVE_MS = [1_000, 10_000, 60_000, 300_000, 1_800_000];

async function createAndUpdate(
  env: InProcess,
  variant: Variant,
  ticketMs: number,
): Promise<VariantMeasurement> {
  const namespace = namespaceOf(variant);
  const name = `wait-${variant}`;
  const measure = async (operation: () => Promise<unknown>): Promise<OperationMeasurement> => {
    const mark = env.mark();
    const started = performance.now();
    await operation();
    const wallMs = performance.now() - started;
    const requests = env.requestsSince(mark, namespace);
    return {
      wallMs,
      overheadMs: wallMs - ticketMs,
      apiCalls: requests.length,
      polls: requests.filter(isTicketPoll).length,
    };
  };
  const run = async (): Promise<VariantMeasurement> => {
    const createInputs = env.inputs(namespace, name, smallScript(0, 0), DRAFT_ONLY);
    let created: { id: string; outs?: unknown } | undefined;
    const create = await measure(async () => {
      created = await env.provider.create(createInputs);
    });
    if (!created) throw new Error("create returned nothing");
    const done = created;
    const update = await measure(() =>
      env.provider.update(done.id, done.outs, env.inputs(namespace, name, smallScript(0, 1), DRAFT_ONLY)),
    );
    return { create, update };
  };
  const schedule = SCHEDULES[variant];
  return schedule ? withSchedule(schedule, run) : run();
}

export async function runWaitOverhead(ctx: BenchContext): Promise<BenchResult> {
  const durations: TicketDurations = ctx.quick
    ? { validate: 1_000, deploy: 1_500 }
    : { validate: 2_000, deploy: 3_000 };
  const ticketMs = durations.validate + durations.deploy;
  const env = await startInProcess([...VARIANTS.map(namespaceOf), "bench-wait-warmup"]);
  const measured = {} as Record<Variant, VariantMeasurement>;
  try {
    // Warm-up: connections, the client, and the emulator's SQL grammar for this statement shape.
    await setDurations(env.emu.endpoint, { validate: 20, deploy: 20 });
    const warm = await env.provider.create(
      env.inputs("bench-wait-warmup", "warmup", smallScript(0, 0), DRAFT_ONLY),
    );
    await env.provider.update(
      warm.id,
      warm.outs,
      env.inputs("bench-wait-warmup", "warmup", smallScript(0, 1), DRAFT_ONLY),
    );
    await setDurations(env.emu.endpoint, durations);

    ctx.progress(
      `wait: ours (validate ${durations.validate} ms + deploy ${durations.deploy} ms per operation)`,
    );
    measured.ours = await createAndUpdate(env, "ours", ticketMs);
    ctx.progress("wait: anchors' schedules (terraform and confluent, concurrently)");
    const [terraform, confluent] = await Promise.all([
      createAndUpdate(env, "terraform", ticketMs),
      createAndUpdate(env, "confluent", ticketMs),
    ]);
    measured.terraform = terraform;
    measured.confluent = confluent;
  } finally {
    await env.close();
  }

  const curve: Record<Variant, number[]> = { ours: [], terraform: [], confluent: [] };
  for (const variant of VARIANTS) {
    for (const length of CURVE_MS) curve[variant].push(await simulatedPolls(length, SCHEDULES[variant]));
  }

  const allowedMs = Math.max(150, 0.05 * ticketMs);
  const rows: BenchRow[] = [];
  for (const op of ["create", "update"] as const) {
    const cell = (v: Variant): string => ms(measured[v][op].overheadMs);
    rows.push({
      section: "1 wait",
      metric: `${op}: wall − ticket time (${ticketMs / 1000} s)`,
      ours: cell("ours"),
      terraform: cell("terraform"),
      confluent: cell("confluent"),
      target: `≤ ${ms(allowedMs)}`,
      met: measured.ours[op].overheadMs <= allowedMs,
    });
    const calls = (v: Variant): string => `${measured[v][op].apiCalls} (${measured[v][op].polls} polls)`;
    rows.push({
      section: "1 wait",
      metric: `${op}: API calls`,
      ours: calls("ours"),
      terraform: calls("terraform"),
      confluent: calls("confluent"),
    });
  }
  CURVE_MS.forEach((length, i) => {
    rows.push({
      section: "1 wait",
      metric: `polls per wait of ${length >= 60_000 ? `${length / 60_000} min` : `${length / 1000} s`}`,
      ours: String(curve.ours[i]),
      terraform: String(curve.terraform[i]),
      confluent: String(curve.confluent[i]),
    });
  });
  const growth = (v: Variant): number =>
    curve[v][CURVE_MS.indexOf(1_800_000)] / curve[v][CURVE_MS.indexOf(60_000)];
  rows.push({
    section: "1 wait",
    metric: "polls growth, 1 min → 30 min wait",
    ours: ratio(growth("ours")),
    terraform: ratio(growth("terraform")),
    confluent: ratio(growth("confluent")),
    target: "≤ 3× (log; linear = 30×)",
    met: growth("ours") <= 3,
  });

  return {
    name: "wait",
    rows,
    data: {
      durations,
      ticketMs,
      allowedOverheadMs: allowedMs,
      measured,
      pollCurve: { lengthsMs: CURVE_MS, ...curve },
    },
    notes: [
      `Tickets fixed at validate ${durations.validate} ms + deploy ${durations.deploy} ms; overhead = wall time of the provider's create()/update() with jobState "STOPPED" (called in-process, real signed HTTP to the emulator) minus ${ticketMs} ms. It includes all of the operation's requests, not only poll lateness.`,
      `Anchors: the same create()/update() with pollUntil's schedule swapped: ${TERRAFORM_ALICLOUD.source}; ${CONFLUENT.source}. The delay applies before the first poll of each ticket.`,
      "API calls counted from the emulator's request log (each variant in its own namespace); polls = GETs of ticket results.",
      "Polls per wait of a given length: the provider's pollUntil on a simulated clock (requests take no time). Target 'logarithmic' read as: growing at most 3× from a 1 min to a 30 min wait (a fixed interval grows 30×).",
    ],
  };
}
