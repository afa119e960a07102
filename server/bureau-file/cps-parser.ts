/**
 * Reads a CPS file (docs/formats.md) from a stream of chunks, one frame at a time, and yields the
 * header, each card and the trailer. Anything that is not exactly the documented layout stops the
 * read with a BureauFileError naming the byte offset and what is wrong there.
 */
import { BureauFileError } from './bureau-file-error';
import { ChunkQueue } from './chunk-queue';
import { cardLabel } from './content-rules';
import {
  cpsMagic,
  cpsVersion,
  dgiFlagEncrypted,
  frameHeadLength,
  frameType,
  maxFrameLength,
  moduleCode,
  type FrameKind,
} from './cps-layout';
import { FieldReader } from './byte-fields';
import { FileOrder } from './file-order';
import type {
  BureauCard,
  BureauFileEvent,
  BureauFileHeader,
  BureauModule,
  BureauPart,
  ChipApplication,
} from './types';

function fail(byte: number, detail: string): never {
  throw new BureauFileError('CPS file', { byte }, detail);
}

const spaced = (bytes: Buffer) =>
  bytes
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1 ');

const moduleByCode = new Map<number, BureauModule>(
  Object.entries(moduleCode).map(([module, code]) => [code, module as BureauModule]),
);
const frameKindByType = new Map<number, FrameKind>(
  Object.entries(frameType).map(([kind, type]) => [type, kind as FrameKind]),
);

function checkMagic(start: Buffer): void {
  if (start.subarray(0, cpsMagic.length).equals(cpsMagic)) return;
  const hint =
    start[0] === 0x09 && start.subarray(1, 6).equals(cpsMagic.subarray(1, 6))
      ? ': its first byte lost its eighth bit, so it was transferred in text mode; transfer it again in binary mode'
      : start.subarray(0, 6).equals(cpsMagic.subarray(0, 6))
        ? ': its CR LF was rewritten, so it was transferred in text mode; transfer it again in binary mode'
        : '';
  // Four bytes say what the file is (7B 22: JSON, 50 4B: ZIP) and never a whole PAN's first six digits.
  fail(
    0,
    `not a bureau CPS file: it starts with ${spaced(start.subarray(0, 4))}, not ${spaced(cpsMagic)}${hint}`,
  );
}

function decodeHeader(reader: FieldReader): BureauFileHeader {
  const header: BureauFileHeader = {
    job: reader.text1('job'),
    profile: { name: reader.text2('profile name'), version: reader.u32('profile version') },
    createdAt: reader.text1('createdAt'),
    kek: { id: reader.text1('KEK id'), kcv: reader.hex(3, 'KEK KCV') },
    macKey: { cryptogram: reader.hex(16, 'MAC key cryptogram'), kcv: reader.hex(3, 'MAC key KCV') },
  };
  reader.end();
  return header;
}

function decodeApplication(reader: FieldReader): ChipApplication {
  const aid = reader.hex(reader.u8('AID length'), 'AID');
  const name = reader.text1('name');
  const kek = { id: reader.text1('KEK id'), kcv: reader.hex(3, 'KEK KCV') };
  const count = reader.u16('DGI count');
  const dgis: ChipApplication['dgis'] = [];
  for (let j = 0; j < count; j++) {
    const at = reader.offset;
    const dgi = reader.hex(2, `DGI ${j + 1} number`);
    const flags = reader.u8(`DGI ${j + 1} (${dgi}) flags`);
    if ((flags & ~dgiFlagEncrypted) !== 0) {
      reader.fail(
        `DGI ${j + 1} (${dgi}): flags ${flags.toString(16).padStart(2, '0').toUpperCase()} set bits other than 01 (encrypted)`,
        at + 2,
      );
    }
    const length = reader.u16(`DGI ${j + 1} (${dgi}) length`);
    dgis.push({
      dgi,
      data: reader.hex(length, `DGI ${j + 1} (${dgi}) data`),
      encrypted: flags === dgiFlagEncrypted,
    });
  }
  const mac = reader.hex(8, 'MAC');
  reader.end();
  return { aid, name, kek, dgis, mac };
}

