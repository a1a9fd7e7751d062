/**
 * tests/kernel/verified.json: the last verification of each scenario, for the
 * site's "verified against Linux X.Y" note. Running a subset updates those
 * scenarios and keeps the others' last results.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { Verdict } from './verify-scenario.js';

export interface RecordEntry {
  readonly file: string;
  readonly title?: string;
  readonly verdict: Verdict;
  readonly differences: number;
  /** `uname -r` of the kernel it ran on. */
  readonly kernel: string;
  /** ISO 8601. */
  readonly date: string;
}

export interface VerificationRecord {
  /** The kernel and date of the latest run. */
  readonly kernel: string;
  readonly date: string;
  readonly scenarios: readonly RecordEntry[];
}

/** `keepOthers`: a run of some files keeps the other scenarios' entries; a full run replaces the record. */
export async function updateRecord(
  path: string,
  kernel: string,
  date: string,
  entries: readonly RecordEntry[],
  keepOthers: boolean,
): Promise<VerificationRecord> {
  const previous: readonly RecordEntry[] = keepOthers && existsSync(path) ? ((JSON.parse(await readFile(path, 'utf8')) as VerificationRecord).scenarios ?? []) : [];
  const byFile = new Map(previous.map((e) => [e.file, e]));
  for (const entry of entries) byFile.set(entry.file, entry);
  const record: VerificationRecord = {
    kernel,
    date,
    scenarios: [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file)),
  };
  await writeFile(path, `${JSON.stringify(record, null, 2)}\n`);
  return record;
}
