/** Unit: the emulator's stateful-operator fingerprints of a SQL job (emulator/sql/operators.ts). */
import assert from "node:assert/strict";
import { operatorId, statefulOperators } from "../../emulator/sql";

describe("emulator stateful operators (unit)", () => {
  it("finds group, window, rank, over, join, distinct and MATCH_RECOGNIZE per sink", () => {
    const sql = [
      "CREATE TEMPORARY TABLE src (id INT, k STRING, ts TIMESTAMP(3)) WITH ('connector' = 'datagen');",
      "BEGIN STATEMENT SET;",
      "INSERT INTO agg SELECT k, COUNT(DISTINCT id) FROM src GROUP BY k;",
      "INSERT INTO win SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' MINUTES)) GROUP BY window_start, window_end;",
      "INSERT INTO top SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts DESC) AS rn FROM src) WHERE rn = 1;",
      "INSERT INTO joined SELECT * FROM src a LEFT JOIN dim b ON a.k = b.k;",
      "INSERT INTO plain SELECT DISTINCT id FROM src;",
      "END;",
    ].join("\n");
    assert.deepEqual(statefulOperators(sql), [
      "group-agg[AGG]: K",
      "distinct-agg[AGG]: COUNT(ID)",
      "window[WIN]: TUMBLE(TABLE SRC,DESCRIPTOR(TS),INTERVAL '1' MINUTES)",
      "group-agg[WIN]: WINDOW_START,WINDOW_END",
      "rank[TOP]: PARTITION BY K ORDER BY TS DESC",
      "join[JOINED]: DIM",
      "distinct[PLAIN]",
    ]);
  });

  it("ignores whitespace, comments and case; a stateless job has none", () => {
    const a = statefulOperators("insert into s select k, count(*) from t group by k;");
    const b = statefulOperators("INSERT  INTO s -- c\n SELECT k, COUNT(*)\nFROM t\nGROUP BY   k");
    assert.deepEqual(a, b);
    assert.deepEqual(statefulOperators("INSERT INTO s SELECT id FROM t WHERE id > 1;"), []);
    assert.match(operatorId(a[0]), /^[0-9a-f]{32}$/);
  });
});
