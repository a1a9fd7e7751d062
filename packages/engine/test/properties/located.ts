/**
 * What "a located diagnostic" means, checked against the text it is about:
 * the file name given, a line of the text (or the one just past its end,
 * where a missing thing belongs), a column on that line, a message of its
 * own (one line, no stack trace).
 */
import type { Diagnostic } from '../../src/diagnostics.js';

export function locationProblems(diagnostics: readonly Diagnostic[], text: string, file: string): string[] {
  const lines = text.split('\n');
  const problems: string[] = [];
  for (const d of diagnostics) {
    const where = `${d.line}:${d.column} ${JSON.stringify(d.message)}`;
    if (d.file !== file) problems.push(`${where}: file ${JSON.stringify(d.file)}, not ${JSON.stringify(file)}`);
    if (!Number.isInteger(d.line) || d.line < 1 || d.line > lines.length + 1) problems.push(`${where}: line outside the text's ${lines.length} lines`);
    const length = lines[d.line - 1]?.length ?? 0;
    if (!Number.isInteger(d.column) || d.column < 1 || d.column > length + 1) problems.push(`${where}: column outside its line of ${length} characters`);
    if (typeof d.message !== 'string' || d.message.trim() === '') problems.push(`${where}: empty message`);
    if (/\n\s+at /.test(d.message)) problems.push(`${where}: the message holds a stack trace`);
  }
  return problems;
}
