/**
 * Writes the CPS file as a stream of chunks: the magic, the version and the header frame, one frame
 * per card as it arrives, the trailer with the record count. Memory stays flat whatever the count.
 */
import { ByteSink } from './byte-fields';
import {
  cpsMagic,
  cpsVersion,
  encodeCardBody,
  encodeHeaderBody,
  encodeTrailerBody,
  frame,
} from './cps-layout';
import type { BureauCard, BureauFileHeader } from './types';
import { requireWritableCard, requireWritableHeader } from './writer-checks';

export async function* writeCpsFile(
  header: BureauFileHeader,
  cards: AsyncIterable<BureauCard>,
): AsyncGenerator<Buffer> {
  requireWritableHeader(header, 'CPS file');
  yield new ByteSink()
    .bytes(cpsMagic)
    .u16(cpsVersion)
    .bytes(frame('header', encodeHeaderBody(header)))
    .toBuffer();
  let records = 0;
  for await (const card of cards) {
    requireWritableCard(card, records + 1, 'CPS file');
    records++;
    yield frame('card', encodeCardBody(card));
  }
  yield frame('trailer', encodeTrailerBody(records));
}
