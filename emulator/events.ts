/**
 * The event log: what happened to deployments, jobs and savepoints, in the order it happened, so a
 * test can assert sequences such as "stop with savepoint, then start from that savepoint". It is part
 * of the state (snapshot, state file) and served by the admin API; it is not a service API.
 */
import type { Backend } from "./backend";
import type { EmulatorEvent } from "./store";

/** Older entries are dropped beyond this; seq keeps counting. */
const MAX_EVENTS = 5000;

export type NewEvent = Omit<EmulatorEvent, "seq" | "time">;

export function recordEvent(backend: Backend, event: NewEvent): void {
  const events = backend.store.state.events;
  const workspace = event.workspace ?? backend.store.state.deployments[event.deploymentId]?.workspace;
  events.push({ seq: nextEventSeq(backend), time: new Date(event.atMs).toISOString(), ...event, workspace });
  if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
}

/**
 * Time-driven transitions are applied lazily, family by family (tickets, then jobs), so the entries
 * one settling pass appends are put back in time order (stable: same-time entries keep their order).
 */
export function orderEventsSince(backend: Backend, firstSeq: number): void {
  const events = backend.store.state.events;
  const start = events.findIndex((e) => e.seq >= firstSeq);
  if (start === -1) return;
  const tail = events.slice(start).sort((a, b) => a.atMs - b.atMs);
  tail.forEach((event, i) => {
    event.seq = firstSeq + i;
  });
  events.splice(start, tail.length, ...tail);
}

export function nextEventSeq(backend: Backend): number {
  const events = backend.store.state.events;
  const last = events[events.length - 1];
  return last ? last.seq + 1 : 1;
}