function decodePart(module: BureauModule, reader: FieldReader, where: string): BureauPart {
  let part: BureauPart;
  switch (module) {
    case 'embossing': {
      const count = reader.u8('line count');
      const lines = [];
      for (let i = 0; i < count; i++) {
        lines.push({ name: reader.text1(`line ${i + 1} name`), text: reader.text2(`line ${i + 1} text`) });
      }
      part = { module, lines };
      break;
    }
    case 'track1':
    case 'track2':
      // latin1 maps each byte to one character, so a byte outside printable ASCII reaches the content rule.
      part = { module, data: reader.take(reader.remaining, 'track data').toString('latin1') };
      break;
    case 'chip': {
      const count = reader.u8('application count');
      const applications = [];
      for (let j = 0; j < count; j++) {
        const length = reader.u32(`application ${j + 1} length`);
        applications.push(
          decodeApplication(reader.sub(length, `application ${j + 1}`, `${where}, application ${j + 1}`)),
        );
      }
      part = { module, applications };
      break;
    }
    case 'graphics': {
      const count = reader.u8('item count');
      const items = [];
      for (let i = 0; i < count; i++) {
        items.push({
          name: reader.text1(`item ${i + 1} name`),
          reference: reader.text2(`item ${i + 1} reference`),
        });
      }
      part = { module, items };
      break;
    }
  }
  reader.end();
  return part;
}

function decodeCard(reader: FieldReader, recordNumber: number): BureauCard {
  const sequence = reader.u32('sequence');
  const row = reader.u32('row');
  const where = `card record ${recordNumber}, ${cardLabel({ sequence, row })}`;
  const body = reader.sub(reader.remaining, 'parts', where);
  const count = body.u8('part count');
  const parts: BureauPart[] = [];
  for (let i = 0; i < count; i++) {
    const at = body.offset;
    const code = body.u8(`part ${i + 1} module code`);
    const partModule =
      moduleByCode.get(code) ??
      body.fail(
        `part ${i + 1}: unknown module code ${code.toString(16).padStart(2, '0').toUpperCase()} (01 embossing, 02 track 1, 03 track 2, 04 chip, 05 graphics)`,
        at,
      );
    const length = body.u32(`part ${i + 1} (${partModule}) length`);
    const partWhere = `${where}, part ${i + 1} (${partModule})`;
    parts.push(
      decodePart(partModule, body.sub(length, `part ${i + 1} (${partModule})`, partWhere), partWhere),
    );
  }
  body.end();
  return { sequence, row, parts };
}

export async function* parseCpsFile(chunks: AsyncIterable<Buffer>): AsyncGenerator<BureauFileEvent> {
  const queue = new ChunkQueue(chunks);
  const start = cpsMagic.length + 2;
  if (!(await queue.fill(start))) {
    const have = queue.take(queue.length);
    checkMagic(have);
    fail(0, `the file is ${have.length} bytes long: it was cut short before its version`);
  }
  const opening = queue.take(start);
  checkMagic(opening);
  const version = opening.readUInt16BE(cpsMagic.length);
  if (version !== cpsVersion) {
    fail(cpsMagic.length, `version ${version} is not supported: this reader reads version ${cpsVersion}`);
  }

  const order = new FileOrder();
  let offset = start;
  let records = 0;
  while (!order.finished) {
    if (!(await queue.fill(frameHeadLength))) {
      if (queue.length > 0) {
        fail(offset, `the file ends ${queue.length} bytes into a frame's 5-byte type and length (cut short)`);
      }
      fail(offset, order.end() ?? 'the file ends early');
    }
    const head = queue.take(frameHeadLength);
    const kind = frameKindByType.get(head[0]!);
    const length = head.readUInt32BE(1);
    if (!kind) {
      fail(
        offset,
        `unknown frame type ${spaced(head.subarray(0, 1))} (48 header, 43 card, 54 trailer): the previous frame's length is wrong or the file is damaged`,
      );
    }
    if (length > maxFrameLength) {
      fail(
        offset + 1,
        `the ${kind} frame claims ${length} bytes, more than the ${maxFrameLength} a frame may hold`,
      );
    }
    if (!(await queue.fill(length))) {
      fail(
        offset,
        `the ${kind} frame announces ${length} bytes, but the file ends after ${queue.length} of them (cut short)`,
      );
    }
    const bodyOffset = offset + frameHeadLength;
    const body = queue.take(length);
    let event: BureauFileEvent;
    let problem: string | null;
    if (kind === 'header') {
      const header = decodeHeader(new FieldReader(body, bodyOffset, 'header'));
      problem = order.header(header);
      event = { kind, header };
    } else if (kind === 'card') {
      records++;
      const card = decodeCard(new FieldReader(body, bodyOffset, `card record ${records}`), records);
      problem = order.card(card);
      event = { kind, card };
    } else {
      const reader = new FieldReader(body, bodyOffset, 'trailer');
      const trailer = { records: reader.u32('record count') };
      reader.end();
      problem = order.trailer(trailer);
      event = { kind, trailer };
    }
    if (problem) fail(offset, problem);
    yield event;
    offset = bodyOffset + length;
  }
  if (await queue.fill(1)) {
    fail(offset, 'bytes follow the trailer: nothing may follow it (two files joined, or padding added)');
  }
}
