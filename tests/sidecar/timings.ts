// Timings of the Flink SQL sidecar, for tools/flink-sql-validator/README.md:
// cold start (spawn → ready line), the first ~1 KB requests right after it, and warm
// validation of a ~1 KB and a ~100 KB script once the sidecar has been idle for
// IDLE_MS (its background JIT warm-up), medians of several runs.
// Run: npx tsx tests/sidecar/timings.ts [runs] [idle ms, default 10000]
import {
  findSidecarJar,
  startFlinkSidecar,
  type ValidationRequest,
} from "../../emulator/validation/flink-sidecar";
import { splitStatements } from "../../provider/sql";

const runs = Number(process.argv[2] ?? "5");
const IDLE_MS = Number(process.argv[3] ?? "10000");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function request(sql: string): ValidationRequest {
  return {
    mode: "STREAMING",
    statements: splitStatements(sql).map((s) => ({ text: s.text, line: s.startLine, column: s.startColumn })),
  };
}

const TABLES = `CREATE TABLE Bid (
  bidtime TIMESTAMP(3),
  price DECIMAL(10, 2),
  item STRING,
  supplier_id STRING,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '1' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'bid', 'format' = 'json');
`;

function sink(i: number): string {
  return `CREATE TABLE sink_${i} (
  window_start TIMESTAMP(3),
  supplier_id STRING,
  total DECIMAL(38, 2),
  bids BIGINT,
  PRIMARY KEY (window_start, supplier_id) NOT ENFORCED
) WITH ('connector' = 'jdbc', 'table-name' = 'sink_${i}');
INSERT INTO sink_${i}
SELECT window_start, supplier_id, SUM(price), COUNT(*)
FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '${(i % 60) + 1}' MINUTES))
WHERE item <> 'item-${i}'
GROUP BY window_start, window_end, supplier_id;
`;
}

function script(bytes: number): string {
  let sql = TABLES;
  for (let i = 0; sql.length < bytes; i++) sql += sink(i);
  return sql;
}

async function main(): Promise<void> {
  const jar = findSidecarJar();
  if (jar === undefined) throw new Error("build the jar first: node scripts/ensure-sidecar.js");
  const small = script(1_000);
  const large = script(100_000);
  const starts: number[] = [];
  const firstTimes: number[] = [];
  const secondTimes: number[] = [];
  const smallTimes: number[] = [];
  const largeTimes: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = Date.now();
    const sidecar = await startFlinkSidecar({ jar, requestTimeoutMs: 120_000 });
    starts.push(Date.now() - started);
    for (const times of [firstTimes, secondTimes]) {
      const t = Date.now();
      await sidecar.check(request(small));
      times.push(Date.now() - t);
    }
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    for (const [sql, times] of [
      [small, smallTimes],
      [large, largeTimes],
    ] as const) {
      const t = Date.now();
      const result = await sidecar.check(request(sql));
      times.push(Date.now() - t);
      if (result.problems.length > 0) throw new Error(JSON.stringify(result.problems));
    }
    await sidecar.close();
  }
  console.log(`runs: ${runs}`);
  console.log(`cold start (spawn → ready): median ${median(starts)} ms (${starts.join(", ")})`);
  console.log(
    `right after start, 1st / 2nd ${(small.length / 1024).toFixed(1)} KB request: ` +
      `median ${median(firstTimes)} ms (${firstTimes.join(", ")}) / ${median(secondTimes)} ms (${secondTimes.join(", ")})`,
  );
  console.log(`then idle ${IDLE_MS} ms (background warm-up):`);
  console.log(
    `warm validation, ${(small.length / 1024).toFixed(1)} KB (${request(small).statements.length} statements): ` +
      `median ${median(smallTimes)} ms (${smallTimes.join(", ")})`,
  );
  console.log(
    `warm validation, ${(large.length / 1024).toFixed(1)} KB (${request(large).statements.length} statements): ` +
      `median ${median(largeTimes)} ms (${largeTimes.join(", ")})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
