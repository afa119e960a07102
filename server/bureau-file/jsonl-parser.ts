/**
 * Reads a JSON Lines file (docs/formats.md) from a stream of chunks, line by line, and yields the
 * header, each card and the trailer. Anything that is not exactly the documented format stops the
 * read with a BureauFileError naming the line and what is wrong in it.
 */
import type { z } from 'zod';
import { BureauFileError, jsonErrorPosition } from './bureau-file-error';
import { FileOrder } from './file-order';
import { jsonlFormat, jsonlVersion } from './jsonl-layout';
import { cardLineSchema, headerLineSchema, issuePath, trailerLineSchema } from './jsonl-schema';
import type { BureauFileEvent } from './types';

/** A parser's limit on one line; a card's line is a few kilobytes. */
export const maxJsonLineBytes = 16 * 1024 * 1024;
const lineFeed = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function fail(line: number, detail: string): never {
  throw new BureauFileError('JSON Lines file', { line }, detail);
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, line: number): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  return fail(line, `${issuePath(issue.path) || 'the line'}: ${issue.message}`);
}

function decodeLine(bytes: Buffer, line: number): BureauFileEvent {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail(line, 'is not valid UTF-8');
  }
  if (text.endsWith('\r')) fail(line, 'ends with CR LF: lines end with LF alone (was the file converted?)');
  if (text.length === 0) fail(line, 'is empty: every line is one JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(line, `is not JSON${jsonErrorPosition(error)}`);
  }
  const type = (value as { type?: unknown } | null)?.type;
  if (type === 'header') {
    const { format, version } = value as { format?: unknown; version?: unknown };
    if (format !== jsonlFormat) {
      fail(line, `not a bureau JSON Lines file: format is ${JSON.stringify(format)}, not "${jsonlFormat}"`);
    }
    if (version !== jsonlVersion) {
      fail(
        line,
        `version ${JSON.stringify(version)} is not supported: this reader reads version ${jsonlVersion}`,
      );
    }
    const {
      type: _type,
      format: _format,
      version: _version,
      ...header
    } = parseWith(headerLineSchema, value, line);
    return { kind: 'header', header };
  }
  if (type === 'card') {
    const { type: _type, ...card } = parseWith(cardLineSchema, value, line);
    return { kind: 'card', card };
  }
  if (type === 'trailer') {
    return { kind: 'trailer', trailer: { records: parseWith(trailerLineSchema, value, line).records } };
  }
  return fail(line, `type is ${JSON.stringify(type)}: every line has type "header", "card" or "trailer"`);
}

export async function* parseJsonLinesFile(chunks: AsyncIterable<Buffer>): AsyncGenerator<BureauFileEvent> {
  const order = new FileOrder();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;

  const handle = (bytes: Buffer): BureauFileEvent => {
    line++;
    if (order.finished) fail(line, 'follows the trailer: nothing may follow it');
    const event = decodeLine(bytes, line);
    const problem =
      event.kind === 'header'
        ? order.header(event.header)
        : event.kind === 'card'
          ? order.card(event.card)
          : order.trailer(event.trailer);
    if (problem) fail(line, problem);
    return event;
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(lineFeed); end !== -1; end = chunk.indexOf(lineFeed, start)) {
      pending.push(chunk.subarray(start, end));
      const bytes = Buffer.concat(pending, pendingBytes + end - start);
      pending = [];
      pendingBytes = 0;
      start = end + 1;
      yield handle(bytes);
    }
    if (start < chunk.length) {
      pending.push(Buffer.from(chunk.subarray(start)));
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxJsonLineBytes) {
        fail(line + 1, `is longer than ${maxJsonLineBytes} bytes: is this a bureau JSON Lines file?`);
      }
    }
  }
  if (pendingBytes > 0) {
    fail(line + 1, 'does not end with LF: the file was cut short in the middle of a line');
  }
  const problem = order.end();
  if (problem) throw new BureauFileError('JSON Lines file', line === 0 ? null : { line }, problem);
}
