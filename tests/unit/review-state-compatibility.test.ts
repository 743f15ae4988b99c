// The verdict table of the state-compatibility review (the pairs are in
// tests/corpus/state-compatibility-pairs.ts): each old/new pair must get the
// verdict the published rules give, with the reason it names.
import * as assert from "assert";
import { checkStateCompatibility, type CompatibilityReason } from "../../provider/review/state-compatibility";
import { CASES, GROUP, script, type Expected } from "../corpus/state-compatibility-pairs";

function matches(reason: CompatibilityReason, expected: Expected): boolean {
  return Object.entries(expected).every(([k, v]) => reason[k as keyof CompatibilityReason] === v);
}

describe(`review: state compatibility verdict table (${CASES.length} cases)`, () => {
  const failures: string[] = [];
  after(() => {
    // The summary the brief asks for: table size and result.
    console.log(`      verdict table: ${CASES.length - failures.length}/${CASES.length} as expected`);
  });
  for (const c of CASES) {
    it(`${c.name} → ${c.verdict}`, () => {
      const result = checkStateCompatibility(c.old, c.new, c.context);
      const shown = JSON.stringify(result.reasons, null, 1);
      try {
        assert.strictEqual(result.verdict, c.verdict, shown);
        if (Array.isArray(c.reason)) {
          assert.deepStrictEqual(result.reasons, [], shown);
        } else {
          const expected = c.reason;
          assert.ok(
            result.reasons.some((r) => r.verdict === c.verdict && matches(r, expected)),
            `no ${c.verdict} reason with ${JSON.stringify(expected)} in ${shown}`,
          );
        }
        for (const r of result.reasons) {
          assert.ok(r.ruleUrl.length > 0 && r.ruleTitle.length > 0, "every reason cites its rule");
          if (r.sink !== undefined)
            assert.ok(
              r.statement !== undefined && r.line !== undefined,
              "a sink reason names statement and line",
            );
        }
      } catch (err) {
        failures.push(c.name);
        throw err;
      }
    });
  }
  it("has at least 40 cases", () => assert.ok(CASES.length >= 40));
});

describe("review: state compatibility never throws and never claims more than it read", () => {
  const odd = [
    "",
    "-- only a comment",
    "INSERT INTO",
    "INSERT INTO s SELECT (",
    "INSERT INTO s SELECT a FROM t WHERE (a > 1",
    "INSERT INTO s SELECT a, ROW_NUMBER() OVER (PARTITION BY a ORDER BY) AS rk FROM t",
    "INSERT INTO s SELECT * FROM (SELECT *, ROW_NUMBER() OVER () AS rk FROM t) WHERE rk <= 3",
    "INSERT INTO s SELECT a FROM t JOIN",
    "INSERT INTO s SELECT a FROM TABLE(TUMBLE(",
    "CREATE VIEW v AS SELECT * FROM v; INSERT INTO s SELECT a, COUNT(*) FROM v GROUP BY a",
    "EXECUTE STATEMENT SET BEGIN END",
    "SET 'a' =",
    "SELECT ))) FROM ((( GROUP BY",
  ];
  for (const sql of odd) {
    it(`reads ${JSON.stringify(sql)}`, () => {
      for (const [a, b] of [
        [sql, GROUP],
        [GROUP, sql],
        [sql, sql],
      ]) {
        const result = checkStateCompatibility(a, b);
        assert.ok(["compatible", "partially-compatible", "incompatible", "unknown"].includes(result.verdict));
      }
    });
  }
  it("a changed query it cannot read completely is unknown, not compatible", () => {
    const result = checkStateCompatibility(
      script(GROUP),
      script("INSERT INTO MySink VALUES (1, 2, 'x') , (SELECT"),
    );
    assert.notStrictEqual(result.verdict, "compatible", JSON.stringify(result.reasons));
  });
});
