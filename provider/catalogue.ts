/**
 * The service's read-only catalogues (engine versions, deployment targets),
 * looked up once per provider instance (one per process): a preview of 100 DeployedDrafts in one
 * namespace makes one ListEngineVersionMetadata and one ListDeploymentTargets
 * call, not 200. Concurrent checks share the call in flight.
 *
 * A definitive answer (the list, or a refusal such as an unknown workspace)
 * is kept; a transient failure is forgotten, so the next check asks again.
 */
import {
  FlinkApiError,
  type DeploymentTarget,
  type EngineVersionCatalogue,
  type FlinkClient,
  type Scope,
} from "./client";

/** Per provider instance; keyed by client, so another connection does not see this one's answers. */
export class Catalogue {
  private readonly engineVersions: WeakMap<FlinkClient, Map<string, Promise<EngineVersionCatalogue>>> =
    new WeakMap();
  private readonly deploymentTargets: WeakMap<FlinkClient, Map<string, Promise<DeploymentTarget[]>>> =
    new WeakMap();

  /** The engine versions offered to a workspace (the catalogue is global, the workspace header is not). */
  engineVersionCatalogue(client: FlinkClient, scope: Scope): Promise<EngineVersionCatalogue> {
    return cached(this.engineVersions, client, scope.workspace, () =>
      client.listEngineVersionMetadata(scope),
    );
  }

  /** The queues of a namespace. */
  namespaceTargets(client: FlinkClient, scope: Scope): Promise<DeploymentTarget[]> {
    return cached(this.deploymentTargets, client, JSON.stringify([scope.workspace, scope.namespace]), () =>
      client.listDeploymentTargets(scope),
    );
  }
}

function cached<T>(
  cache: WeakMap<FlinkClient, Map<string, Promise<T>>>,
  client: FlinkClient,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  let entries = cache.get(client);
  if (!entries) {
    entries = new Map();
    cache.set(client, entries);
  }
  const known = entries.get(key);
  if (known) return known;
  const pending = load();
  entries.set(key, pending);
  const forget = entries;
  pending.catch((err: unknown) => {
    if (!(err instanceof FlinkApiError) || err.retryable) forget.delete(key);
  });
  return pending;
}
