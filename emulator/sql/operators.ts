/**
 * The emulator's own, deliberately simple notion of a SQL job's stateful operators, used to decide
 * whether a savepoint can be restored into a new program (ASSUMPTION: Flink derives operator IDs from
 * the optimized plan; the emulator approximates them with fingerprints of the SQL text).
 *
 * Per INSERT statement (statement sets included), with comments removed, whitespace collapsed and
 * upper-cased, each stateful construct gives one fingerprint `<kind>[<sink>]: <detail>`:
 * window TVF and its arguments (`window`), GROUP BY keys (`group-agg`), ROW_NUMBER() OVER (dedup/Top-N,
 * `rank`), other OVER windows (`over-agg`), each JOIN's right-hand table (`join`), DISTINCT aggregates
 * (`distinct-agg`), SELECT DISTINCT (`distinct`) and MATCH_RECOGNIZE's PARTITION BY (`match-recognize`).
 * The operator ID is the first 32 hex digits of the fingerprint's SHA-256 (Flink's IDs are 32 hex).
 */
import { createHash } from "node:crypto";
import { splitScript } from "./statements";

function normalize(text: string): string {
  return text
    .replace(/--[^\r\n]*/g, " ")
    .replace(/\/\*(?!\+)[\s\S]*?\*\//g, " ")
    .replace(/`/g, "")
    .replace(/\s+/g, " ")
    .replace(/\s*([(),])\s*/g, "$1")
    .trim()
    .toUpperCase();
}

export function statefulOperators(script: string): string[] {
  const found: string[] = [];
  const add = (fingerprint: string): void => {
    if (!found.includes(fingerprint)) found.push(fingerprint);
  };
  for (const statement of splitScript(script).statements) {
    const text = normalize(statement.text);
    const insert = /INSERT (?:INTO|OVERWRITE) ([^\s(]+)(.*)$/.exec(text);
    if (!insert) continue;
    const sink = insert[1];
    const body = insert[2];
    for (const m of body.matchAll(/TABLE\((TUMBLE|HOP|CUMULATE|SESSION)\((.*?)\)\)/g))
      add(`window[${sink}]: ${m[1]}(${m[2]})`);
    for (const m of body.matchAll(/GROUP BY (.+?)(?= HAVING| ORDER BY| LIMIT| WINDOW|\)|;|$)/g))
      add(`group-agg[${sink}]: ${m[1]}`);
    for (const m of body.matchAll(/ROW_NUMBER\(\)OVER\((.*?)\)/g)) add(`rank[${sink}]: ${m[1]}`);
    for (const m of body.matchAll(/(?<!ROW_NUMBER\(\))OVER\((.*?)\)/g)) add(`over-agg[${sink}]: ${m[1]}`);
    for (const m of body.matchAll(/JOIN (?!LATERAL)([^\s(]+)/g)) add(`join[${sink}]: ${m[1]}`);
    for (const m of body.matchAll(/\b(COUNT|SUM|AVG|MIN|MAX)\(DISTINCT (.*?)\)/g))
      add(`distinct-agg[${sink}]: ${m[1]}(${m[2]})`);
    if (/SELECT DISTINCT /.test(body)) add(`distinct[${sink}]`);
    for (const m of body.matchAll(/MATCH_RECOGNIZE\(PARTITION BY (.*?) ORDER BY/g))
      add(`match-recognize[${sink}]: ${m[1]}`);
  }
  return found;
}

export function operatorId(fingerprint: string): string {
  return createHash("sha256").update(fingerprint).digest("hex").slice(0, 32);
}
