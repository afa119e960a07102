/**
 * Writes the JSON Lines file as a stream of chunks, one line each: header, one line per card as it
 * arrives, trailer with the record count. UTF-8, LF line ends, a final LF.
 */
import { cardObject, headerObject, trailerObject } from './jsonl-layout';
import type { BureauCard, BureauFileHeader } from './types';
import { requireWritableCard, requireWritableHeader } from './writer-checks';

const line = (value: unknown) => Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');

export async function* writeJsonLinesFile(
  header: BureauFileHeader,
  cards: AsyncIterable<BureauCard>,
): AsyncGenerator<Buffer> {
  requireWritableHeader(header, 'JSON Lines file');
  yield line(headerObject(header));
  let records = 0;
  for await (const card of cards) {
    requireWritableCard(card, records + 1, 'JSON Lines file');
    records++;
    yield line(cardObject(card));
  }
  yield line(trailerObject(records));
}
