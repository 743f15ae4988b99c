// Offsets <-> 1-based line/column in a script, for messages that point at the SQL.

export interface Position {
  line: number;
  column: number;
}

/** Precomputed line starts, so each lookup is a binary search (scripts can be 1 MB). */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
      this.lineStarts.push(i + 1);
    }
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
    return this.text.slice(this.lineStarts[lineIndex], this.lineEnd(lineIndex + 1)).replace(/\r$/, "");
  }

  private lineEnd(line: number): number {
    return line < this.lineStarts.length ? this.lineStarts[line] - 1 : this.text.length;
  }
}
