import { describe, expect, it } from 'vitest';
import { BureauFileError } from './bureau-file-error';
import { parseCpsFile } from './cps-parser';
import { writeCpsFile } from './cps-writer';
import { parseJsonLinesFile } from './jsonl-parser';
import { writeJsonLinesFile } from './jsonl-writer';
import {
  streamOf,
  collectBytes,
  collectEvents,
  exampleCard,
  exampleHeader,
  inChunks,
  variedCard,
} from './testing';
import type { BureauCard } from './types';

const cards = Array.from({ length: 7 }, (_, i) => variedCard(i + 1));
const write = (list: BureauCard[] = cards) => collectBytes(writeCpsFile(exampleHeader, streamOf(list)));
const read = (bytes: Buffer, chunkSize = 4096) => collectEvents(parseCpsFile(inChunks(bytes, chunkSize)));

/** Where each frame of a CPS file starts: [type, offset of the type byte, body length]. */
function frames(bytes: Buffer): { type: string; at: number; length: number }[] {
  const found = [];
  for (let at = 10; at < bytes.length;) {
    const length = bytes.readUInt32BE(at + 1);
    found.push({ type: String.fromCharCode(bytes[at]!), at, length });
    at += 5 + length;
  }
  return found;
}

async function readError(bytes: Buffer): Promise<BureauFileError> {
  try {
    await read(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(BureauFileError);
    return error as BureauFileError;
  }
  throw new Error('the file was read without an error');
}

describe('CPS file round trip', () => {
  it('reads back the header, every card (every module, several applications) and the count', async () => {
    const bytes = await write();
    expect(cards.map((c) => c.parts.length)).toContain(5);
    for (const chunkSize of [1, 7, 4096]) {
      const events = await read(bytes, chunkSize);
      expect(events).toEqual([
        { kind: 'header', header: exampleHeader },
        ...cards.map((card) => ({ kind: 'card', card })),
        { kind: 'trailer', trailer: { records: 7 } },
      ]);
    }
  });

  it('decodes to the same content as the JSON Lines file', async () => {
    const fromCps = await read(await write());
    const jsonl = await collectBytes(writeJsonLinesFile(exampleHeader, streamOf(cards)));
    const fromJsonl = await collectEvents(parseJsonLinesFile(inChunks(jsonl, 100)));
    expect(fromJsonl).toEqual(fromCps);
  });

  it('writes an empty job as header and trailer only', async () => {
    const bytes = await write([]);
    expect(frames(bytes).map((f) => f.type)).toEqual(['H', 'T']);
    expect(await read(bytes)).toEqual([
      { kind: 'header', header: exampleHeader },
      { kind: 'trailer', trailer: { records: 0 } },
    ]);
  });

  it('streams with flat memory: the writer takes one card per frame, the reader one frame per card', async () => {
    // Nothing is buffered beyond the card in hand, so a million cards need no more memory than one.
    let pulled = 0;
    async function* source() {
      for (const card of cards) {
        pulled++;
        yield card;
      }
    }
    const frameChunks: Buffer[] = [];
    const pulledAtChunk: number[] = [];
    for await (const chunk of writeCpsFile(exampleHeader, source())) {
      pulledAtChunk.push(pulled);
      frameChunks.push(chunk);
    }
    expect(pulledAtChunk).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 7]);

    let delivered = 0;
    async function* chunks() {
      for (const chunk of frameChunks) {
        delivered++;
        yield chunk;
      }
    }
    const deliveredAtEvent: number[] = [];
    for await (const _event of parseCpsFile(chunks())) deliveredAtEvent.push(delivered);
    expect(deliveredAtEvent).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('CPS writer refusals', () => {
  it('refuses cards out of sequence, content outside the limits and a bad header, naming the card', async () => {
    await expect(write([variedCard(1), variedCard(3)])).rejects.toThrow(
      'cannot write the CPS file: card sequence 3 is out of order: expected 2 (a card is missing, repeated or moved)',
    );
    const card = exampleCard();
    const chip = card.parts[2]!;
    if (chip.module !== 'chip') throw new Error('part 3 is the chip');
    chip.applications[0]!.dgis[1]!.data = 'ABCDEF';
    await expect(write([card])).rejects.toThrow(
      'cannot write the CPS file: card 1 (row 2), chip application 1 (A0000000031010), DGI 2 (8000): encrypted data must be whole 8-byte TDES blocks, got 3 bytes',
    );
    await expect(
      write([{ ...exampleCard(), parts: [...exampleCard().parts, exampleCard().parts[1]!] }]),
    ).rejects.toThrow('cannot write the CPS file: card 1 (row 2): has two track2 parts');
    await expect(
      collectBytes(
        writeCpsFile({ ...exampleHeader, macKey: { ...exampleHeader.macKey, kcv: 'bab030' } }, streamOf([])),
      ),
    ).rejects.toThrow(
      'cannot write the CPS file: header MAC key KCV must be upper-case hexadecimal, whole bytes',
    );
  });
});

describe('CPS reader refusals say where and what', () => {
  it('refuses a file that is not a CPS file, or went through a text-mode transfer', async () => {
    expect((await readError(Buffer.from('{"type":"header"}\n'))).message).toBe(
      'CPS file, byte 0: not a bureau CPS file: it starts with 7B 22 74 79, not 89 44 50 43 50 53 0D 0A',
    );
    const bytes = await write();
    const crlfLost = Buffer.concat([bytes.subarray(0, 6), bytes.subarray(7)]);
    expect((await readError(crlfLost)).message).toBe(
      'CPS file, byte 0: not a bureau CPS file: it starts with 89 44 50 43, not 89 44 50 43 50 53 0D 0A: its CR LF was rewritten, so it was transferred in text mode; transfer it again in binary mode',
    );
    const version2 = Buffer.from(bytes);
    version2.writeUInt16BE(2, 8);
    expect((await readError(version2)).message).toBe(
      'CPS file, byte 8: version 2 is not supported: this reader reads version 1',
    );
  });

  it('refuses a file cut short inside a card record, and one cut after a record', async () => {
    const bytes = await write();
    const third = frames(bytes)[3]!;
    expect((await readError(bytes.subarray(0, third.at + 100))).message).toBe(
      `CPS file, byte ${third.at}: the card frame announces ${third.length} bytes, but the file ends after 95 of them (cut short)`,
    );
    expect((await readError(bytes.subarray(0, third.at))).message).toBe(
      `CPS file, byte ${third.at}: the file ends after 2 cards without a trailer (it was cut short)`,
    );
    expect((await readError(bytes.subarray(0, third.at + 3))).message).toBe(
      `CPS file, byte ${third.at}: the file ends 3 bytes into a frame's 5-byte type and length (cut short)`,
    );
  });

  it('refuses a trailer whose count is not the number of cards', async () => {
    const bytes = Buffer.from(await write());
    const trailer = frames(bytes).at(-1)!;
    bytes.writeUInt32BE(8, trailer.at + 5);
    expect((await readError(bytes)).message).toBe(
      `CPS file, byte ${trailer.at}: the trailer counts 8 cards, but the file holds 7 (cards were lost or added)`,
    );
  });

  it('refuses a missing card by its sequence number, before the trailer count', async () => {
    const bytes = await write();
    const [, , second, third] = frames(bytes);
    const withoutSecond = Buffer.concat([bytes.subarray(0, second!.at), bytes.subarray(third!.at)]);
    expect((await readError(withoutSecond)).message).toBe(
      `CPS file, byte ${second!.at}: card sequence 3 is out of order: expected 2 (a card is missing, repeated or moved)`,
    );
  });

  it('refuses an unknown module code, an unknown frame type and bytes after the trailer', async () => {
    const bytes = await write([exampleCard()]);
    const card = frames(bytes)[1]!;
    const moduleAt = card.at + 5 + 9;
    const badModule = Buffer.from(bytes);
    badModule[moduleAt] = 0x09;
    expect((await readError(badModule)).message).toBe(
      `CPS file, byte ${moduleAt}: card record 1, card 1 (row 2): part 1: unknown module code 09 (01 embossing, 02 track 1, 03 track 2, 04 chip, 05 graphics)`,
    );
    const badFrame = Buffer.from(bytes);
    badFrame[card.at] = 0x58;
    expect((await readError(badFrame)).message).toBe(
      `CPS file, byte ${card.at}: unknown frame type 58 (48 header, 43 card, 54 trailer): the previous frame's length is wrong or the file is damaged`,
    );
    expect((await readError(Buffer.concat([bytes, Buffer.from([0x00])]))).message).toBe(
      `CPS file, byte ${bytes.length}: bytes follow the trailer: nothing may follow it (two files joined, or padding added)`,
    );
  });

  it('refuses a DGI whose length runs past its application, and a flag byte other than 00 or 01', async () => {
    const bytes = await write([exampleCard()]);
    // docs/formats.md example: DGI 8000 starts at 011D, its length at 0120, data at 0122, the MAC at 0132.
    const longDgi = Buffer.from(bytes);
    longDgi.writeUInt16BE(0x20, 0x120);
    expect((await readError(longDgi)).message).toBe(
      'CPS file, byte 290: card record 1, card 1 (row 2), part 3 (chip), application 1: DGI 2 (8000) data needs 32 bytes, but only 24 remain in application 1 (truncated or a wrong length before it)',
    );
    const shortDgi = Buffer.from(bytes);
    shortDgi.writeUInt16BE(0x08, 0x120);
    expect((await readError(shortDgi)).message).toBe(
      'CPS file, byte 306: card record 1, card 1 (row 2), part 3 (chip), application 1: 8 bytes are left over at the end of application 1',
    );
    const badFlag = Buffer.from(bytes);
    badFlag[0x11f] = 0x81;
    expect((await readError(badFlag)).message).toBe(
      'CPS file, byte 287: card record 1, card 1 (row 2), part 3 (chip), application 1: DGI 2 (8000): flags 81 set bits other than 01 (encrypted)',
    );
  });

  it('refuses content outside the rules, as the writer does', async () => {
    const bytes = await write([exampleCard()]);
    const cleared = Buffer.from(bytes);
    cleared[0x11f] = 0x00;
    // A DGI marked clear passes the reader's rules; its MAC will not (application-mac.test.ts).
    await expect(read(cleared)).resolves.toHaveLength(3);
    const badText = Buffer.from(bytes);
    badText[0x0b5] = 0xff;
    expect((await readError(badText)).message).toBe(
      `CPS file, byte ${0x6f}: card 1 (row 2), track2: data must be 1 to 65535 printable ASCII characters`,
    );
    const badUtf8 = Buffer.from(bytes);
    badUtf8[0x0a3] = 0xc3;
    expect((await readError(badUtf8)).message).toBe(
      `CPS file, byte ${0x0a1}: card record 1, card 1 (row 2), part 1 (embossing): line 2 text is not valid UTF-8`,
    );
  });
});
