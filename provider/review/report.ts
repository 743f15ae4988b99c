// The pull-request report: `pulumi preview --json` in, Markdown out.
//
// `pulumi preview --json` prints one PreviewDigest (pulumi/pulumi
// pkg/backend/display/json.go, ShowPreviewDigest): { config, steps: [{ op, urn,
// provider, oldState, newState, diffReasons, replaceReasons, detailedDiff }],
// diagnostics: [{ urn, prefix, message, severity }], duration, changeSummary }.
// A diagnostic's message there is Prefix + Message with colours removed, and
// ephemeral and debug diagnostics are left out. With
// PULUMI_ENABLE_STREAMING_JSON_PREVIEW it prints engine events instead, one
// JSON object a line ({ diagnosticEvent: {urn, prefix, message, severity} },
// { resourcePreEvent: { metadata: { op, urn, type } } }); both are read here.
// The reviews are the diagnostic lines review.ts formats; without any, the
// report lists the steps.
import { z } from "zod";
import { VERDICT_SEVERITY, type Verdict } from "./rules";
import { describeResources, parseReviewDiagnostics, type Review } from "./review";

const DiagnosticSchema = z.looseObject({
  urn: z.string().optional(),
  prefix: z.string().optional(),
  message: z.string().optional(),
  severity: z.string().optional(),
});

const StepSchema = z.looseObject({
  op: z.string(),
  urn: z.string(),
  type: z.string().optional(),
  diffReasons: z.array(z.string()).nullish(),
  replaceReasons: z.array(z.string()).nullish(),
  newState: z.looseObject({ type: z.string().optional() }).nullish(),
  oldState: z.looseObject({ type: z.string().optional() }).nullish(),
});

const PreviewDigestSchema = z.looseObject({
  steps: z.array(StepSchema).nullish(),
  diagnostics: z.array(DiagnosticSchema).nullish(),
  changeSummary: z.record(z.string(), z.number()).nullish(),
});

const EngineEventSchema = z.looseObject({
  diagnosticEvent: DiagnosticSchema.optional(),
  resourcePreEvent: z.looseObject({ metadata: StepSchema }).optional(),
});

type Step = z.infer<typeof StepSchema>;

export interface PreviewReading {
  reviews: Review[];
  steps: Step[];
  changeSummary?: Record<string, number>;
  /** How the input was read: the digest, engine events (JSON lines) or plain text. */
  format: "digest" | "events" | "text";
}

/** Reads the reviews and steps out of `pulumi preview --json` output (or its streaming form, or plain text). */
export function readPreview(input: string): PreviewReading {
  const trimmed = input.trim();
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    json = undefined;
  }
  const digest = json === undefined ? undefined : PreviewDigestSchema.safeParse(json);
  if (digest?.success) {
    const reviews = (digest.data.diagnostics ?? []).flatMap((d) =>
      parseReviewDiagnostics(`${d.prefix ?? ""}${d.message ?? ""}`),
    );
    return {
      reviews: latestPerResource(reviews),
      steps: digest.data.steps ?? [],
      ...(digest.data.changeSummary ? { changeSummary: digest.data.changeSummary } : {}),
      format: "digest",
    };
  }
  const steps: Step[] = [];
  const reviews: Review[] = [];
  let events = 0;
  for (const line of trimmed.split(/\r?\n/)) {
    if (!line.startsWith("{")) continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = EngineEventSchema.safeParse(event);
    if (!parsed.success) continue;
    events++;
    const d = parsed.data.diagnosticEvent;
    if (d) reviews.push(...parseReviewDiagnostics(`${d.prefix ?? ""}${d.message ?? ""}`));
    const pre = parsed.data.resourcePreEvent;
    if (pre) steps.push(pre.metadata);
  }
  if (events > 0) return { reviews: latestPerResource(reviews), steps, format: "events" };
  return { reviews: latestPerResource(parseReviewDiagnostics(input)), steps: [], format: "text" };
}

/** A preview may run check and diff more than once per resource: the last review of each wins. */
function latestPerResource(reviews: Review[]): Review[] {
  const byResource = new Map<string, Review>();
  for (const r of reviews) {
    byResource.delete(r.resource);
    byResource.set(r.resource, r);
  }
  return [...byResource.values()];
}

const VERDICT_BADGE: Record<Verdict, string> = {
  compatible: "✅ compatible",
  "partially-compatible": "⚠️ partially compatible",
  unknown: "❔ unknown",
  incompatible: "❌ incompatible",
};

/** GitHub refuses comments above 65,536 characters; leave room for a header added by the workflow. */
const MAX_REPORT_CHARS = 60_000;

