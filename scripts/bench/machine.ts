/** The machine the numbers come from: absolute times only mean something next to it. */
import * as fs from "node:fs";
import * as os from "node:os";

export interface MachineDescription {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  pulumi: string;
  pulumiNodejsSdk: string;
  /** 1-minute load average when the run started: other work on the machine skews every time. */
  loadAverageAtStart: number;
}

function cpuModel(): string {
  try {
    const line = fs
      .readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    if (line) return line.split(":")[1].trim();
  } catch {
    // not Linux: fall back to what Node reports
  }
  return os.cpus()[0]?.model ?? "unknown";
}

export function describeMachine(pulumiVersion: string, sdkVersion: string): MachineDescription {
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pulumi: pulumiVersion,
    pulumiNodejsSdk: sdkVersion,
    loadAverageAtStart: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

export function machineLine(m: MachineDescription): string {
  return `${m.cpus} CPU (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, Pulumi CLI ${m.pulumi}, @pulumi/pulumi ${m.pulumiNodejsSdk}; load average ${m.loadAverageAtStart} at start`;
}
