// A human summary of how a script's statements changed, for diff details and
// update logs. Statements are compared in normalized form and aligned by a
// longest common subsequence, so inserting one statement reports one
// "added" line instead of "changed" for every statement after it.
import { normalizeSql } from "./normalize";

/** Statement text is shortened to this many characters in summaries. */
const SUMMARY_WIDTH = 80;

/** Above this many statement pairs the alignment falls back to position by position. */
const MAX_ALIGNMENT_CELLS = 4_000_000;

export type Step = { kind: "same" } | { kind: "removed"; old: number } | { kind: "added"; new: number };

function summarize(statement: string): string {
  return statement.length <= SUMMARY_WIDTH ? statement : `${statement.slice(0, SUMMARY_WIDTH - 1)}…`;
}

/** Aligns two statement lists by their longest common subsequence (position by position above a size limit). */
export function alignStatements(oldStatements: string[], newStatements: string[]): Step[] {
  const n = oldStatements.length;
  const m = newStatements.length;
  if ((n + 1) * (m + 1) > MAX_ALIGNMENT_CELLS) {
    const steps: Step[] = [];
    for (let i = 0; i < Math.max(n, m); i++) {
      if (i < n && i < m && oldStatements[i] === newStatements[i]) steps.push({ kind: "same" });
      else {
        if (i < n) steps.push({ kind: "removed", old: i });
        if (i < m) steps.push({ kind: "added", new: i });
      }
    }
    return steps;
  }
  // lengths[i][j]: longest common subsequence of oldStatements[i..] and newStatements[j..]
  const lengths: Uint32Array[] = [];
  for (let i = 0; i <= n; i++) lengths.push(new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i][j] =
        oldStatements[i] === newStatements[j]
          ? lengths[i + 1][j + 1] + 1
          : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && oldStatements[i] === newStatements[j]) {
      steps.push({ kind: "same" });
      i++;
      j++;
    } else if (j < m && (i === n || lengths[i][j + 1] >= lengths[i + 1][j])) {
      steps.push({ kind: "added", new: j++ });
    } else {
      steps.push({ kind: "removed", old: i++ });
    }
  }
  return steps;
}

/**
 * One line per difference: "statement 3 changed: INSERT INTO …",
 * "statement 4 added: …", "statement 1 removed: …". Numbers are 1-based, in
 * the new script for changed/added statements and in the old one for removed
 * statements. [] when both scripts are equal after normalization.
 */
export function describeStatementChanges(oldSql: string, newSql: string): string[] {
  const oldStatements = normalizeSql(oldSql);
  const newStatements = normalizeSql(newSql);
  const lines: string[] = [];
  let removed: number[] = [];
  let added: number[] = [];
  // Between two unchanged statements, removals and additions pair up as changes.
  const flush = (): void => {
    const paired = Math.min(removed.length, added.length);
    for (let k = 0; k < paired; k++) {
      lines.push(`statement ${added[k] + 1} changed: ${summarize(newStatements[added[k]])}`);
    }
    for (const index of removed.slice(paired)) {
      lines.push(`statement ${index + 1} removed: ${summarize(oldStatements[index])}`);
    }
    for (const index of added.slice(paired)) {
      lines.push(`statement ${index + 1} added: ${summarize(newStatements[index])}`);
    }
    removed = [];
    added = [];
  };
  for (const step of alignStatements(oldStatements, newStatements)) {
    if (step.kind === "same") flush();
    else if (step.kind === "removed") removed.push(step.old);
    else added.push(step.new);
  }
  flush();
  return lines;
}
