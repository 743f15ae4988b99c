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
 * Then the provider's own polling over a series of updates of one draft, with
 * consistent ticket durations and with log-normal {median, p95} ones: every
 * ticket's wait (pollUntil, recorded) against the ticket's own duration (the
 * emulator's record), p50 and p95, for the tickets after the first of their
 * kind (the provider has seen one by then).
 *
 * Polls per wait against the wait's length come from the real pollUntil on a
 * simulated clock (requests take no time), which is exact for the schedule:
 * without history, and after one wait of the same length.
 */
import { callsRows, measureCallsPerOperation } from "./calls-per-operation";
import { setDurations, type TicketDurations } from "./emulator-admin";
import { recordPolls } from "./poll-recorder";
import { isTicketPoll, startInProcess, type InProcess } from "./in-process";
import {
  CONFLUENT,
  simulatedPolls,
  TERRAFORM_ALICLOUD,
  withSchedule,
  type AnchorSchedule,
} from "./poll-schedules";
import { smallScript } from "./sql-scripts";
import { ms, percentile, ratio, type BenchContext, type BenchResult, type BenchRow } from "./types";

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
const TARGET_POLLS_PER_TICKET = 4;
const TARGET_POLLS_PER_MINUTE_WAIT = 10;
/** Overhead of one ticket's wait: at most max(100 ms, 2 %) of the ticket's duration. */
const allowedTicketOverheadMs = (ticketMs: number): number => Math.max(100, 0.02 * ticketMs);

interface TicketWait {
  kind: "validate" | "deploy";
  durationMs: number;
  wallMs: number;
  overheadMs: number;
  polls: number;
}

interface SeriesMeasurement {
  label: string;
  /** Tickets after the first of their kind. */
  tickets: TicketWait[];
  /** wall − ticket time of each update after the first. */
  operationOverheadMs: number[];
  callsPerUpdate: number[];
}

/**
 * create, then `updates` updates of one draft (jobState STOPPED), recording each ticket's wait.
 * Tickets of the create are the first of their kind in this namespace and are left out.
 */
async function series(
  env: InProcess,
  label: string,
  namespace: string,
  updates: number,
): Promise<SeriesMeasurement> {
  const name = `wait-${label}`;
  const recorder = recordPolls();
  const created = await env.provider.create(env.inputs(namespace, name, smallScript(0, 0), DRAFT_ONLY));
  let outs = created.outs;
  const skip = recorder.since().length;
  const operationOverheadMs: number[] = [];
  const callsPerUpdate: number[] = [];
  for (let i = 1; i <= updates; i++) {
    const mark = env.mark();
    const seenBefore = recorder.since().length;
    const started = performance.now();
    const result = await env.provider.update(
      created.id,
      outs,
      env.inputs(namespace, name, smallScript(0, i), DRAFT_ONLY),
    );
    const wallMs = performance.now() - started;
    outs = result.outs;
    callsPerUpdate.push(env.requestsSince(mark, namespace).length);
    const ticketMs = recorder
      .since()
      .slice(seenBefore)
      .reduce((sum, w) => sum + (ticketDuration(env, w.what) ?? 0), 0);
    operationOverheadMs.push(wallMs - ticketMs);
  }
  const tickets: TicketWait[] = [];
  for (const wait of recorder.since().slice(skip)) {
    const kind = /^(validate|deploy) ticket/.exec(wait.what)?.[1] as TicketWait["kind"] | undefined;
    const durationMs = ticketDuration(env, wait.what);
    if (!kind || durationMs === undefined) continue;
    tickets.push({
      kind,
      durationMs,
      wallMs: wait.wallMs,
      overheadMs: wait.wallMs - durationMs,
      polls: wait.polls,
    });
  }
  return { label, tickets, operationOverheadMs, callsPerUpdate };
}

/** The ticket's own duration, from the emulator's record of it. */
function ticketDuration(env: InProcess, what: string): number | undefined {
  const ticketId = /ticket (\S+)$/.exec(what)?.[1];
  const tickets = (
    env.emu.snapshot() as { tickets?: Record<string, { submittedAtMs: number; finishAtMs: number }> }
  ).tickets;
  const ticket = ticketId ? tickets?.[ticketId] : undefined;
  return ticket ? ticket.finishAtMs - ticket.submittedAtMs : undefined;
}

function seriesRows(measured: SeriesMeasurement, withTargets: boolean): BenchRow[] {
  const polls = measured.tickets.map((t) => t.polls);
  const overhead = measured.tickets.map((t) => t.overheadMs);
  const share = measured.tickets.map((t) => t.overheadMs / Math.max(1, t.durationMs));
  const within = measured.tickets.every((t) => t.overheadMs <= allowedTicketOverheadMs(t.durationMs));
  const durations = measured.tickets.map((t) => t.durationMs);
  const n = measured.tickets.length;
  return [
    {
      section: "1 wait",
      metric: `${measured.label}: polls per ticket, after one of its kind (p50 / p95 / max, ${n} tickets)`,
      ours: `${percentile(polls, 50)} / ${percentile(polls, 95)} / ${Math.max(...polls)}`,
      target: withTargets ? `≤ ${TARGET_POLLS_PER_TICKET}` : undefined,
      met: withTargets ? Math.max(...polls) <= TARGET_POLLS_PER_TICKET : undefined,
    },
    {
      section: "1 wait",
      metric: `${measured.label}: overhead per ticket, wait − ticket duration (p50 / p95 / max)`,
      ours: `${ms(percentile(overhead, 50))} / ${ms(percentile(overhead, 95))} / ${ms(Math.max(...overhead))} (p95 ${(percentile(share, 95) * 100).toFixed(1)} % of the ticket; tickets ${ms(Math.min(...durations))}–${ms(Math.max(...durations))})`,
      target: withTargets ? "each ≤ max(100 ms, 2 %)" : undefined,
      met: withTargets ? within : undefined,
    },
    {
      section: "1 wait",
      metric: `${measured.label}: update wall − ticket time (p50 / p95), API calls per update`,
      ours: `${ms(percentile(measured.operationOverheadMs, 50))} / ${ms(percentile(measured.operationOverheadMs, 95))}; ${percentile(measured.callsPerUpdate, 50)} calls`,
    },
  ];
}

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
  const fixed = ctx.quick ? { validate: 1_000, deploy: 1_500 } : { validate: 2_000, deploy: 3_000 };
  const durations: TicketDurations = fixed;
  const ticketMs = fixed.validate + fixed.deploy;
  const skewed: TicketDurations = ctx.quick
    ? { validate: { median: 1_000, p95: 1_500 }, deploy: { median: 1_500, p95: 2_250 } }
    : { validate: { median: 2_000, p95: 3_000 }, deploy: { median: 3_000, p95: 4_500 } };
  const updates = ctx.quick ? 4 : 8;
  const env = await startInProcess([
    ...VARIANTS.map(namespaceOf),
    "bench-wait-warmup",
    "bench-wait-consistent",
    "bench-wait-lognormal",
  ]);
  const measured = {} as Record<Variant, VariantMeasurement>;
  let consistent: SeriesMeasurement;
  let lognormal: SeriesMeasurement;
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

    ctx.progress(`wait: ${updates} updates, consistent tickets`);
    consistent = await series(env, "consistent tickets", "bench-wait-consistent", updates);
    await setDurations(env.emu.endpoint, skewed);
    ctx.progress(`wait: ${updates} updates, log-normal tickets ${JSON.stringify(skewed)}`);
    lognormal = await series(env, "log-normal tickets", "bench-wait-lognormal", updates);
  } finally {
    await env.close();
  }

  const curve: Record<Variant, number[]> = { ours: [], terraform: [], confluent: [] };
  for (const variant of VARIANTS) {
    for (const length of CURVE_MS) {
      curve[variant].push((await simulatedPolls(length, SCHEDULES[variant])).polls);
    }
  }
  const learned = await Promise.all(CURVE_MS.map((length) => simulatedPolls(length, undefined, [length])));

  ctx.progress("wait: calls per create and per update on the emulator's manual clock");
  const calls = await measureCallsPerOperation();

  const rows: BenchRow[] = [...callsRows(calls)];
  const operationLabel = { create: "create (no history)", update: "update (one of each seen)" };
  for (const op of ["create", "update"] as const) {
    const cell = (v: Variant): string => ms(measured[v][op].overheadMs);
    rows.push({
      section: "1 wait",
      metric: `${operationLabel[op]}: wall − ticket time (${ticketMs / 1000} s)`,
      ours: cell("ours"),
      terraform: cell("terraform"),
      confluent: cell("confluent"),
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
  rows.push(...seriesRows(consistent, true), ...seriesRows(lognormal, false));
  CURVE_MS.forEach((length, i) => {
    const minute = length === 60_000;
    rows.push({
      section: "1 wait",
      metric: `polls per wait of ${length >= 60_000 ? `${length / 60_000} min` : `${length / 1000} s`}: after one seen (no history)`,
      ours: `${learned[i].polls}, ${ms(learned[i].lateMs)} late (${curve.ours[i]})`,
      terraform: String(curve.terraform[i]),
      confluent: String(curve.confluent[i]),
      target: minute ? `≤ ${TARGET_POLLS_PER_MINUTE_WAIT}` : undefined,
      met: minute ? learned[i].polls <= TARGET_POLLS_PER_MINUTE_WAIT : undefined,
    });
  });
  const growth = (v: Variant): number =>
    curve[v][CURVE_MS.indexOf(1_800_000)] / curve[v][CURVE_MS.indexOf(60_000)];
  rows.push({
    section: "1 wait",
    metric: "polls growth, 1 min → 30 min wait, no history",
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
      skewed,
      ticketMs,
      measured,
      consistent,
      lognormal,
      calls,
      pollCurve: { lengthsMs: CURVE_MS, ...curve, oursAfterOneSeen: learned },
    },
    notes: [
      `Tickets fixed at validate ${durations.validate} ms + deploy ${durations.deploy} ms; overhead = wall time of the provider's create()/update() with jobState "STOPPED" (called in-process, real signed HTTP to the emulator) minus ${ticketMs} ms. It includes all of the operation's requests, not only poll lateness.`,
      `Anchors: the same create()/update() with pollUntil's schedule swapped: ${TERRAFORM_ALICLOUD.source}; ${CONFLUENT.source}. The delay applies before the first poll of each ticket.`,
      "API calls counted from the emulator's request log (each variant in its own namespace); polls = GETs of ticket results. The create is the first operation in its namespace (no exact history: its waits fall back to the proportional schedule); the update has seen one ticket of each kind.",
      `Per ticket: a create and ${updates} updates of one draft (jobState "STOPPED") with consistent tickets (validate ${fixed.validate} ms, deploy ${fixed.deploy} ms) and with log-normal ones (${JSON.stringify(skewed)}); overhead = the provider's wait (pollUntil, from the ticket's submission answered to the answer that saw it done) − the ticket's duration in the emulator's record; tickets after the first of their kind. Targets on the consistent series: at most ${TARGET_POLLS_PER_TICKET} polls per ticket and an overhead of at most max(100 ms, 2 %) of the ticket, for every ticket.`,
      "Calls per create and per update: the built provider against an emulator on its manual clock (exact, independent of the machine's load): validate 2 s, deploy 3 s, job start and stop 2 s, the default 5 s health gate, jobState RUNNING; the update changes the SQL of the running job (savepoint upgrade). First: the first create and update of a process without history; then: a second draft in the same process. 'Before' is the same measurement of the code before this branch (c59a0fd).",
      "Polls per wait of a given length: the provider's pollUntil on a simulated clock (requests take no time), after one wait of the same length (the target's case) and, in parentheses, without history (the proportional fallback). Target 'logarithmic' read as: growing at most 3× from a 1 min to a 30 min wait (a fixed interval grows 30×).",
    ],
  };
}
