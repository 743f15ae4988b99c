/**
 * An emulator and the provider in this process: the provider's lifecycle
 * functions called directly (as the dynamic-provider host would call them),
 * reaching the emulator over loopback HTTP with real signed requests.
 */
import type { RunningEmulator } from "../../emulator";
import type { RequestLogEntry } from "../../emulator";
import { emulator, quietProvider } from "./dist-modules";

export const ENGINE = "vvr-8.0.11-flink-1.17";

export interface InProcess {
  emu: RunningEmulator;
  provider: ReturnType<typeof quietProvider>;
  /** Inputs of one draft as `check` would hand them to create/update, plus `extra`. */
  inputs(
    namespace: string,
    name: string,
    sql: string,
    extra?: Record<string, unknown>,
  ): Record<string, unknown>;
  /** API requests (admin excluded) logged since `mark`, in `namespace` if given. */
  requestsSince(mark: number, namespace?: string): RequestLogEntry[];
  /** Current length of the emulator's request log. */
  mark(): number;
  close(): Promise<void>;
}

export async function startInProcess(namespaces: string[]): Promise<InProcess> {
  const emu = await emulator().startEmulator({
    ticketMs: 50,
    namespace: namespaces[0],
    extraNamespaces: namespaces.slice(1),
  });
  // The provider reads its connection at call time; the environment is its CI-style source.
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = emu.accessKeyId;
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = emu.accessKeySecret;
  process.env.ALIBABA_CLOUD_ENDPOINT_VERVERICA = emu.endpoint;
  return {
    emu,
    // Progress lines would drown the table; the benchmarks count requests instead.
    provider: quietProvider(),
    inputs: (namespace, name, sql, extra = {}) => ({
      workspace: emu.workspace,
      namespace,
      name,
      sql,
      engineVersion: ENGINE,
      validation: { preview: "local" },
      __resourceName: name,
      __owner: `bench/in-process/${name}`,
      ...extra,
    }),
    mark: () => emu.requestLog().length,
    requestsSince: (mark, namespace) =>
      emu
        .requestLog()
        .slice(mark)
        .filter((r) => !r.path.startsWith("/__admin"))
        .filter((r) => namespace === undefined || r.path.startsWith(`/api/v2/namespaces/${namespace}/`)),
    close: async () => {
      await emu.close();
    },
  };
}

/** GETs of a validate or deploy ticket's result: the polls. */
export function isTicketPoll(entry: RequestLogEntry): boolean {
  return entry.method === "GET" && /\/tickets\/[^/]+\/async-(validate|deploy)$/.test(entry.path);
}
