import * as pulumi from "@pulumi/pulumi";

// The engine's floor for the benchmarks (scripts/bench/fleet.ts, preview.ts): N dynamic resources
// whose provider does nothing, in a TypeScript program like bench/programs/fleet. Same
// engine, language host, dynamic-provider process and resource count; none of the provider's work.
//   BENCH_COUNT   how many resources (trivial-0 … trivial-N-1)
const count = Number(process.env.BENCH_COUNT ?? "1");

const provider: pulumi.dynamic.ResourceProvider = {
  check: async (_olds, news) => ({ inputs: news }),
  diff: async () => ({ changes: false }),
  create: async (inputs) => ({ id: `trivial-${String(inputs.index)}`, outs: inputs }),
  read: async (id, props) => ({ id, props }),
  update: async (_id, _olds, news) => ({ outs: news }),
  delete: async () => undefined,
};

class Trivial extends pulumi.dynamic.Resource {
  constructor(name: string, index: number) {
    super(provider, name, { index, sql: `INSERT INTO sink_${index} SELECT * FROM source_${index};` }, {});
  }
}

const resources: Trivial[] = [];
for (let i = 0; i < count; i++) resources.push(new Trivial(`trivial-${i}`, i));

export const created = resources.length;
