/**
 * The serialized provider is what Pulumi stores twice per resource; it must stay
 * small, capture nothing, and load in the dynamic-provider process.
 *
 * Serializes the compiled shim (dist/, as programs load it): a transpiled-on-the-fly
 * copy would serialize differently (esbuild's module wrappers, docs/design.md §3).
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

describe("sdk: the serialized DeployedDraft provider", () => {
  let text: string;
  let exportName: string;

  before(async function () {
    this.timeout(20_000);
    const { deployedDraftProvider } = require(path.join(REPO_ROOT, "dist", "sdk", "shim.js")) as {
      deployedDraftProvider: dynamic.ResourceProvider;
    };
    // Captured under the name dynamic.Resource gives it (`provider`), so the text is what state holds.
    const provider = deployedDraftProvider;
    const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    text = serialized.text;
    exportName = serialized.exportName;
  });

  it("stays within 2 KiB", () => {
    const size = Buffer.byteLength(text);
    assert.ok(size <= 2048, `serialized provider is ${size} bytes`);
  });

  it("loads the provider by package name at call time and captures nothing else", () => {
    const requires = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(requires)], ["pulumi-alicloud-flink/provider"]);
  });

  it("evaluates to an object with every lifecycle method", () => {
    // What the dynamic-provider process does with the text (require-from-string).
    const mod = { exports: {} as Record<string, () => dynamic.ResourceProvider> };
    new Function("module", "exports", "require", text)(mod, mod.exports, require);
    const provider = mod.exports[exportName]();
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"] as const) {
      assert.equal(typeof provider[method], "function", method);
    }
  });
});
