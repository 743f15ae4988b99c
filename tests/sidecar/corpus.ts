// The Flink SQL corpora under tests/corpus/flink-sql/: valid/ scripts (each
// self-contained) and invalid/ scripts whose header says where the first problem is.
import * as fs from "fs";
import * as path from "path";
import { splitStatements } from "../../provider/sql";
import type { SidecarStatement, ValidationRequest } from "../../emulator/validation/flink-sidecar";

export const CORPUS_DIR = path.join(__dirname, "..", "corpus", "flink-sql");

export interface CorpusScript {
  /** path relative to CORPUS_DIR */
  name: string;
  sql: string;
  mode: "STREAMING" | "BATCH";
  statements: SidecarStatement[];
  /** invalid/ only: the script line of the first problem (`-- expect-line: N`) */
  expectLine?: number;
}

function header(sql: string, key: string): string | undefined {
  const match = new RegExp(`^--\\s*${key}:\\s*(\\S+)`, "mi").exec(sql);
  return match?.[1];
}

export function loadCorpus(kind: "valid" | "invalid"): CorpusScript[] {
  const dir = path.join(CORPUS_DIR, kind);
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(".sql"))
    .sort()
    .map((file) => {
      const sql = fs.readFileSync(path.join(dir, file), "utf8");
      const expect = header(sql, "expect-line");
      return {
        name: `${kind}/${file}`,
        sql,
        mode: header(sql, "mode")?.toUpperCase() === "BATCH" ? "BATCH" : "STREAMING",
        statements: splitStatements(sql).map((s) => ({
          text: s.text,
          line: s.startLine,
          column: s.startColumn,
        })),
        expectLine: expect === undefined ? undefined : Number(expect),
      };
    });
}

export function requestOf(script: CorpusScript): ValidationRequest {
  return { statements: script.statements, mode: script.mode };
}
