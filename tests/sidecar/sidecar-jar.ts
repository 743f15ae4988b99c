// The sidecar suites need Java and the built jar (`node scripts/ensure-sidecar.js`,
// run by npm test's pretest); without them they say why and skip.
import { findSidecarJar, javaAvailable } from "../../emulator/validation/flink-sidecar";

/** The jar, or a skip of the calling suite with a line that says what is missing. */
export function sidecarJarOrSkip(context: Mocha.Context): string {
  const jar = findSidecarJar();
  if (javaAvailable() && jar !== undefined) return jar;
  console.log(
    `      skipped: ${javaAvailable() ? "the sidecar jar is not built (node scripts/ensure-sidecar.js)" : "java is not on PATH"}`,
  );
  context.skip();
}
