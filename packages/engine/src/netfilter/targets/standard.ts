/**
 * The verdicts every table knows (ACCEPT, DROP, RETURN) and jumps to user
 * chains: `-j CHAIN` pushes a return point, `-g CHAIN` does not.
 */
import type { ExtensionInstance, TargetExtension } from '../extension.js';
import type { Target, TargetVerdict } from '../types.js';

export const ACCEPT_VERDICT: TargetVerdict = Object.freeze({ kind: 'accept' });
export const DROP_VERDICT: TargetVerdict = Object.freeze({ kind: 'drop' });
export const RETURN_VERDICT: TargetVerdict = Object.freeze({ kind: 'return' });
export const CONTINUE_VERDICT: TargetVerdict = Object.freeze({ kind: 'continue' });

function constantTarget(name: string, verdict: TargetVerdict): TargetExtension {
  const target: Target = { name, apply: () => verdict };
  const instance: ExtensionInstance<Target> = { option: () => undefined, finish: () => target };
  return { name, options: [], needsConntrack: false, create: () => instance };
}

export const acceptTarget = constantTarget('ACCEPT', ACCEPT_VERDICT);
export const dropTarget = constantTarget('DROP', DROP_VERDICT);
export const returnTarget = constantTarget('RETURN', RETURN_VERDICT);

export function chainTarget(chain: string, goto: boolean): Target {
  const verdict: TargetVerdict = Object.freeze(goto ? { kind: 'goto', chain } : { kind: 'jump', chain });
  return goto ? { name: chain, goto: true, apply: () => verdict } : { name: chain, apply: () => verdict };
}
