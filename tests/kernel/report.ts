/**
 * The comparison as text: every section with a difference, all its rows, the
 * engine on the left and the kernel on the right (stacked when the lines are
 * too long for the terminal). `=` marks rows that agree, `≠` rows that do not.
 */
import type { Comparison, Row, Section } from './compare.js';

const NOTHING = '(nothing)';
const GAP = ' │ ';

function sideBySide(section: Section, width: number): string[] {
  const texts = section.rows.flatMap((r) => [r.engine ?? NOTHING, r.kernel ?? NOTHING]);
  const column = Math.max(6, ...texts.map((t) => t.length));
  const lines: string[] = [];
  if (4 + column * 2 + GAP.length <= width) {
    lines.push(`    ${'engine'.padEnd(column)}${GAP}kernel`);
    for (const row of section.rows) {
      lines.push(`  ${row.same ? '=' : '≠'} ${(row.engine ?? NOTHING).padEnd(column)}${GAP}${row.kernel ?? NOTHING}`);
    }
    return lines;
  }
  for (const row of section.rows) lines.push(...stacked(row));
  return lines;
}

function stacked(row: Row): string[] {
  if (row.same) return [`  = ${row.engine}`];
  return [`  ≠ engine ${row.engine ?? NOTHING}`, `    kernel ${row.kernel ?? NOTHING}`];
}

export function renderComparison(name: string, comparison: Comparison, width: number): string {
  if (comparison.differences === 0) return `✓ ${name}: agrees with the kernel`;
  const lines = [`✗ ${name}: ${comparison.differences} difference${comparison.differences === 1 ? '' : 's'} (engine │ kernel)`];
  for (const section of comparison.sections) {
    if (section.differences === 0) continue;
    lines.push(`  ${section.title}`, ...sideBySide(section, width).map((l) => `  ${l}`));
  }
  return lines.join('\n');
}
