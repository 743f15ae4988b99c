/**
 * Progress lines from the provider process. The dynamic-provider host has no
 * engine connection, so stderr is the channel the CLI shows (unattached to the
 * resource row); hence the resource name in every line's prefix.
 */
export type LogSink = (line: string) => void;

export const stderrSink: LogSink = (line) => process.stderr.write(`${line}\n`);

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** A logger whose lines name the resource: `[alicloud-flink:<Type> <name>] …`. */
export function resourceLogger(sink: LogSink, name: string, type = "DeployedDraft"): Logger {
  const prefix = `[alicloud-flink:${type} ${name}]`;
  return {
    info: (message) => sink(`${prefix} ${message}`),
    warn: (message) => sink(`${prefix} warning: ${message}`),
  };
}

/** A logger that keeps its lines until `replayTo`: for a check whose verdict may not count (lifecycle/check.ts). */
export function heldLogger(): Logger & { replayTo(log: Logger): void } {
  const held: { level: keyof Logger; message: string }[] = [];
  return {
    info: (message) => held.push({ level: "info", message }),
    warn: (message) => held.push({ level: "warn", message }),
    replayTo: (log) => {
      for (const line of held.splice(0)) log[line.level](line.message);
    },
  };
}
