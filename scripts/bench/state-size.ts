/**
 * Benchmark 4, state size: bytes of each DeployedDraft in `pulumi stack
 * export` (its resource entry as compact JSON), and of `__provider` (the
 * provider shim the engine stores in the inputs and again in the
 * outputs), for the small drafts of the fleet stack and for one draft with
 * a 100 KB script.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PulumiStack, StateResource } from "../lib/pulumi-stack";
import type { PulumiSession } from "./pulumi-session";
import { flinkScriptOfSize } from "./sql-scripts";
import { bytes, type BenchContext, type BenchResult, type BenchRow } from "./types";

const TARGET_PROVIDER_BYTES = 128;

interface StateSize {
  label: string;
  sqlBytes: number;
  resources: number;
  /** Mean bytes of one resource entry. */
  perResource: number;
  /** One copy of `__provider`. */
  providerCopy: number;
  /** Every copy of `__provider` in the entry (inputs and outputs). */
  providerAll: number;
}

const byteLength = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

function providerCopies(resource: StateResource): number[] {
  return [resource.inputs?.__provider, resource.outputs?.__provider]
    .filter((v): v is string => typeof v === "string")
    .map((v) => Buffer.byteLength(v));
}

async function measure(label: string, stack: PulumiStack): Promise<StateSize> {
  const drafts = (await stack.resources()).filter((r) => r.type.endsWith(":DeployedDraft"));
  if (drafts.length === 0) throw new Error(`state benchmark (${label}): the stack holds no DeployedDraft`);
  const sizes = drafts.map(byteLength);
  const copies = drafts.map(providerCopies);
  const sql = drafts[0].inputs?.sql;
  return {
    label,
    sqlBytes: typeof sql === "string" ? Buffer.byteLength(sql) : 0,
    resources: drafts.length,
    perResource: Math.round(sizes.reduce((a, b) => a + b, 0) / drafts.length),
    providerCopy: Math.max(0, ...copies.flat()),
    providerAll: Math.round(copies.reduce((a, c) => a + c.reduce((x, y) => x + y, 0), 0) / drafts.length),
  };
}

export async function runStateSize(
  ctx: BenchContext,
  session: PulumiSession,
  fleetStack: PulumiStack | undefined,
): Promise<BenchResult> {
  const measured: StateSize[] = [];
  if (fleetStack) measured.push(await measure("small SQL (fleet stack)", fleetStack));

  ctx.progress("state: one draft with a 100 KB script");
  await session.setRateLimit(null);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-flink-bench-sql-"));
  try {
    const sqlFile = path.join(dir, "job.sql");
    fs.writeFileSync(sqlFile, flinkScriptOfSize(100 * 1024));
    const stack = await session.fleetStack("state-100kb", { count: 1, sqlFile });
    await stack.up([], { check: true });
    measured.push(await measure("100 KB SQL", stack));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const rows: BenchRow[] = [];
  for (const m of measured) {
    rows.push({
      section: "4 state",
      metric: `bytes per draft, ${m.label}, SQL ${bytes(m.sqlBytes)}`,
      ours: `${bytes(m.perResource)} (__provider ${bytes(m.providerAll)} in ${m.providerAll > m.providerCopy ? "2 copies" : "1 copy"})`,
    });
    rows.push({
      section: "4 state",
      metric: `__provider, one copy, ${m.label}`,
      ours: bytes(m.providerCopy),
      target: `≤ ${bytes(TARGET_PROVIDER_BYTES)}`,
      met: m.providerCopy <= TARGET_PROVIDER_BYTES,
    });
  }
  return {
    name: "state",
    rows,
    data: { measured },
    notes: [
      "Bytes of each DeployedDraft's resource entry in `pulumi stack export` as compact JSON (urn, type, inputs, outputs, provider reference…), averaged; `__provider` is the dynamic provider's shim (sdk/shim.ts), which the engine stores in the inputs and again in the outputs. The target applies to one copy (it was 2 KB while Pulumi's closure serializer wrote the shim).",
      "The 100 KB script: a generated multi-table job (scripts/bench/sql-scripts.ts) in a one-draft stack; the SQL itself is stored in both inputs and outputs.",
    ],
  };
}
