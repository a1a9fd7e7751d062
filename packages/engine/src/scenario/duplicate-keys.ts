/**
 * Keys that appear twice in one mapping. The yaml library can report them
 * itself (`uniqueKeys`), but it compares each new key with every earlier one,
 * which takes minutes for a mapping of tens of thousands of hosts; this finds
 * the same keys with one set per mapping. Keys are equal as the library's
 * default compares them: the same scalar value (so `1` and `'1'` differ).
 * The walk keeps its own stack: a document nested deeper than the call
 * stack allows cannot crash it.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

/** The second and later occurrences of each key, in document order within each mapping. */
export function duplicateKeys(doc: Document.Parsed): Node[] {
  const found: Node[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node) || node === null || node === undefined) continue;
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          if (seen.has(key.value)) found.push(key);
          else seen.add(key.value);
        }
        stack.push(pair.value, key);
      }
    } else if (isSeq(node)) {
      stack.push(...node.items);
    } else if (isPair(node)) {
      stack.push(node.value, node.key);
    }
  }
  return found;
}
