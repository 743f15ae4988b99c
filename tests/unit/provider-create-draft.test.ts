import { strict as assert } from "node:assert";
import { FlinkApiError, type DeploymentDraft, type DeploymentDraftBody } from "../../provider/client";
import { OWNER_LABEL } from "../../provider/draft-body";
import { createDraftOnce, type DraftCreator } from "../../provider/lifecycle/create-draft";
import type { Clock } from "../../provider/clock";
import type { Logger } from "../../provider/log";
import { AMBIGUOUS_ATTEMPTS } from "../../provider/resend";

/** Backoff between resends takes no time here. */
const noPause: Clock = { now: () => 0, sleep: async () => undefined };
const OWNER = "proj/dev/orders";
const SCOPE = { workspace: "ws", namespace: "ns" };
const BODY: DeploymentDraftBody = { name: "orders", labels: { [OWNER_LABEL]: OWNER } };

/**
 * A namespace of drafts whose CreateDeploymentDraft fails as scripted: "lost"
 * creates the draft and then loses the response (a 5xx or reset after it
 * landed), "refused" fails before anything happens.
 */
class ScriptedNamespace implements DraftCreator {
  readonly drafts: DeploymentDraft[] = [];
  creates = 0;
  constructor(private readonly script: ("lost" | "refused" | "ok")[]) {}

  async createDeploymentDraft(_scope: unknown, body: DeploymentDraftBody): Promise<DeploymentDraft> {
    const outcome = this.script[this.creates++] ?? "ok";
    if (outcome === "refused")
      throw new FlinkApiError({ operation: "CreateDeploymentDraft", message: "boom", httpStatus: 503 });
    if (this.drafts.some((d) => d.name === body.name)) {
      throw new FlinkApiError({ operation: "CreateDeploymentDraft", message: "name taken", httpStatus: 400 });
    }
    const draft: DeploymentDraft = { ...body, deploymentDraftId: `d-${this.drafts.length + 1}` };
    this.drafts.push(draft);
    if (outcome === "lost") {
      throw new FlinkApiError({
        operation: "CreateDeploymentDraft",
        message: "reset",
        networkCode: "ECONNRESET",
      });
    }
    return draft;
  }

  async findDeploymentDraftByName(_scope: unknown, name: string): Promise<DeploymentDraft | undefined> {
    return this.drafts.find((d) => d.name === name);
  }

  async getDeploymentDraft(_scope: unknown, id: string): Promise<DeploymentDraft> {
    const draft = this.drafts.find((d) => d.deploymentDraftId === id);
    if (!draft)
      throw new FlinkApiError({ operation: "GetDeploymentDraft", message: "gone", errorCode: "990301" });
    return draft;
  }
}

describe("provider create: CreateDeploymentDraft after an ambiguous failure", () => {
  const lines: string[] = [];
  const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(`warning: ${m}`) };
  const request = { name: "orders", namespace: "ns", owner: OWNER, body: BODY };
  beforeEach(() => lines.splice(0));

  it("continues with the draft when the lost create had landed, without a second create", async () => {
    const ns = new ScriptedNamespace(["lost"]);
    const draft = await createDraftOnce(ns, SCOPE, request, log, noPause);
    assert.equal(draft.deploymentDraftId, "d-1");
    assert.equal(ns.creates, 1);
    assert.equal(ns.drafts.length, 1);
    assert.match(lines.join("\n"), /had landed \(draft d-1\)/);
  });

  it("creates again when the failed create did not land, and only once more", async () => {
    const ns = new ScriptedNamespace(["refused", "refused"]);
    const draft = await createDraftOnce(ns, SCOPE, request, log, noPause);
    assert.equal(draft.deploymentDraftId, "d-1");
    assert.equal(ns.creates, 3);
    assert.equal(ns.drafts.length, 1);
  });

  it("gives up after the fault budget of every other call, pausing at most 8 s between sends", async () => {
    const pauses: number[] = [];
    const clock: Clock = { now: () => 0, sleep: async (ms) => void pauses.push(ms) };
    const ns = new ScriptedNamespace(Array<"refused">(AMBIGUOUS_ATTEMPTS + 1).fill("refused"));
    await assert.rejects(createDraftOnce(ns, SCOPE, request, log, clock), /boom/);
    assert.equal(ns.creates, 8);
    assert.deepEqual(pauses, [500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it("gets through seven ambiguous failures in a row (a service failing 15 % of calls, the chaos lane)", async () => {
    const ns = new ScriptedNamespace(Array<"refused">(7).fill("refused"));
    const draft = await createDraftOnce(ns, SCOPE, request, log, noPause);
    assert.equal(draft.deploymentDraftId, "d-1");
    assert.equal(ns.creates, 8);
  });

  it("fails clearly when the name now belongs to someone else's draft, and leaves it alone", async () => {
    const ns = new ScriptedNamespace(["lost"]);
    const other = { ...request, owner: "proj/prod/orders" };
    await assert.rejects(
      createDraftOnce(ns, SCOPE, other, log, noPause),
      /did not create.*left untouched.*proj\/dev\/orders/s,
    );
    assert.equal(ns.creates, 1);
  });

  it("does not look anything up after a definitive refusal", async () => {
    const ns = new ScriptedNamespace([]);
    ns.drafts.push({ name: "orders", deploymentDraftId: "d-0" });
    await assert.rejects(createDraftOnce(ns, SCOPE, request, log, noPause), /name taken/);
    assert.equal(ns.creates, 1);
  });
});
