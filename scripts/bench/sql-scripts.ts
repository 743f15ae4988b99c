/**
 * Flink SQL scripts of a given size: sources, sinks and one statement set of
 * INSERTs, the shape of a real multi-table job, so the grammar check and the
 * state see realistic text rather than one giant statement.
 */

function tableBlock(index: number): { ddl: string; insert: string } {
  const ddl =
    `CREATE TEMPORARY TABLE orders_src_${index} (\n` +
    `  order_id BIGINT,\n  customer STRING,\n  amount DECIMAL(10, 2),\n  ts TIMESTAMP(3),\n` +
    `  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND\n) WITH (\n  'connector' = 'datagen',\n  'rows-per-second' = '${index + 1}'\n);\n` +
    `CREATE TEMPORARY TABLE orders_sink_${index} (\n  customer STRING,\n  total DECIMAL(10, 2)\n) WITH (\n  'connector' = 'blackhole'\n);\n`;
  const insert =
    `  INSERT INTO orders_sink_${index}\n  SELECT customer, SUM(amount) AS total\n  FROM orders_src_${index}\n` +
    `  WHERE amount > ${index % 100}\n  GROUP BY customer;\n`;
  return { ddl, insert };
}

/** A valid script of at least `targetBytes` bytes (one table pair at minimum). */
export function flinkScriptOfSize(targetBytes: number): string {
  const ddls: string[] = [];
  const inserts: string[] = [];
  let size = "BEGIN STATEMENT SET;\nEND;\n".length;
  for (let i = 0; i === 0 || size < targetBytes; i++) {
    const block = tableBlock(i);
    ddls.push(block.ddl);
    inserts.push(block.insert);
    size += block.ddl.length + block.insert.length;
  }
  return `${ddls.join("")}BEGIN STATEMENT SET;\n${inserts.join("")}END;\n`;
}

/** The small job every fleet draft runs, distinct per index (distinct tables and filter). */
export function smallScript(index: number, variant = 0): string {
  return (
    `CREATE TEMPORARY TABLE src_${index} (id BIGINT, name STRING) WITH ('connector' = 'datagen');\n` +
    `CREATE TEMPORARY TABLE snk_${index} (id BIGINT, name STRING) WITH ('connector' = 'blackhole');\n` +
    `INSERT INTO snk_${index} SELECT id, name FROM src_${index} WHERE id > ${variant};\n`
  );
}
