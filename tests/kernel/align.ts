/**
 * Lines up two ordered lists for a side-by-side view: the longest common
 * subsequence under `matches` anchors the rows, and between two anchors the
 * leftovers of each side are paired in order, so a crossing that differs in
 * one field shows next to its counterpart instead of as a removal and an
 * addition far apart.
 */

export type Aligned<A, B> =
  | { readonly kind: 'match'; readonly left: A; readonly right: B }
  | { readonly kind: 'differ'; readonly left?: A; readonly right?: B };

export function align<A, B>(left: readonly A[], right: readonly B[], matches: (a: A, b: B) => boolean): Aligned<A, B>[] {
  const n = left.length;
  const m = right.length;
  // lcs[i][j]: length of the LCS of left[i..] and right[j..].
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = matches(left[i]!, right[j]!) ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const rows: Aligned<A, B>[] = [];
  let pendingLeft: A[] = [];
  let pendingRight: B[] = [];
  const flush = (): void => {
    for (let k = 0; k < Math.max(pendingLeft.length, pendingRight.length); k++) {
      const l = pendingLeft[k];
      const r = pendingRight[k];
      rows.push({ kind: 'differ', ...(k < pendingLeft.length ? { left: l as A } : {}), ...(k < pendingRight.length ? { right: r as B } : {}) });
    }
    pendingLeft = [];
    pendingRight = [];
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (matches(left[i]!, right[j]!) && lcs[i]![j] === lcs[i + 1]![j + 1]! + 1) {
      flush();
      rows.push({ kind: 'match', left: left[i]!, right: right[j]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      pendingLeft.push(left[i++]!);
    } else {
      pendingRight.push(right[j++]!);
    }
  }
  while (i < n) pendingLeft.push(left[i++]!);
  while (j < m) pendingRight.push(right[j++]!);
  flush();
  return rows;
}
