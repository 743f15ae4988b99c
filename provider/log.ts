/**
 * Progress lines from the provider process. The dynamic-provider host has no
 * engine connection, so stderr is the channel the CLI shows (unattached to the
 * resource row); hence the resource name in every line's prefix.
 */
export type LogSink = (line: string) => void;

let sink: LogSink = (line) => process.stderr.write(`${line}\n`);

/** Replaces where lines go (tests collect them); returns the previous sink. */
export function setLogSink(next: LogSink): LogSink {
  const previous = sink;
  sink = next;
  return previous;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export function resourceLogger(name: string): Logger {
  const prefix = `[alicloud-flink:DeployedDraft ${name}]`;
  return {
    info: (message) => sink(`${prefix} ${message}`),
    warn: (message) => sink(`${prefix} warning: ${message}`),
  };
}
