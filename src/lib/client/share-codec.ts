/**
 * A scenario in a URL: UTF-8, deflated (the browser's own CompressionStream,
 * no library), base64url. The fragment (#edit=ID:DATA) never reaches a
 * server, so a shared scenario stays between the people who share it.
 */
const PREFIX = 'edit=';

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pipe(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

export async function encodeScenario(text: string): Promise<string> {
  return toBase64Url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')));
}

export async function decodeScenario(data: string): Promise<string> {
  return new TextDecoder().decode(await pipe(fromBase64Url(data), new DecompressionStream('deflate-raw')));
}

export function shareFragment(id: string, data: string): string {
  return `#${PREFIX}${id}:${data}`;
}

/** The playground id and data of a share fragment, if the URL has one. */
export function readShareFragment(hash: string): { id: string; data: string } | undefined {
  const match = /^#edit=([a-z0-9-]+):([A-Za-z0-9_-]+)$/.exec(hash);
  return match ? { id: match[1]!, data: match[2]! } : undefined;
}
