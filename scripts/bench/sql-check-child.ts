/**
 * Child process of preview.ts: the local SQL check (Flink grammar) of a
 * script of a given size after the grammar is loaded (once cold, once
 * warm), and the diff's SQL work (normalize + hash) on the same script.
 */
import { z } from "zod";
import { serveMeasurement } from "./child";
import { providerSql } from "./dist-modules";
import { flinkScriptOfSize } from "./sql-scripts";

export interface SqlCheckTimes {
  bytes: number;
  statements: number;
  grammarLoadMs: number;
  /** First check: the grammar's parser meets these statement shapes for the first time. */
  checkMs: number;
  /** The same script again, shapes known. */
  warmCheckMs: number;
  problems: number;
  normalizeAndHashMs: number;
}

serveMeasurement(async (raw) => {
  const { bytes } = z.object({ bytes: z.number().int().positive() }).parse(raw);
  const sql = providerSql();
  let started = performance.now();
  sql.checkSyntax("SELECT 1;");
  const grammarLoadMs = performance.now() - started;
  const script = flinkScriptOfSize(bytes);
  started = performance.now();
  const problems = sql.checkSyntax(script);
  const checkMs = performance.now() - started;
  started = performance.now();
  sql.checkSyntax(script);
  const warmCheckMs = performance.now() - started;
  started = performance.now();
  sql.sqlHash(script);
  sql.normalizeSql(script);
  const normalizeAndHashMs = performance.now() - started;
  const times: SqlCheckTimes = {
    bytes: Buffer.byteLength(script),
    statements: sql.splitStatements(script).length,
    grammarLoadMs,
    checkMs,
    warmCheckMs,
    problems: problems.length,
    normalizeAndHashMs,
  };
  return times;
});
