import { describe, expect, it } from 'vitest';
import { BureauFileError } from './bureau-file-error';
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

const cards = Array.from({ length: 5 }, (_, i) => variedCard(i + 1));
const write = (list = cards) => collectBytes(writeJsonLinesFile(exampleHeader, streamOf(list)));
const read = (bytes: Buffer | string, chunkSize = 4096) =>
  collectEvents(parseJsonLinesFile(inChunks(Buffer.from(bytes), chunkSize)));
const lines = async () => (await write()).toString('utf8').split('\n').slice(0, -1);
const file = (list: string[]) => `${list.join('\n')}\n`;

async function readError(bytes: Buffer | string): Promise<string> {
  try {
    await read(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(BureauFileError);
    return (error as Error).message;
  }
  throw new Error('the file was read without an error');
}

describe('JSON Lines file round trip', () => {
  it('reads back the header, every card and the count, whatever the chunk boundaries (UTF-8 included)', async () => {
    const bytes = await write();
    expect(bytes.toString('utf8')).toContain('JOSÉ ÑANDÚ 1');
    for (const chunkSize of [1, 3, 4096]) {
      expect(await read(bytes, chunkSize)).toEqual([
        { kind: 'header', header: exampleHeader },
        ...cards.map((card) => ({ kind: 'card', card })),
        { kind: 'trailer', trailer: { records: 5 } },
      ]);
    }
  });

  it('writes one line per card with the keys in the documented order, whatever the caller built', async () => {
    const card = exampleCard();
    const shuffled = { parts: card.parts, row: card.row, sequence: card.sequence, extra: 'ignored' };
    const [, line] = (await write([shuffled])).toString('utf8').split('\n');
    expect(line!.startsWith('{"type":"card","sequence":1,"row":2,"parts":[{"module":"embossing"')).toBe(true);
    expect(line).not.toContain('extra');
  });
});

describe('JSON Lines reader refusals say which line and what', () => {
  it('refuses a wrong trailer count, a missing trailer and a file cut in the middle of a line', async () => {
    const all = await lines();
    expect(await readError(file([...all.slice(0, -1), '{"type":"trailer","records":4}']))).toBe(
      'JSON Lines file, line 7: the trailer counts 4 cards, but the file holds 5 (cards were lost or added)',
    );
    expect(await readError(file(all.slice(0, -1)))).toBe(
      'JSON Lines file, line 6: the file ends after 5 cards without a trailer (it was cut short)',
    );
    const bytes = Buffer.from(file(all));
    expect(await readError(bytes.subarray(0, bytes.length - 10))).toBe(
      'JSON Lines file, line 7: does not end with LF: the file was cut short in the middle of a line',
    );
    expect(await readError('')).toBe(
      'JSON Lines file: the file holds no header (it is empty or was cut short)',
    );
  });

  it('refuses CR LF, empty lines, non-JSON, unknown keys and lines after the trailer', async () => {
    const all = await lines();
    expect(await readError(all.join('\r\n') + '\r\n')).toBe(
      'JSON Lines file, line 1: ends with CR LF: lines end with LF alone (was the file converted?)',
    );
    expect(await readError(file([all[0]!, '', ...all.slice(1)]))).toBe(
      'JSON Lines file, line 2: is empty: every line is one JSON object',
    );
    // JSON.parse's own message quotes the text (here a PAN): only the position is kept.
    const cut = all[1]!.slice(0, -1);
    const notJson = await readError(file([all[0]!, cut, ...all.slice(2)]));
    expect(notJson).toBe(`JSON Lines file, line 2: is not JSON (at character ${cut.length + 1})`);
    expect(await readError(file([all[0]!, all[1]!.replace('"row"', '"rows"'), ...all.slice(2)]))).toBe(
      'JSON Lines file, line 2: row: Invalid input: expected number, received undefined',
    );
    expect(
      await readError(file([all[0]!, all[1]!.replace('"mac":', '"note":"x","mac":'), ...all.slice(2)])),
    ).toBe('JSON Lines file, line 2: parts[3].applications[0]: Unrecognized key: "note"');
    expect(await readError(file([...all, all.at(-1)!]))).toBe(
      'JSON Lines file, line 8: follows the trailer: nothing may follow it',
    );
  });

  it('refuses another format or version, and content outside the rules, naming the field', async () => {
    const all = await lines();
    expect(await readError(file([all[0]!.replace('"version":1', '"version":2'), ...all.slice(1)]))).toBe(
      'JSON Lines file, line 1: version 2 is not supported: this reader reads version 1',
    );
    expect(
      await readError(file([all[0]!.replace('dataprep-bureau-jsonl', 'dataprep-jsonl'), ...all.slice(1)])),
    ).toBe(
      'JSON Lines file, line 1: not a bureau JSON Lines file: format is "dataprep-jsonl", not "dataprep-bureau-jsonl"',
    );
    const card = JSON.parse(all[1]!);
    card.parts[3].applications[0].mac = card.parts[3].applications[0].mac.toLowerCase();
    expect(await readError(file([all[0]!, JSON.stringify(card), ...all.slice(2)]))).toBe(
      'JSON Lines file, line 2: card 1 (row 3), chip application 1 (A0000000031010): MAC must be upper-case hexadecimal, whole bytes',
    );
    expect(await readError(file([all[0]!, all[2]!, all[1]!, ...all.slice(3)]))).toBe(
      'JSON Lines file, line 2: card sequence 2 is out of order: expected 1 (a card is missing, repeated or moved)',
    );
    expect(await readError(file([all[1]!, ...all]))).toBe(
      'JSON Lines file, line 1: a card comes before the header: the file must start with its header',
    );
  });
});
