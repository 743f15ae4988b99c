import * as assert from "assert";
import { substituteVariables } from "../../provider/sql";

describe("sql: substituteVariables", () => {
  it("replaces ${name} everywhere, including inside string literals", () => {
    const result = substituteVariables(
      "CREATE TEMPORARY TABLE t (a INT) WITH ('topic' = '${topic}', 'servers' = '${brokers}');\nINSERT INTO ${sink} SELECT a FROM t",
      { topic: "orders", brokers: "b1:9092,b2:9092", sink: "print_sink" },
    );
    assert.deepStrictEqual(result, {
      sql: "CREATE TEMPORARY TABLE t (a INT) WITH ('topic' = 'orders', 'servers' = 'b1:9092,b2:9092');\nINSERT INTO print_sink SELECT a FROM t",
      missing: [],
    });
  });

  it("reports each unknown variable once and leaves its placeholder in place", () => {
    const result = substituteVariables("SELECT '${a}', '${b}', '${a}', '${c}'", { b: "B" });
    assert.strictEqual(result.sql, "SELECT '${a}', 'B', '${a}', '${c}'");
    assert.deepStrictEqual(result.missing, ["a", "c"]);
  });

  it("inserts values verbatim and does not substitute inside substituted values", () => {
    const result = substituteVariables("SELECT '${a}'", { a: "${b}$1$&", b: "no" });
    assert.deepStrictEqual(result, { sql: "SELECT '${b}$1$&'", missing: [] });
  });

  it("substitutes an empty value", () => {
    assert.deepStrictEqual(substituteVariables("x${e}y", { e: "" }), { sql: "xy", missing: [] });
  });

  it("leaves ${secret_values.*} to the service (workspace variables) without reporting them", () => {
    const sql = "WITH ('password' = '${secret_values.db_password}')";
    assert.deepStrictEqual(substituteVariables(sql, {}), { sql, missing: [] });
  });

  it("ignores text that is not a placeholder", () => {
    const sql = "SELECT '$', '${', '${}', '${not a name}', '{x}', '$x'";
    assert.deepStrictEqual(substituteVariables(sql, { x: "X" }), { sql, missing: [] });
  });

  it("does not take names from the object's prototype", () => {
    assert.deepStrictEqual(substituteVariables("${toString}", {}), {
      sql: "${toString}",
      missing: ["toString"],
    });
  });

  it("accepts names with dots and dashes", () => {
    assert.strictEqual(substituteVariables("${kafka.topic-name}", { "kafka.topic-name": "t" }).sql, "t");
  });
});
