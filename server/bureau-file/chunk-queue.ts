/** Bytes read from a stream of chunks and not consumed yet; copies only what a take spans. */
export class ChunkQueue {
  private chunks: Buffer[] = [];
  private size = 0;
  private readonly iterator: AsyncIterator<Buffer>;
  private ended = false;

  constructor(source: AsyncIterable<Buffer>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  get length(): number {
    return this.size;
  }

  /** Reads until `count` bytes are queued or the stream ends; true when they are there. */
  async fill(count: number): Promise<boolean> {
    while (this.size < count && !this.ended) {
      const next = await this.iterator.next();
      if (next.done) this.ended = true;
      else if (next.value.length > 0) {
        this.chunks.push(Buffer.from(next.value));
        this.size += next.value.length;
      }
    }
    return this.size >= count;
  }

  take(count: number): Buffer {
    if (count > this.size) throw new RangeError(`cannot take ${count} bytes from ${this.size}`);
    const taken: Buffer[] = [];
    let needed = count;
    while (needed > 0) {
      const chunk = this.chunks[0]!;
      if (chunk.length <= needed) {
        taken.push(chunk);
        this.chunks.shift();
        needed -= chunk.length;
      } else {
        taken.push(chunk.subarray(0, needed));
        this.chunks[0] = chunk.subarray(needed);
        needed = 0;
      }
    }
    this.size -= count;
    return taken.length === 1 ? taken[0]! : Buffer.concat(taken, count);
  }
}
