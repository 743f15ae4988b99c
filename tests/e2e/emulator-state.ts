/** What the emulator holds, for assertions in e2e tests. */
import type { RunningEmulator } from "../../emulator";

export function emulatorDrafts(emulator: RunningEmulator) {
  return Object.values(emulator.snapshot().drafts);
}

export function emulatorDeployments(emulator: RunningEmulator) {
  return Object.values(emulator.snapshot().deployments);
}
