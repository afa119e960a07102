/** Size and SHA-256 of a file as it streams through, for the manifest and for the bureau's check. */
import { createHash } from 'node:crypto';

export interface FileDigest {
  bytes: number;
  /** 64 lower-case hex digits, as sha256sum prints them. */
  sha256: string;
}

/** Passes the chunks on unchanged; `digest()` is the size and hash of everything that went through. */
export function digestingStream<Chunk extends Uint8Array>(
  chunks: AsyncIterable<Chunk>,
): {
  chunks: AsyncGenerator<Chunk>;
  digest: () => FileDigest;
} {
  const hash = createHash('sha256');
  let bytes = 0;
  let result: FileDigest | null = null;
  async function* pass() {
    for await (const chunk of chunks) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      yield chunk;
    }
  }
  return {
    chunks: pass(),
    digest: () => (result ??= { bytes, sha256: hash.digest('hex') }),
  };
}
