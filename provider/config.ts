/**
 * Provider configuration: where the API is and who calls it.
 *
 * Resolution order, for each setting, first match wins:
 *
 *   credentials  1. stack config  `alicloud:accessKey` + `alicloud:secretKey`
 *                                 (+ `alicloud:securityToken` for STS)
 *                2. environment   `ALIBABA_CLOUD_ACCESS_KEY_ID` + `ALIBABA_CLOUD_ACCESS_KEY_SECRET`
 *                                 (+ `ALIBABA_CLOUD_SECURITY_TOKEN`)
 *                3. the Alibaba Cloud default credential chain (@alicloud/credentials:
 *                   OIDC, CLI profile, ~/.alibabacloud/credentials, ECS RAM role, credentials URI)
 *   endpoint     1. stack config  `alicloud-flink:endpoint`
 *                2. environment   `ALIBABA_CLOUD_ENDPOINT_VERVERICA`
 *                3. `ververica.<region>.aliyuncs.com`, region from stack config
 *                   `alicloud:region`, else env `ALIBABA_CLOUD_REGION_ID`
 *
 * The endpoint is HTTPS. Plain HTTP is accepted only for loopback hosts (the
 * local emulator), so that an AccessKey never crosses a network in clear text.
 *
 * Pure functions: the provider instance (provider.ts) keeps the stack
 * settings `configure` was given and resolves the connection from them and
 * the environment when a call needs it. Credentials are never written to
 * outputs or logs.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { CredentialSource } from "./client";

export interface StackSettings {
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  region?: string;
  endpoint?: string;
}

/** The settings of the stack config the engine passes to `configure` (secrets arrive decrypted). */
export function readStackSettings(config: Pick<dynamic.Config, "get">): StackSettings {
  return {
    accessKey: nonEmpty(config.get("alicloud:accessKey")),
    secretKey: nonEmpty(config.get("alicloud:secretKey")),
    securityToken: nonEmpty(config.get("alicloud:securityToken")),
    region: nonEmpty(config.get("alicloud:region")),
    endpoint: nonEmpty(config.get("alicloud-flink:endpoint")),
  };
}

export interface Connection {
  /** host[:port] */
  endpoint: string;
  protocol: "http" | "https";
  credentials: CredentialSource;
  /** Where the credentials came from, for messages (never the values). */
  credentialOrigin: "stack config" | "environment" | "default credential chain";
}

export type Env = Record<string, string | undefined>;

/** Resolves endpoint and credentials now; throws a message that says what to set. */
export function resolveConnection(stackSettings: StackSettings, env: Env = process.env): Connection {
  const { endpoint, protocol } = resolveEndpoint(stackSettings, env);
  return { endpoint, protocol, ...resolveCredentials(stackSettings, env) };
}

/**
 * True when explicit keys and an endpoint are configured, i.e. a server-side
 * check during preview would not have to probe the default credential chain
 * (which can hang on ECS metadata lookups outside Alibaba Cloud).
 */
export function hasExplicitConnection(stackSettings: StackSettings, env: Env = process.env): boolean {
  try {
    return (
      resolveCredentials(stackSettings, env).credentials.kind === "access-key" &&
      !!resolveEndpoint(stackSettings, env)
    );
  } catch {
    return false;
  }
}

function resolveCredentials(
  stackSettings: StackSettings,
  env: Env,
): Pick<Connection, "credentials" | "credentialOrigin"> {
  const fromStack = accessKeyPair(
    stackSettings.accessKey,
    stackSettings.secretKey,
    stackSettings.securityToken,
    ["alicloud:accessKey", "alicloud:secretKey"],
  );
  if (fromStack) return { credentials: fromStack, credentialOrigin: "stack config" };
  const fromEnv = accessKeyPair(
    nonEmpty(env.ALIBABA_CLOUD_ACCESS_KEY_ID),
    nonEmpty(env.ALIBABA_CLOUD_ACCESS_KEY_SECRET),
    nonEmpty(env.ALIBABA_CLOUD_SECURITY_TOKEN),
    ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
  );
  if (fromEnv) return { credentials: fromEnv, credentialOrigin: "environment" };
  return { credentials: { kind: "default-chain" }, credentialOrigin: "default credential chain" };
}

function accessKeyPair(
  id: string | undefined,
  secret: string | undefined,
  token: string | undefined,
  names: [string, string],
): CredentialSource | undefined {
  if (id === undefined && secret === undefined) return undefined;
  if (id === undefined || secret === undefined) {
    const [present, missing] = id === undefined ? [names[1], names[0]] : names;
    throw new Error(
      `${present} is set but ${missing} is not: set both, or neither to use the next credential source.`,
    );
  }
  return { kind: "access-key", accessKeyId: id, accessKeySecret: secret, securityToken: token };
}

function resolveEndpoint(
  stackSettings: StackSettings,
  env: Env,
): { endpoint: string; protocol: "http" | "https" } {
  const explicit = stackSettings.endpoint ?? nonEmpty(env.ALIBABA_CLOUD_ENDPOINT_VERVERICA);
  if (explicit !== undefined) return parseEndpoint(explicit);
  const region = stackSettings.region ?? nonEmpty(env.ALIBABA_CLOUD_REGION_ID);
  if (region === undefined) {
    throw new Error(
      "No Flink API endpoint: set the stack config alicloud:region (or env ALIBABA_CLOUD_REGION_ID), " +
        "or alicloud-flink:endpoint (or env ALIBABA_CLOUD_ENDPOINT_VERVERICA) for a custom endpoint such as the local emulator.",
    );
  }
  if (!/^[a-z0-9-]+$/.test(region)) {
    throw new Error(`alicloud:region "${region}" is not a region ID such as cn-hangzhou or eu-central-1.`);
  }
  return { endpoint: `ververica.${region}.aliyuncs.com`, protocol: "https" };
}

/**
 * Accepts `host[:port]`, `https://host[:port]` and, for loopback hosts only,
 * `http://host:port`. A bare loopback host means the emulator, which speaks HTTP.
 */
export function parseEndpoint(value: string): { endpoint: string; protocol: "http" | "https" } {
  const match = /^(?:(https?):\/\/)?([^/?#\s]+)\/?$/i.exec(value.trim());
  if (!match) {
    throw new Error(
      `alicloud-flink:endpoint "${value}" is not a host[:port] or http(s)://host[:port] (no path).`,
    );
  }
  const scheme = match[1]?.toLowerCase();
  const hostPort = match[2];
  const loopback = isLoopback(hostPort);
  if (scheme === "http" && !loopback) {
    throw new Error(
      `alicloud-flink:endpoint "${value}" uses plain HTTP to a non-loopback host; the AccessKey signature and ` +
        `SQL would cross the network unencrypted. Use https:// (plain HTTP is accepted only for 127.x, localhost and [::1]).`,
    );
  }
  const protocol = scheme === "https" || (scheme === undefined && !loopback) ? "https" : "http";
  return { endpoint: hostPort, protocol };
}

function isLoopback(hostPort: string): boolean {
  const host = hostPort.startsWith("[")
    ? hostPort.slice(0, hostPort.indexOf("]") + 1)
    : hostPort.replace(/:\d+$/, "");
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === "localhost" || host === "[::1]";
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
