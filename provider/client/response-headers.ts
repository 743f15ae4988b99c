/**
 * The response headers of the HTTP exchanges a call makes.
 *
 * `@alicloud/openapi-client` 0.4.x throws on a 4xx/5xx without the response's
 * headers, so the gateway's `x-acs-retry-after` (how long a throttled caller
 * should wait) would be lost. openapi-client sends every request through tea's
 * `doAction`, looked up on the module object at call time; wrapping it once
 * records the headers of each response in the caller's async context. Should
 * a future client bind `doAction` differently, nothing breaks: no headers are
 * recorded and retries fall back to their own backoff.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import * as path from "node:path";
import { z } from "zod";

interface Slot {
  headers?: Record<string, unknown>;
}

const slots = new AsyncLocalStorage<Slot>();
const ResponseWithHeaders = z.object({ headers: z.record(z.string(), z.unknown()) });
type DoAction = (...args: unknown[]) => Promise<unknown>;

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  // The tea module instance openapi-client itself loads (it may be nested under it).
  const clientDir = path.dirname(require.resolve("@alicloud/openapi-client"));
  const tea = require(require.resolve("@alicloud/tea-typescript", { paths: [clientDir] })) as {
    doAction?: DoAction;
  };
  const original = tea.doAction;
  if (typeof original !== "function") return;
  tea.doAction = async (...args: unknown[]): Promise<unknown> => {
    const response = await original(...args);
    const slot = slots.getStore();
    const parsed = ResponseWithHeaders.safeParse(response);
    if (slot && parsed.success) slot.headers = parsed.data.headers;
    return response;
  };
}

/** Runs `call`, giving `onError` the headers of the last response it received. */
export async function withResponseHeaders<T>(
  call: () => Promise<T>,
  onError: (err: unknown, headers: Record<string, unknown> | undefined) => never,
): Promise<T> {
  install();
  const slot: Slot = {};
  try {
    return await slots.run(slot, call);
  } catch (err) {
    return onError(err, slot.headers);
  }
}

/**
 * `x-acs-retry-after`, in milliseconds: the unit of Alibaba Cloud's newer SDK
 * core (openapi-core's ThrottlingError) and of the emulator. Undefined when
 * absent or not a non-negative number.
 */
export function retryAfterMs(headers: Record<string, unknown> | undefined): number | undefined {
  const raw = headers?.["x-acs-retry-after"];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
}
