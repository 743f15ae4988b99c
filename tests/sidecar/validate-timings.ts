// Timings of ValidateSqlStatement on the emulator with the Flink sidecar (issue "fidelity": within
// 50 ms warm for a 1 KB script): signed requests with the provider's client, back to back and after
// 10 s idle (the sidecar's background warm-up), medians of 21. Run: npx tsx tests/sidecar/validate-timings.ts
import { startEmulator, providerClientFor } from "../contract/emulator-support";
const SQL = [
  "CREATE TEMPORARY TABLE orders (order_id BIGINT, customer STRING, amount DECIMAL(10, 2), ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'format' = 'json');",
  "CREATE TEMPORARY TABLE totals (customer STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3), total DECIMAL(20, 2), orders BIGINT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:mysql://db:3306/shop', 'table-name' = 'totals');",
  "CREATE TEMPORARY TABLE big_orders (order_id BIGINT, customer STRING, amount DECIMAL(10, 2)) WITH ('connector' = 'print');",
  "INSERT INTO totals SELECT customer, window_start, window_end, SUM(amount), COUNT(*) FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY customer, window_start, window_end;",
  "INSERT INTO big_orders SELECT order_id, customer, amount FROM orders WHERE amount > 1000;",
].join("\n");
(async () => {
  const emulator = await startEmulator({ ticketMs: 20 });
  const client = providerClientFor(emulator, {
    userAgent: "latency",
  });
  const scope = { workspace: emulator.workspace, namespace: emulator.namespace };
  const once = async () => {
    const t = performance.now();
    const r = await client.validateSqlStatement(scope, {
      statement: SQL,
      batchMode: false,
      versionName: "vvr-8.0.11-flink-1.17",
    });
    if (!r.success) throw new Error(JSON.stringify(r));
    return performance.now() - t;
  };
  console.log(`script ${Buffer.byteLength(SQL)} bytes`);
  for (let i = 0; i < 10; i++) await once();
  for (const idle of [0, 10_000]) {
    await new Promise((r) => setTimeout(r, idle));
    const ms: number[] = [];
    for (let i = 0; i < 21; i++) ms.push(await once());
    ms.sort((a, b) => a - b);
    console.log(
      `after ${idle} ms idle: median ${ms[10].toFixed(0)} ms, p90 ${ms[18].toFixed(0)} ms, min ${ms[0].toFixed(0)} ms (21 requests)`,
    );
  }
  await emulator.close();
})();
