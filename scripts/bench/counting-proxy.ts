/**
 * A loopback HTTP proxy in front of the emulator that counts every API
 * request (the emulator's own request log keeps only the last 2,000). It
 * forwards method, path, headers and body unchanged, so ACS3 signatures,
 * which cover the Host header the client sent, still verify.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface RequestCounts {
  total: number;
  /** Answered with x-acs-retry-after (Throttling.User). */
  throttled: number;
  /** GETs of validate/deploy ticket results. */
  polls: number;
  /**
   * Accepted calls a draft makes before its first ticket runs (fleet.ts's bound): the SQL check,
   * the name lookup, the draft's creation, its lock and the validate submission.
   */
  starts: number;
  /** performance.now() of the first and the last API request (0 when none). */
  firstAt: number;
  lastAt: number;
}

export interface CountingProxy {
  endpoint: string;
  counts(): RequestCounts;
  resetCounts(): void;
  close(): Promise<void>;
}

/** ValidateSqlStatement, ListDeploymentDrafts, CreateDeploymentDraft, GetDeploymentDraftLock, ValidateDeploymentDraftAsync. */
const START_CALLS: readonly [string, RegExp][] = [
  ["POST", /\/sql-statement\/validate$/],
  ["GET", /\/deployment-drafts$/],
  ["POST", /\/deployment-drafts$/],
  ["POST", /\/deployment-drafts\/getLock$/],
  ["POST", /\/deployment-drafts\/async-validate$/],
];

function isStart(method: string | undefined, url: string | undefined): boolean {
  const pathname = (url ?? "").split("?")[0];
  return START_CALLS.some(([m, pattern]) => m === method && pattern.test(pathname));
}

const noCounts = (): RequestCounts => ({
  total: 0,
  throttled: 0,
  polls: 0,
  starts: 0,
  firstAt: 0,
  lastAt: 0,
});

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const [targetHost, targetPort] = target.split(":");
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  let counts = noCounts();
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      {
        host: targetHost,
        port: Number(targetPort),
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        if (!req.url?.startsWith("/__admin")) {
          counts.total += 1;
          counts.lastAt = performance.now();
          if (counts.firstAt === 0) counts.firstAt = counts.lastAt;
          const throttled = answer.headers["x-acs-retry-after"] !== undefined;
          if (throttled) counts.throttled += 1;
          else if (isStart(req.method, req.url)) counts.starts += 1;
          if (req.method === "GET" && /\/tickets\/[^/]+\/async-(validate|deploy)$/.test(req.url ?? "")) {
            counts.polls += 1;
          }
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (err) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`bench proxy: ${err.message}`);
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    resetCounts: () => {
      counts = noCounts();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
