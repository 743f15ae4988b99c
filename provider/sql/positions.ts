// Offsets <-> 1-based line/column in a script, for messages that point at the SQL.
//
// A line ends at "\r\n", "\n" or a lone "\r", as in Flink's (Calcite's) lexer, so a
// script written with old Mac line endings has the lines Flink reports.

export interface Position {
  line: number;
  column: number;
}

/** Precomputed line starts, so each lookup is a binary search (scripts can be 1 MB). */
export class LineIndex {
  private readonly lineStarts: number[] = [0];
  /** Where each line's break begins (the line's end); the last line ends at the text's end. */
  private readonly lineEnds: number[] = [];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      this.lineEnds.push(i);
      if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
      this.lineStarts.push(i + 1);
    }
    this.lineEnds.push(text.length);
  }

  positionAt(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }

  /** Offset of a 1-based line/column; clamped to the text. */
  offsetAt(position: Position): number {
    const lineIndex = Math.min(Math.max(position.line, 1), this.lineStarts.length) - 1;
    const lineEnd = this.lineEnd(lineIndex + 1);
    return Math.min(this.lineStarts[lineIndex] + Math.max(position.column, 1) - 1, lineEnd);
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const lineIndex = Math.min(Math.max(line, 1), this.lineStarts.length) - 1;
    return this.text.slice(this.lineStarts[lineIndex], this.lineEnd(lineIndex + 1));
  }

  private lineEnd(line: number): number {
    return this.lineEnds[line - 1];
  }
}
