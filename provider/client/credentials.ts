/**
 * Where the client's credentials come from. Either explicit keys (stack config
 * or environment) or the Alibaba Cloud default credential chain, which
 * @alicloud/credentials resolves lazily on each call (so rotated STS tokens,
 * ECS RAM roles and CLI profiles work without the provider storing anything).
 */
import Credential from "@alicloud/credentials";

export interface AccessKeyCredentials {
  kind: "access-key";
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface DefaultChainCredentials {
  kind: "default-chain";
}

export type CredentialSource = AccessKeyCredentials | DefaultChainCredentials;

/** The fields of an openapi-client Config that carry the credentials. */
export interface OpenApiCredentialFields {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  credential?: Credential;
}

export function toOpenApiCredentialFields(source: CredentialSource): OpenApiCredentialFields {
  if (source.kind === "access-key") {
    return {
      accessKeyId: source.accessKeyId,
      accessKeySecret: source.accessKeySecret,
      securityToken: source.securityToken,
    };
  }
  return { credential: new Credential() };
}
