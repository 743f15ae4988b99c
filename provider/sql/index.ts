// Flink SQL handling shared by the provider (diff, hash, check) and the
// emulator (validation): statement splitting, normalization, `${var}`
// substitution and a syntax check with a real Flink SQL grammar.
export { hasStatement, splitStatements } from "./split";
export type { SqlStatement } from "./split";
export { normalizeStatement, normalizeSql, sqlHash } from "./normalize";
export { substituteVariables } from "./variables";
export { checkSyntax, formatProblem } from "./check";
export type { SqlProblem, CheckSyntaxOptions } from "./check";
export { describeStatementChanges } from "./changes";
