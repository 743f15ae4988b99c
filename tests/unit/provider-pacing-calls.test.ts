/**
 * Fewer calls on create's hot path: the adopt lookup lists a namespace once
 * per provider instance (provider/draft-listing.ts), and what changed since
 * the listing is still found.
 */
import { strict as assert } from "node:assert";
import {
  emulatorClock,
  emulatorProvider,
  startProviderFixture,
  type ProviderFixture,
} from "./provider-fixtures";

describe("provider calls on create's hot path", () => {
  let fx: ProviderFixture;
  before(async () => {
    fx = await startProviderFixture();
  });
  after(async () => {
    await fx.close();
  });

  const listings = (from: number): number =>
    fx.emulator
      .requestLog()
      .slice(from)
      .filter((r) => r.method === "GET" && /\/deployment-drafts$/.test(r.path.split("?")[0])).length;

  it("lists the namespace once for every create of the process", async () => {
    const mark = fx.emulator.requestLog().length;
    const created = await Promise.all(
      [1, 2, 3].map(() => fx.provider.create(fx.inputs({ jobState: "STOPPED" }))),
    );
    const more = await fx.provider.create(fx.inputs({ jobState: "STOPPED" }));
    assert.equal(listings(mark), 1, "one ListDeploymentDrafts for four creates");
    for (const { id, outs } of [...created, more]) await fx.provider.delete(id, outs);
  });

  it("still finds a draft that took the name after the listing, and adopts its own", async () => {
    const inputs = fx.inputs({ jobState: "STOPPED" });
    // Another process (another provider instance) creates this resource's draft meanwhile,
    // e.g. an earlier `up` that crashed after CreateDeploymentDraft.
    const other = emulatorProvider(fx.emulator, [], emulatorClock(fx.emulator));
    const theirs = await other.create(inputs);
    const { id, outs } = await fx.provider.create(inputs);
    assert.equal(id, theirs.id, "the same draft, adopted");
    assert.match(fx.logs.join("\n"), /resuming with draft .*left by an earlier create/);
    await fx.provider.delete(id, outs);
  });

  it("creates again a draft that is in the listing but was deleted since", async () => {
    const inputs = fx.inputs({ jobState: "STOPPED" });
    const other = emulatorProvider(fx.emulator, [], emulatorClock(fx.emulator));
    const first = await other.create(inputs);
    // A fresh instance lists the namespace (with the draft in it) on its first create...
    const fresh = emulatorProvider(fx.emulator, [], emulatorClock(fx.emulator));
    const unrelated = await fresh.create(fx.inputs({ jobState: "STOPPED" }));
    // ...then the draft is deleted (a delete-before-replace of the same name, say).
    await other.delete(first.id, first.outs);
    const again = await fresh.create(inputs);
    assert.notEqual(again.id, first.id, "a new draft, not the deleted one");
    await fresh.delete(again.id, again.outs);
    await fresh.delete(unrelated.id, unrelated.outs);
  });
});
