/**
 * RAM authorization as the gateway applies it after authentication: a user can be denied operations
 * (by action name, or "*" for all). A denied call is answered HTTP 403 `NoPermission` with
 * `AccessDeniedDetail` (the object newer POP gateways send) and `accessDeniedDetail` (the same as a JSON
 * string: the ververica job operations model that field as a string). The RAM action is `stream:<Operation>`
 * (documented: the help pages' authorization tables); ASSUMPTION: the detail's field set is the common POP one.
 */
import type { EmulatorUser } from "./config";
import { gatewayError } from "./errors";

export const ALL_ACTIONS = "*";
/** RAM actions are `stream:<Operation>` (seeds 000-003, the help pages' "Authorization information"). */
const RAM_SERVICE = "stream";

export class AccessControl {
  /** AccessKey ID → denied actions, as configured (restored by an admin reset). */
  private readonly configured = new Map<string, string[]>();
  private readonly denied = new Map<string, Set<string>>();

  constructor(
    private readonly users: EmulatorUser[],
    private readonly knownActions: string[],
  ) {
    for (const user of users) {
      const actions = this.checkActions(
        `user ${user.userName} (${user.accessKeyId})`,
        user.deniedActions ?? [],
      );
      this.configured.set(user.accessKeyId, actions);
    }
    this.reset();
  }

  hasUser(accessKeyId: string): boolean {
    return this.users.some((u) => u.accessKeyId === accessKeyId);
  }

  /** Replaces the denied actions of the user behind `accessKeyId`; an empty list allows everything. */
  deny(accessKeyId: string, actions: string[]): string[] {
    const user = this.users.find((u) => u.accessKeyId === accessKeyId);
    if (!user) throw new Error(`No user signs with AccessKey ID ${accessKeyId}.`);
    const checked = this.checkActions(`user ${user.userName} (${accessKeyId})`, actions);
    this.denied.set(accessKeyId, new Set(checked));
    return checked;
  }

  reset(): void {
    this.denied.clear();
    for (const [id, actions] of this.configured) this.denied.set(id, new Set(actions));
  }

  /** Throws the gateway's 403 when `user` may not call `action`. */
  check(user: EmulatorUser, action: string): void {
    const denied = this.denied.get(user.accessKeyId);
    if (!denied || (!denied.has(action) && !denied.has(ALL_ACTIONS))) return;
    const authAction = `${RAM_SERVICE}:${action}`;
    const detail = {
      AuthAction: authAction,
      AuthPrincipalType: "SubUser",
      AuthPrincipalDisplayName: user.userName,
      NoPermissionType: "ExplicitDeny",
      PolicyType: "AccountLevelIdentityBasedPolicy",
    };
    throw gatewayError(
      "NoPermission",
      `You are not authorized to do this action: ${authAction} is denied to RAM user ${user.userName}. You should be authorized by RAM.`,
      {},
      { AccessDeniedDetail: detail, accessDeniedDetail: JSON.stringify(detail) },
    );
  }

  private checkActions(owner: string, actions: string[]): string[] {
    for (const action of actions) {
      if (action !== ALL_ACTIONS && !this.knownActions.includes(action)) {
        throw new Error(
          `Denied action ${action} of ${owner} is not an operation the emulator serves; use "*" or one of: ${this.knownActions.join(", ")}.`,
        );
      }
    }
    return [...new Set(actions)];
  }
}