export function renderReport(reading: PreviewReading): string {
  const out: string[] = ["## Flink SQL review", ""];
  if (reading.reviews.length === 0) {
    out.push(
      "No `alicloud-flink:review` lines in the preview: the provider wrote no review (no DeployedDraft changes, " +
        "or a provider version without reviews). The preview's steps:",
      "",
    );
    const changing = reading.steps.filter((s) => s.op !== "same");
    if (changing.length === 0) out.push("_No resource changes._");
    else {
      out.push("| action | resource | type |", "|---|---|---|");
      for (const s of changing) out.push(`| ${s.op} | \`${shortName(s.urn)}\` | ${typeOf(s)} |`);
    }
    return out.join("\n") + "\n";
  }
  out.push("| resource | action | job impact | state compatibility |", "|---|---|---|---|");
  for (const r of reading.reviews) {
    out.push(
      `| \`${shortName(r.resource)}\` | ${r.action} | ${r.jobImpact} | ${VERDICT_BADGE[r.stateCompatibility.verdict]} |`,
    );
  }
  const sections = reading.reviews.map((r) => renderResource(r));
  let body = sections.join("\n");
  if (out.join("\n").length + body.length > MAX_REPORT_CHARS) {
    // Too long for one comment: keep the verdicts, drop the statement diffs.
    body = reading.reviews.map((r) => renderResource(r, false)).join("\n");
  }
  out.push("", body);
  return out.join("\n").trimEnd() + "\n";
}

function renderResource(r: Review, withDiff = true): string {
  const out: string[] = [`### \`${shortName(r.resource)}\` — ${r.action}`, ""];
  out.push(
    `**Job impact:** ${r.jobImpact} (job ${r.jobStatus.toLowerCase().replace("_", " ")}, upgradeStrategy ${r.upgradeStrategy})`,
  );
  const sc = r.stateCompatibility;
  out.push(
    "",
    `**State compatibility:** ${VERDICT_BADGE[sc.verdict]}` +
      (sc.method === "flink-plan"
        ? " — by Flink's compiled plans"
        : sc.method === "published-rules"
          ? " — by the published rules"
          : "") +
      (sc.appliesToRestart ? "" : " _(informative: this change does not restore from a savepoint)_"),
  );
  for (const reason of sc.reasons) {
    const where = [
      reason.statement !== undefined ? `statement ${reason.statement}` : undefined,
      reason.line !== undefined
        ? `line ${reason.line}${reason.script === "old" ? " (old script)" : ""}`
        : undefined,
      reason.sink !== undefined ? `sink \`${reason.sink}\`` : undefined,
      reason.operator !== undefined
        ? reason.operator + (reason.view ? ` in view \`${reason.view}\`` : "")
        : undefined,
    ].filter((x): x is string => x !== undefined);
    const rule = /^https?:/.test(reason.ruleUrl)
      ? `[${reason.ruleTitle}](${reason.ruleUrl})`
      : reason.ruleTitle;
    out.push(
      `- **${reason.verdict}**${where.length ? ` (${where.join(", ")})` : ""}: ${inline(reason.message)} — ${rule}`,
    );
  }
  for (const note of sc.notes) out.push(`- _note:_ ${inline(note)}`);
  if (r.policy?.message)
    out.push(
      "",
      `> **${r.policy.outcome === "fail" ? "Blocks the update" : "Warning"}:** ${inline(r.policy.message)}`,
    );
  out.push("", `**Resources:** ${describeResources(r.resources)}`);
  if (r.statements.length === 0)
    out.push("", "**Statements:** no change by meaning (formatting and comments do not count).");
  else if (!withDiff)
    out.push("", `**Statements:** ${r.statements.length} changed (diff left out: the report is too long).`);
  else {
    const diff: string[] = [];
    for (const s of r.statements) {
      const where =
        s.change === "removed" ? `statement ${s.statement} of the old script` : `statement ${s.statement}`;
      diff.push(`@@ ${where}, line ${s.line}: ${s.kind}, ${s.change} @@`);
      if (s.before !== undefined) diff.push(...s.before.split(/\r?\n/).map((l) => `-${l}`));
      if (s.after !== undefined) diff.push(...s.after.split(/\r?\n/).map((l) => `+${l}`));
    }
    const text = diff.join("\n");
    const fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
    out.push("", `**Statements:** ${r.statements.length} changed`, "", `${fence}diff`, text, fence);
  }
  return out.join("\n") + "\n";
}

/** Worst verdict among reviews whose restart uses the savepoint (for `--fail-on`). */
export function worstVerdict(reviews: readonly Review[]): Verdict | undefined {
  let worst: Verdict | undefined;
  for (const r of reviews) {
    if (!r.stateCompatibility.appliesToRestart) continue;
    const v = r.stateCompatibility.verdict;
    if (worst === undefined || VERDICT_SEVERITY[v] > VERDICT_SEVERITY[worst]) worst = v;
  }
  return worst;
}

function shortName(urn: string): string {
  const i = urn.lastIndexOf("::");
  return i === -1 ? urn : urn.slice(i + 2);
}

function typeOf(step: Step): string {
  const type = step.type ?? step.newState?.type ?? step.oldState?.type;
  if (type) return `\`${type}\``;
  const parts = step.urn.split("::");
  return parts.length >= 4 ? `\`${parts[parts.length - 2]}\`` : "";
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}

/** Text for one Markdown line: no line breaks, no table-breaking pipes. */
function inline(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, " ").replace(/\|/g, "\\|");
}
