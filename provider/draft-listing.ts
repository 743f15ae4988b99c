/**
 * create's adopt lookup (lifecycle/create.ts), once per namespace per
 * provider instance: ListDeploymentDrafts has no name filter, so every create
 * of a fleet used to page through the whole namespace (two pages for each
 * create once a hundred drafts exist). One listing, shared by every create
 * of the process (concurrent ones share the call in flight), sees every draft
 * that existed when the `up` began, which is what the lookup is for: drafts
 * left by an earlier, crashed create, and drafts someone else made. A draft
 * found in it is read again by ID before it is used (it may have been deleted
 * since, e.g. by a delete-before-replace of the same name); a draft that took
 * a name after the listing makes CreateDeploymentDraft fail, and create then
 * looks the name up afresh.
 *
 * A draft this instance creates is added to the listing, so a later create
 * of the same name in the same process (a second resource adopting it) finds
 * it without a refused create. A failed listing is forgotten, so the next
 * create asks again.
 */
import type { DeploymentDraft, FlinkClient, Scope } from "./client";

export class DraftListings {
  private readonly listings = new WeakMap<FlinkClient, Map<string, Promise<Map<string, DeploymentDraft>>>>();

  /** The draft with this name when the namespace was first listed by this instance. */
  async find(client: FlinkClient, scope: Scope, name: string): Promise<DeploymentDraft | undefined> {
    let byScope = this.listings.get(client);
    if (!byScope) {
      byScope = new Map();
      this.listings.set(client, byScope);
    }
    const key = keyOf(scope);
    let listing = byScope.get(key);
    if (!listing) {
      listing = client.listDeploymentDrafts(scope).then((drafts) => {
        const byName = new Map<string, DeploymentDraft>();
        for (const draft of drafts) if (draft.name !== undefined) byName.set(draft.name, draft);
        return byName;
      });
      byScope.set(key, listing);
      const forgetOnFailure = (): void => {
        if (byScope?.get(key) === listing) byScope.delete(key);
      };
      listing.catch(forgetOnFailure);
    }
    return (await listing).get(name);
  }

  /** Adds a draft this instance just created to the listing, if the namespace was listed. */
  async remember(client: FlinkClient, scope: Scope, draft: DeploymentDraft): Promise<void> {
    const listing = this.listings.get(client)?.get(keyOf(scope));
    if (!listing || draft.name === undefined) return;
    (await listing.catch(() => new Map<string, DeploymentDraft>())).set(draft.name, draft);
  }
}

function keyOf(scope: Scope): string {
  return JSON.stringify([scope.workspace, scope.namespace]);
}
