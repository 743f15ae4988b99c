/**
 * The shim is what Pulumi stores twice per resource and hands the
 * dynamic-provider host (sdk/shim.ts): it must stay small, capture nothing,
 * and load the installed provider the way the host loads it. The shims that
 * Pulumi's closure serializer wrote into older states must keep working:
 * their outputs hold them until the resource is next updated, and refresh
 * and destroy load the provider through them.
 *
 * Runs the compiled package (dist/), as programs and the host load it.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { serializedShim } from "../e2e/shim-upgrade-program/serialized-shim";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"] as const;

/** What the dynamic-provider host does with a `__provider` text (require-from-string, then handler()). */
function loadAsTheHostDoes(text: string): dynamic.ResourceProvider {
  const mod = { exports: {} as Record<string, () => dynamic.ResourceProvider> };
  new Function("module", "exports", "require", text)(mod, mod.exports, require);
  const handler = mod.exports.handler;
  assert.equal(typeof handler, "function", "the text exports handler");
  return handler();
}

describe("sdk: the shim each resource hands the dynamic-provider host", () => {
  const { providerModule } = require(path.join(REPO_ROOT, "dist", "sdk", "shim.js")) as {
    providerModule: (type: string) => string;
  };

  for (const [type, exportName] of [
    ["DeployedDraft", "deployedDraftProvider"],
    ["Variable", "variableProvider"],
  ] as const) {
    it(`${type}: one line within 128 bytes that requires the provider by package name`, () => {
      const text = providerModule(type);
      const size = Buffer.byteLength(text);
      assert.ok(size <= 128, `the shim is ${size} bytes`);
      const requires = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
      assert.deepEqual(requires, ["pulumi-alicloud-flink/provider"]);
    });

    it(`${type}: loads, as the host loads it, to the provider's ${exportName} with every method`, () => {
      const provider = loadAsTheHostDoes(providerModule(type));
      const exported = (require("pulumi-alicloud-flink/provider") as Record<string, unknown>)[exportName];
      assert.equal(provider, exported, "the installed provider's object, not a copy");
      for (const method of METHODS) assert.equal(typeof provider[method], "function", method);
    });
  }

  it("keeps what the serialized shims of older states call", async function () {
    this.timeout(20_000);
    // Serialized as pulumi.dynamic.Resource serialized it into state before the SDK wrote its own shim.
    const legacy = serializedShim;
    const { text, exportName } = await pulumi.runtime.serializeFunction(() => legacy, { allowSecrets: true });
    assert.equal(exportName, "handler");
    const provider = loadAsTheHostDoes(text);
    const config = { get: (): undefined => undefined, require: (): never => assert.fail("no config") };
    await provider.configure?.({ config } as unknown as dynamic.ConfigureRequest);
    // A call through the legacy shim reaches the provider: check refuses a missing script.
    const checked = await provider.check?.(
      {},
      { workspace: "ws", namespace: "ns", engineVersion: "vvr-8.0.11-flink-1.17" },
    );
    assert.ok(
      checked?.failures?.some((f) => f.reason.startsWith("sql is required")),
      JSON.stringify(checked?.failures),
    );
    const api = require("pulumi-alicloud-flink/provider") as Record<string, unknown> & {
      variable: Record<string, unknown>;
    };
    for (const method of METHODS) {
      assert.equal(typeof api[method], "function", `top-level ${method}`);
      assert.equal(typeof api.variable[method], "function", `variable.${method}`);
    }
  });
});
