/**
 * The draft edit lock. The API has only GetDeploymentDraftLock (a POST that acquires it); there is no
 * release and no expiry. The console documents that another user's unlock request takes the lock over,
 * hence the default policy "steal". ASSUMPTIONS (configurable): whether getLock steals or refuses, and
 * whether Update/Validate/Deploy require the caller to hold the lock (enforceLock, default true).
 */
import type { Backend } from "./backend";
import { productError } from "./errors";
import { newLockId, type Actor, type DraftRecord, type Lock } from "./store";

export function currentLock(backend: Backend, draftId: string): Lock | undefined {
  return backend.store.state.locks[draftId];
}

/** GetDeploymentDraftLock: the caller takes the lock (or keeps it). */
export function acquireLock(backend: Backend, draft: DraftRecord, actor: Actor): Lock {
  const existing = currentLock(backend, draft.deploymentDraftId);
  if (existing && existing.holderId === actor.userId) return existing;
  if (existing && backend.config.lockOnConflict === "refuse") {
    throw productError(
      "DraftLockHeldByOtherUser",
      `Draft ${draft.name} is locked by ${existing.holderName} (${existing.holderId}); ask them to release it in the console, or unlock it there.`,
    );
  }
  return setLock(backend, draft, actor);
}

/** Gives the lock to `actor` unconditionally (the admin API's "console user takes the lock"). */
export function setLock(backend: Backend, draft: DraftRecord, actor: Actor): Lock {
  const lock: Lock = {
    id: newLockId(),
    workspace: draft.workspace,
    namespace: draft.namespace,
    holderId: actor.userId,
    holderName: actor.userName,
  };
  backend.store.state.locks[draft.deploymentDraftId] = lock;
  return lock;
}

/** Refuses an edit/validate/deploy by a caller that does not hold the lock (when enforceLock is on). */
export function requireLockHolder(
  backend: Backend,
  draft: DraftRecord,
  actor: Actor,
  operation: string,
): void {
  if (!backend.config.enforceLock) return;
  const lock = currentLock(backend, draft.deploymentDraftId);
  if (!lock) {
    throw productError(
      "DraftLockNotHeld",
      `${operation}: draft ${draft.name} is not locked; acquire the edit lock with GetDeploymentDraftLock first.`,
    );
  }
  if (lock.holderId !== actor.userId) {
    throw productError(
      "DraftLockHeldByOtherUser",
      `${operation}: draft ${draft.name} is locked by ${lock.holderName} (${lock.holderId}), not by ${actor.userName}; acquire the edit lock with GetDeploymentDraftLock first.`,
    );
  }
}
