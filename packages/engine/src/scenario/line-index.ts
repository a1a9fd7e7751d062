/**
 * Offsets into the scenario text as 1-based lines and columns, counted from
 * the text itself. The yaml library's LineCounter learns line starts from its
 * parser, which skips the newlines inside some malformed tokens (a line that
 * starts with a tab after a syntax error), and then points past the end of a
 * line. Lines end at `\n`, as they do for the YAML lexer (a lone `\r` does
 * not end a line there).
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** `col` is 1-based; an offset past the end of the text stays on the last line. */
  linePos(offset: number): { line: number; col: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, col: offset - this.starts[low]! + 1 };
  }
}
