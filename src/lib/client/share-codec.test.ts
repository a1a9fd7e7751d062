import { describe, expect, it } from 'vitest';
import { decodeScenario, encodeScenario, readShareFragment, shareFragment } from './share-codec.js';

describe('share links', () => {
  it.each([
    ['plain YAML', 'hosts:\n  a:\n    interfaces: {eth0: 10.0.0.1/24}\n'],
    ['non-ASCII text', 'title: Café → 世界 ✓\n'],
    ['an empty scenario', ''],
  ])('round-trips %s', async (_name, text) => {
    const data = await encodeScenario(text);
    expect(data).toMatch(/^[A-Za-z0-9_-]*$/);
    expect(await decodeScenario(data)).toBe(text);
  });

  it('compresses a repetitive scenario', async () => {
    const text = '      -A FORWARD -i lan -o wan -j ACCEPT\n'.repeat(50);
    expect((await encodeScenario(text)).length).toBeLessThan(text.length / 10);
  });

  it.each([
    ['a fragment it wrote', shareFragment('home-router', 'abc_-9'), { id: 'home-router', data: 'abc_-9' }],
    ['a heading anchor', '#the-cloud-vpc', undefined],
    ['another id syntax', '#edit=Home:abc', undefined],
    ['no fragment', '', undefined],
  ])('reads %s', (_name, hash, expected) => {
    expect(readShareFragment(hash)).toEqual(expected);
  });
});
