// The one masking mechanism (provider/secrets.ts) on the cases the hardening
// issue found: a secret with a space in it quoted one word at a time by a
// parser, secrets of one or two characters, `sql` itself secret, states
// written before the SDK said which inputs are secret.
import * as assert from "assert";
import { MASK, Secrets } from "../../provider/secrets";

describe("provider secrets: every message goes through one mask", () => {
  it("masks a secret whole and each word of it, as a parser quotes the token it stopped at", () => {
    const secrets = Secrets.of({
      localVariables: { password: "correct horse battery" },
      __secretInputs: ["localVariables.password"],
    });
    assert.strictEqual(secrets.mask("'password' = 'correct horse battery'"), `'password' = '${MASK}'`);
    const parserMessage = 'Encountered "horse" at line 3, column 20. Was expecting: ")"';
    assert.ok(!secrets.mask(parserMessage).includes("horse"), secrets.mask(parserMessage));
    assert.ok(!secrets.mask("... near 'correct' ...").includes("correct"));
  });

  it("masks a one- or two-character secret where it stands alone, without garbling words that contain it", () => {
    const secrets = Secrets.of({ localVariables: { pin: "42" }, __secretInputs: ["localVariables.pin"] });
    assert.strictEqual(secrets.mask("port 42 refused"), `port ${MASK} refused`);
    assert.strictEqual(secrets.mask("line 142, column 7"), "line 142, column 7");
  });

  it("leaves values the program did not mark secret alone, and treats every value as secret in an old state", () => {
    const marked = Secrets.of({
      localVariables: { password: "s3cr3t-value", topic: "orders-topic" },
      __secretInputs: ["localVariables.password"],
    });
    assert.strictEqual(
      marked.mask("topic orders-topic, password s3cr3t-value"),
      `topic orders-topic, password ${MASK}`,
    );
    const old = Secrets.of({ localVariables: { password: "s3cr3t-value", topic: "orders-topic" } });
    assert.strictEqual(old.mask("orders-topic s3cr3t-value"), `${MASK} ${MASK}`);
  });

  it("when sql is secret, no identifier, literal or number of it survives; keywords stay readable", () => {
    const sql = "INSERT INTO payroll SELECT employee, salary * 1.07 FROM wages WHERE grade = 'exec';";
    const secrets = Secrets.of({ sql, __secretInputs: ["sql"] });
    assert.ok(secrets.sqlIsSecret);
    const masked = secrets.mask(`statement 1 changed: ${sql}`);
    for (const word of ["payroll", "employee", "salary", "1.07", "wages", "grade", "exec"])
      assert.ok(!masked.includes(word), `${word} survives in ${masked}`);
    assert.match(masked, /INSERT INTO \*+ SELECT/);
  });

  it("keeps columns when asked, so that a caret under an excerpt stays in place", () => {
    const secrets = Secrets.ofValues(["hunter2"]);
    assert.strictEqual(secrets.maskKeepingColumns("pw=hunter2;"), "pw=*******;");
  });
});
