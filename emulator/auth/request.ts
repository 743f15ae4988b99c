/** What the signature verifiers need to know about an incoming request, captured before any decoding. */
import type { IncomingHttpHeaders } from "node:http";

export interface SignedRequest {
  method: string;
  /** The path exactly as it arrived on the wire (still percent-encoded, e.g. `/jobs%3Astart`). */
  rawPath: string;
  /** Decoded query parameters. */
  query: URLSearchParams;
  /** Lower-cased header names, as Node delivers them. */
  headers: IncomingHttpHeaders;
  /** The raw request body (empty when none was sent). */
  body: Buffer;
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (Array.isArray(value)) return value.join(",");
  return value;
}

/** The percent-encoding the Alibaba signers use for query values: encodeURIComponent plus `!'()*`. */
export function popEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/!/g, "%21")
    .replace(/'/g, "%27")
    .replace(/\(/g, "%28")
    .replace(/\)/g, "%29")
    .replace(/\*/g, "%2A");
}

/** Query keys in the order the signers use (plain JavaScript string sort). */
export function sortedQueryKeys(query: URLSearchParams): string[] {
  return Array.from(new Set(query.keys())).sort();
}
