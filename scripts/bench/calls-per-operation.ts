/**
 * Calls per create and per update, exactly: the built provider against an
 * emulator on its manual clock (the provider's pauses advance the emulator, so
 * nothing waits for real and the counts do not depend on the machine's load).
 * validate 2 s, deploy 3 s, job start and stop 2 s, the default 5 s health gate.
 * Twice in one provider instance: the first create/update of a process without
 * history, then one after a create and an update of each kind were seen.
 */
import type { RequestLogEntry } from "../../emulator";
import { emulator, providerFactory } from "./dist-modules";
import { smallScript } from "./sql-scripts";
import { ENGINE } from "./in-process";
import type { BenchRow } from "./types";

export interface CallsPerOperation {
  create: number[];
  update: number[];
  byOperation: Record<string, Record<string, number>>;
}

const DURATIONS = { validate: 2_000, deploy: 3_000, jobStart: 2_000, jobStop: 2_000 };

export async function measureCallsPerOperation(): Promise<CallsPerOperation> {
  const emu = await emulator().startEmulator({ ticketMs: 50, clock: "manual", sqlValidator: "grammar" });
  try {
    await fetch(`http://${emu.endpoint}/__admin/durations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(DURATIONS),
    });
    const provider = providerFactory().createProvider({
      sink: () => undefined,
      // No cache directory: the counts are of a process that starts without history.
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: emu.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: emu.accessKeySecret,
        ALIBABA_CLOUD_ENDPOINT_VERVERICA: emu.endpoint,
      },
      clock: {
        now: () => emu.now(),
        sleep: async (ms) => {
          emu.advance(Math.max(0, ms));
        },
      },
    });
    const api = (): RequestLogEntry[] => emu.requestLog().filter((r) => !r.path.startsWith("/__admin"));
    const result: CallsPerOperation = { create: [], update: [], byOperation: {} };
    const count = (label: string, from: number): number => {
      const requests = api().slice(from);
      const shapes: Record<string, number> = {};
      for (const r of requests) {
        const shape = `${r.method} ${r.path.replace(/^\/api\/v2\/namespaces\/[^/]+/, "").replace(/[0-9a-f-]{8,}/g, "{id}")}`;
        shapes[shape] = (shapes[shape] ?? 0) + 1;
      }
      result.byOperation[label] = shapes;
      return requests.length;
    };
    for (let round = 0; round < 2; round++) {
      const name = `calls-${round}`;
      const inputs = {
        workspace: emu.workspace,
        namespace: emu.namespace,
        name,
        sql: smallScript(round, 0),
        engineVersion: ENGINE,
        validation: { preview: "local" },
        __resourceName: name,
        __owner: `bench/calls/${name}`,
      };
      let mark = api().length;
      const created = await provider.create(inputs);
      result.create.push(count(`create #${round + 1}`, mark));
      mark = api().length;
      // A change of SQL while the job runs: validate, deploy, then the savepoint upgrade.
      await provider.update(created.id, created.outs, { ...inputs, sql: smallScript(round, 1) });
      result.update.push(count(`update #${round + 1}`, mark));
    }
    return result;
  } finally {
    await emu.close();
  }
}

export function callsRows(calls: CallsPerOperation): BenchRow[] {
  return [
    {
      section: "1 wait",
      metric: "API calls per create, jobState RUNNING (manual clock: first in a process / after one seen)",
      ours: `${calls.create[0]} / ${calls.create[1]} (before this branch: 65)`,
    },
    {
      section: "1 wait",
      metric: "API calls per update, SQL change, savepoint upgrade of the running job (same)",
      ours: `${calls.update[0]} / ${calls.update[1]} (before this branch: 83)`,
    },
  ];
}
