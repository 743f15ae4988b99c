/**
 * Child process of preview.ts: the provider's check and diff over the
 * resources of a deployed stack, as a no-change preview calls them, local
 * SQL check only (validation.preview "local": no server validation).
 */
import { z } from "zod";
import { serveMeasurement } from "./child";
import { quietProvider } from "./dist-modules";

const PayloadSchema = z.object({
  resources: z.array(
    z.object({
      id: z.string(),
      inputs: z.record(z.string(), z.unknown()),
      outputs: z.record(z.string(), z.unknown()),
    }),
  ),
});

export interface CheckDiffTimes {
  loadMs: number;
  checkMs: number[];
  diffMs: number[];
  changes: number;
  failures: number;
}

serveMeasurement(async (raw) => {
  const { resources } = PayloadSchema.parse(raw);
  const loadStarted = performance.now();
  const api = quietProvider();
  const loadMs = performance.now() - loadStarted;
  const times: CheckDiffTimes = { loadMs, checkMs: [], diffMs: [], changes: 0, failures: 0 };
  for (const resource of resources) {
    const news = { ...resource.inputs, validation: { preview: "local" } };
    let started = performance.now();
    const checked = await api.check(resource.inputs, news);
    times.checkMs.push(performance.now() - started);
    started = performance.now();
    const diff = await api.diff(resource.id, resource.outputs, checked.inputs);
    times.diffMs.push(performance.now() - started);
    if (diff.changes) times.changes += 1;
    times.failures += checked.failures?.length ?? 0;
  }
  return times;
});
