/**
 * The byte layout of the CPS file (docs/formats.md, "CPS file"), in one place for the writer, the
 * parser and the application MAC. It follows the EMV CPS v1.1 common personalization record: per
 * card, data for each personalization module, the chip's data per application (AID, the KEK its
 * secrets are under, its DGIs in send order with the encrypted ones flagged). Every integer is
 * unsigned big-endian.
 */
import { ByteSink } from './byte-fields';
import type { BureauCard, BureauFileHeader, BureauModule, BureauPart, ChipApplication } from './types';

/**
 * "\x89DPCPS\r\n": the high first byte and the CR LF make a transfer in text mode (which strips the
 * eighth bit or rewrites line ends) visible in the first 8 bytes, as the PNG signature does.
 */
export const cpsMagic = Buffer.from([0x89, 0x44, 0x50, 0x43, 0x50, 0x53, 0x0d, 0x0a]);
export const cpsVersion = 1;

/** Frame types: ASCII 'H', 'C', 'T'. */
export const frameType = { header: 0x48, card: 0x43, trailer: 0x54 } as const;
export type FrameKind = keyof typeof frameType;

/** A frame is its type (1 byte) and the length of its body (4 bytes). */
export const frameHeadLength = 5;
/** A parser's limit on one frame; a card's record is a few kilobytes. */
export const maxFrameLength = 16 * 1024 * 1024;

export const moduleCode: Record<BureauModule, number> = {
  embossing: 0x01,
  track1: 0x02,
  track2: 0x03,
  chip: 0x04,
  graphics: 0x05,
};

export const dgiFlagEncrypted = 0x01;

export function frame(kind: FrameKind, body: Buffer): Buffer {
  return new ByteSink().u8(frameType[kind]).u32(body.length).bytes(body).toBuffer();
}

export function encodeHeaderBody(header: BureauFileHeader): Buffer {
  return new ByteSink()
    .text1(header.job)
    .text2(header.profile.name)
    .u32(header.profile.version)
    .text1(header.createdAt)
    .text1(header.kek.id)
    .hex(header.kek.kcv)
    .hex(header.macKey.cryptogram)
    .hex(header.macKey.kcv)
    .toBuffer();
}

/**
 * An application without its length and its MAC: AID, name, KEK, then each DGI as number (2 bytes),
 * flags (1 byte, 01 = encrypted), length (2 bytes), data. The MAC input is built from these bytes.
 */
export function encodeApplicationBody(app: ChipApplication): Buffer {
  const sink = new ByteSink()
    .u8(app.aid.length / 2)
    .hex(app.aid)
    .text1(app.name)
    .text1(app.kek.id)
    .hex(app.kek.kcv)
    .u16(app.dgis.length);
  for (const dgi of app.dgis) {
    sink
      .hex(dgi.dgi)
      .u8(dgi.encrypted ? dgiFlagEncrypted : 0)
      .u16(dgi.data.length / 2)
      .hex(dgi.data);
  }
  return sink.toBuffer();
}

function encodePartBody(part: BureauPart): Buffer {
  const sink = new ByteSink();
  switch (part.module) {
    case 'embossing':
      sink.u8(part.lines.length);
      for (const line of part.lines) sink.text1(line.name).text2(line.text);
      break;
    case 'track1':
    case 'track2':
      sink.bytes(Buffer.from(part.data, 'ascii'));
      break;
    case 'chip':
      sink.u8(part.applications.length);
      for (const app of part.applications) {
        const body = encodeApplicationBody(app);
        sink
          .u32(body.length + 8)
          .bytes(body)
          .hex(app.mac);
      }
      break;
    case 'graphics':
      sink.u8(part.items.length);
      for (const item of part.items) sink.text1(item.name).text2(item.reference);
      break;
  }
  return sink.toBuffer();
}

export function encodeCardBody(card: BureauCard): Buffer {
  const sink = new ByteSink().u32(card.sequence).u32(card.row).u8(card.parts.length);
  for (const part of card.parts) {
    const body = encodePartBody(part);
    sink.u8(moduleCode[part.module]).u32(body.length).bytes(body);
  }
  return sink.toBuffer();
}

export function encodeTrailerBody(records: number): Buffer {
  return new ByteSink().u32(records).toBuffer();
}
