/**
 * Where a problem with aliases is. The yaml library finds them only when the
 * document becomes plain data (toJS), and its error says what, not where:
 * an alias whose anchor does not exist (before it), or aliases that multiply
 * past the expansion limit (a "billion laughs" document). This finds the
 * alias to point at: the first one of that name without an anchor, or the
 * first alias of a node that itself holds aliases, where the multiplying
 * starts.
 */
import { isAlias, isCollection, isPair, type Alias, type Document, type Node } from 'yaml';

/** Every alias in document order. The walk keeps its own stack, so deep nesting cannot overflow it. */
function aliasesOf(root: unknown): Alias[] {
  const found: Alias[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) found.push(node);
    else if (isPair(node)) stack.push(node.value, node.key);
    else if (isCollection(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  return found;
}

const UNRESOLVED = /^Unresolved alias \(the anchor must be set before the alias\): (.*)$/;

export function aliasAtFault(doc: Document.Parsed, message: string): Node | undefined {
  const aliases = aliasesOf(doc.contents);
  const unresolved = UNRESOLVED.exec(message);
  if (unresolved) return aliases.find((a) => a.source === unresolved[1] && a.resolve(doc) === undefined);
  if (message.startsWith('Excessive alias count')) {
    return aliases.find((a) => {
      const target = a.resolve(doc);
      return target !== undefined && aliasesOf(target).length > 0;
    });
  }
  return undefined;
}
