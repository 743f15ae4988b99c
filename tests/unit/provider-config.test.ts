import { strict as assert } from "node:assert";
import * as provider from "../../provider";
import { parseEndpoint, readStackSettings, resolveConnection } from "../../provider/config";
import { createProvider } from "../../provider/provider";

const stack = (values: Record<string, string>) => ({
  get: (key: string) => values[key],
  require: (key: string) => values[key],
});
const NO_STACK = {};

describe("provider config: where the endpoint and credentials come from", () => {
  it("prefers stack config over the environment", () => {
    const settings = readStackSettings(
      stack({
        "alicloud:accessKey": "stack-id",
        "alicloud:secretKey": "stack-secret",
        "alicloud:region": "cn-hangzhou",
      }),
    );
    const connection = resolveConnection(settings, {
      ALIBABA_CLOUD_ACCESS_KEY_ID: "env-id",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "env-secret",
      ALIBABA_CLOUD_REGION_ID: "eu-central-1",
    });
    assert.equal(connection.endpoint, "ververica.cn-hangzhou.aliyuncs.com");
    assert.equal(connection.protocol, "https");
    assert.equal(connection.credentialOrigin, "stack config");
    assert.deepEqual(connection.credentials, {
      kind: "access-key",
      accessKeyId: "stack-id",
      accessKeySecret: "stack-secret",
      securityToken: undefined,
    });
  });

  it("falls back to the environment, with an STS token", () => {
    const connection = resolveConnection(NO_STACK, {
      ALIBABA_CLOUD_ACCESS_KEY_ID: "env-id",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "env-secret",
      ALIBABA_CLOUD_SECURITY_TOKEN: "token",
      ALIBABA_CLOUD_ENDPOINT_VERVERICA: "127.0.0.1:18080",
    });
    assert.equal(connection.credentialOrigin, "environment");
    assert.equal(connection.endpoint, "127.0.0.1:18080");
    assert.equal(connection.protocol, "http", "a bare loopback endpoint is the emulator");
    assert.equal(
      connection.credentials.kind === "access-key" && connection.credentials.securityToken,
      "token",
    );
  });

  it("falls back to the default credential chain", () => {
    const connection = resolveConnection(NO_STACK, { ALIBABA_CLOUD_REGION_ID: "ap-southeast-1" });
    assert.equal(connection.credentials.kind, "default-chain");
  });

  it("says what to set when there is no endpoint or region", () => {
    assert.throws(
      () => resolveConnection(NO_STACK, {}),
      /alicloud:region.*ALIBABA_CLOUD_REGION_ID.*alicloud-flink:endpoint/,
    );
  });

  it("refuses half an AccessKey pair, naming both settings and no values", () => {
    const settings = readStackSettings(
      stack({ "alicloud:accessKey": "only-id", "alicloud:region": "cn-hangzhou" }),
    );
    assert.throws(
      () => resolveConnection(settings, {}),
      (err: Error) =>
        /alicloud:accessKey is set but alicloud:secretKey is not/.test(err.message) &&
        !err.message.includes("only-id"),
    );
  });

  it("accepts plain HTTP only for loopback hosts", () => {
    assert.deepEqual(parseEndpoint("http://127.0.0.1:8080"), {
      endpoint: "127.0.0.1:8080",
      protocol: "http",
    });
    assert.deepEqual(parseEndpoint("http://localhost:8080/"), {
      endpoint: "localhost:8080",
      protocol: "http",
    });
    assert.deepEqual(parseEndpoint("http://[::1]:8080"), { endpoint: "[::1]:8080", protocol: "http" });
    assert.deepEqual(parseEndpoint("flink.example.com"), {
      endpoint: "flink.example.com",
      protocol: "https",
    });
    assert.deepEqual(parseEndpoint("https://127.0.0.1:8443"), {
      endpoint: "127.0.0.1:8443",
      protocol: "https",
    });
    assert.throws(
      () => parseEndpoint("http://flink.example.com"),
      /plain HTTP to a non-loopback host.*https:\/\//,
    );
    assert.throws(() => parseEndpoint("http://127.0.0.1.evil.com"), /plain HTTP/);
    assert.throws(() => parseEndpoint("https://host/path"), /no path/);
  });

  it("configure is synchronous (the dynamic-provider host does not await it)", () => {
    const instance = createProvider({ env: {} });
    void instance.configure({
      config: stack({
        "alicloud-flink:endpoint": "127.0.0.1:1",
        "alicloud:accessKey": "a",
        "alicloud:secretKey": "b",
      }),
    });
    // No await between configure and the first use.
    assert.equal(instance.services.hasExplicitConnection(), true);
    const result: unknown = provider.configure(stack({ "alicloud-flink:endpoint": "127.0.0.1:1" }));
    assert.equal(result, undefined);
  });

  it("exports exactly what the SDK's shim and the shims of older states call", () => {
    assert.deepEqual(Object.keys(provider).sort(), [
      "check",
      "configure",
      "create",
      "delete",
      "deployedDraftProvider",
      "diff",
      "read",
      "update",
      "variable",
      "variableProvider",
    ]);
    const { variable, deployedDraftProvider, variableProvider, ...deployedDraft } = provider;
    for (const fn of Object.values(deployedDraft)) assert.equal(typeof fn, "function");
    const METHODS = ["check", "configure", "create", "delete", "diff", "read", "update"];
    for (const methods of [variable, deployedDraftProvider, variableProvider]) {
      assert.deepEqual(Object.keys(methods).sort(), METHODS);
      for (const fn of Object.values(methods)) assert.equal(typeof fn, "function");
    }
  });

  it("creates the client lazily and rebuilds it when the connection changes", () => {
    const instance = createProvider({ env: {} });
    const configure = (config: ReturnType<typeof stack>): void => void instance.configure({ config });
    const getClient = () => instance.services.client();
    configure(
      stack({
        "alicloud-flink:endpoint": "127.0.0.1:1",
        "alicloud:accessKey": "a",
        "alicloud:secretKey": "b",
      }),
    );
    const first = getClient();
    assert.equal(getClient(), first, "reused while the connection is the same");
    configure(
      stack({
        "alicloud-flink:endpoint": "127.0.0.1:2",
        "alicloud:accessKey": "a",
        "alicloud:secretKey": "b",
      }),
    );
    assert.notEqual(getClient(), first, "rebuilt for another endpoint");
  });
});
