/**
 * `net.netfilter.nf_conntrack_max` is one value for the whole machine (a
 * namespace gets EINVAL writing it), while each namespace counts its own
 * entries against it (nf_conntrack_core.c __nf_conntrack_alloc). A scenario
 * that limits its table is therefore run with the machine's value changed for
 * the duration of the run and put back in `finally` — only when the machine's
 * own namespace tracks no connection, so nothing outside the lab notices. The
 * old value is also written to a file, so a run that died is undone by the
 * next one.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnsupportedScenario } from './scenario-file.js';

const MAX = '/proc/sys/net/netfilter/nf_conntrack_max';
const COUNT = '/proc/sys/net/netfilter/nf_conntrack_count';
const SAVED = join(tmpdir(), 'packetwalk-nf_conntrack_max.saved');

async function readNumber(path: string): Promise<number> {
  return Number((await readFile(path, 'utf8')).trim());
}

/** Puts back a value a dead run left changed. */
export async function restoreStaleMachineConntrackMax(): Promise<void> {
  const saved = await readFile(SAVED, 'utf8').catch(() => undefined);
  if (saved === undefined) return;
  await writeFile(MAX, `${saved.trim()}\n`);
  await rm(SAVED, { force: true });
}

/** Sets the machine's limit to `value` (conntrack must be loaded: the lab's rules load it); returns the undo. */
export async function limitMachineConntrack(value: number): Promise<() => Promise<void>> {
  const inUse = await readNumber(COUNT).catch(() => Number.NaN);
  if (Number.isNaN(inUse)) throw new UnsupportedScenario(`nf_conntrack_max=${value}: conntrack is not loaded, so the limit cannot be set`);
  if (inUse > 0) {
    throw new UnsupportedScenario(`nf_conntrack_max=${value}: the machine's own namespace tracks ${inUse} connections, and the limit is machine-wide`);
  }
  await restoreStaleMachineConntrackMax();
  const original = await readNumber(MAX);
  await writeFile(SAVED, `${original}\n`);
  await writeFile(MAX, `${value}\n`);
  return async () => {
    await writeFile(MAX, `${original}\n`);
    await rm(SAVED, { force: true });
  };
}
