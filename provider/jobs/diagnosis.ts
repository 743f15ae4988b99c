/**
 * Why a job failed, as the service knows it: the job diagnosis (health score,
 * risk level, symptoms each with a recommendation), the deployment's latest
 * events, and the tail of the JobManager's start log. Read-only calls, made
 * only after a failure; each part is best effort (a part that cannot be read
 * is left out), bounded in size, and masked (secrets.ts).
 */
import type { FlinkClient, JobDiagnosis, Scope } from "../client";
import type { Secrets } from "../secrets";

const MAX_SYMPTOMS = 5;
const MAX_EVENTS = 5;
const LOG_TAIL_LINES = 15;
const MAX_LINE = 300;
const MAX_TOTAL = 4_000;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

async function bestEffort<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}

function symptomLines(diagnosis: JobDiagnosis): string[] {
  const groups = diagnosis.symptoms ?? {};
  const symptoms = [
    ...(groups.startup ?? []),
    ...(groups.runtime ?? []),
    ...(groups.state ?? []),
    ...(groups.troubleshooting ?? []),
    ...(groups.others ?? []),
  ];
  return symptoms.slice(0, MAX_SYMPTOMS).map((s) => {
    const what = [s.name, s.description].filter(Boolean).join(": ");
    return clip(`  - ${what}${s.recommendation ? ` → ${s.recommendation}` : ""}`, MAX_LINE);
  });
}

/** The diagnosis block for a failed job; "" when the service had nothing to say. */
export async function diagnoseJob(
  client: FlinkClient,
  scope: Scope,
  deploymentId: string,
  jobId: string,
  secrets: Secrets,
): Promise<string> {
  const [diagnosis, events, startLog] = await Promise.all([
    bestEffort(() => client.getJobDiagnosis(scope, deploymentId, jobId)),
    bestEffort(() => client.getEvents(scope, deploymentId, MAX_EVENTS)),
    bestEffort(() => client.getLatestJobStartLog(scope, deploymentId)),
  ]);
  const parts: string[] = [];
  if (diagnosis) {
    const symptoms = symptomLines(diagnosis);
    const head = `diagnosis: health score ${diagnosis.healthScore ?? "?"}, risk ${diagnosis.riskLevel ?? "?"}`;
    if (symptoms.length > 0 || diagnosis.healthScore !== undefined)
      parts.push([head, ...symptoms].join("\n"));
  }
  if (events && events.length > 0) {
    const lines = events
      .slice(0, MAX_EVENTS)
      .map((e) => clip(`  - ${e.eventName ?? "event"}: ${e.message ?? ""}`, MAX_LINE));
    parts.push(["recent events:", ...lines].join("\n"));
  }
  const logLines = (startLog ?? "").split(/\r\n|\r|\n/).filter((line) => line.trim() !== "");
  if (logLines.length > 0) {
    const tail = logLines.slice(-LOG_TAIL_LINES).map((line) => clip(`  ${line}`, MAX_LINE));
    parts.push([`JobManager start log (last ${tail.length} lines):`, ...tail].join("\n"));
  }
  return clip(secrets.mask(parts.join("\n")), MAX_TOTAL);
}
