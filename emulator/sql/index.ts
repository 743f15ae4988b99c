/** The emulator's own SQL utilities (independent of provider/sql by design). */
export { groupStatementSets, leadingWords, LineCounter, splitScript } from "./statements";
export type { ScriptStatement, SplitResult, UnclosedRegion } from "./statements";
export { substitute } from "./variables";
export type { Substitution } from "./variables";
export { operatorId, statefulOperators } from "./operators";
