/**
 * Fixtures for the bureau file tests: the example of docs/formats.md (made-up card, published test
 * keys that protect nothing) and a generator of varied cards whose MACs are computed with a clear key,
 * as the bureau would.
 */
import { fromHex, toHex } from '../emv/bytes';
import { adjustOddParity, tdesEcbEncrypt } from '../emv/crypto/des';
import { tdesKcv } from '../emv/crypto/kcv';
import { computeApplicationMac } from './application-mac';
import type { BureauCard, BureauFileHeader, BureauPart, ChipApplication } from './types';

/** The example transport KEK of docs/formats.md, KCV 08D7B4. */
export const exampleKek = fromHex('0123456789ABCDEFFEDCBA9876543210');
/** The example job MAC key of docs/formats.md (odd parity), KCV in exampleHeader.macKey. */
export const exampleMacKey = adjustOddParity(fromHex('4A2C7F3E5B0D1926E0F1A2B3C4D5E6F7'));
/** The example ICC master key, carried encrypted in DGI 8000. */
const exampleIccKey = adjustOddParity(fromHex('6D3E8A1F4C5B2907E1D0C3B2A5948776'));

const exampleKekReference = { id: 'kek-demo-01', kcv: toHex(tdesKcv(exampleKek)) };

export const exampleHeader: BureauFileHeader = {
  job: 'JOB-20261121-4E1627',
  profile: { name: 'Demo credit', version: 3 },
  createdAt: '2026-11-21T19:44:25.000Z',
  kek: exampleKekReference,
  macKey: {
    cryptogram: toHex(tdesEcbEncrypt(exampleKek, exampleMacKey)),
    kcv: toHex(tdesKcv(exampleMacKey)),
  },
};

/** An application with its MAC computed under `macKey` for the given card. */
export function withMac(
  card: Pick<BureauCard, 'sequence' | 'row'>,
  app: Omit<ChipApplication, 'mac'>,
  macKey: Buffer = exampleMacKey,
): ChipApplication {
  const unsigned = { ...app, mac: '0000000000000000' };
  return { ...unsigned, mac: computeApplicationMac(card, unsigned, macKey) };
}

/** The one card of the example file. */
export function exampleCard(): BureauCard {
  const card = { sequence: 1, row: 2 };
  return {
    ...card,
    parts: [
      {
        module: 'embossing',
        lines: [
          { name: 'pan', text: '4761 7390 0101 0010' },
          { name: 'name', text: 'ALICE EXAMPLE' },
        ],
      },
      { module: 'track2', data: '4761739001010010=30122010000000000' },
      {
        module: 'chip',
        applications: [
          withMac(card, {
            aid: 'A0000000031010',
            name: 'VISA CREDIT',
            kek: exampleKekReference,
            dgis: [
              { dgi: '0101', encrypted: false, data: '70105A0847617390010100105F2403301231' },
              { dgi: '8000', encrypted: true, data: toHex(tdesEcbEncrypt(exampleKek, exampleIccKey)) },
            ],
          }),
        ],
      },
    ],
  };
}

/** Card `sequence` of a varied batch: every module, one to three applications, DGIs of every size. */
export function variedCard(sequence: number, macKey: Buffer = exampleMacKey): BureauCard {
  const card = { sequence, row: sequence * 2 + 1 };
  const pan = `47617390010${String(sequence).padStart(5, '0')}`;
  const applications = Array.from({ length: 1 + (sequence % 3) }, (_, i) =>
    withMac(
      card,
      {
        aid: ['A0000000031010', 'A0000000041010', 'A000000003101001'][i]!,
        name: ['VISA CREDIT', 'MASTERCARD', ''][i]!,
        kek: exampleKekReference,
        dgis: [
          { dgi: '0101', encrypted: false, data: `7008${toHex(Buffer.from(pan.slice(0, 8)))}` },
          { dgi: '0202', encrypted: false, data: toHex(Buffer.alloc(300 + sequence, sequence)) },
          { dgi: '8000', encrypted: true, data: toHex(Buffer.alloc(48, i + 1)) },
          { dgi: '9000', encrypted: false, data: '' },
        ],
      },
      macKey,
    ),
  );
  const parts: BureauPart[] = [
    {
      module: 'embossing',
      lines: [
        { name: 'pan', text: pan.replace(/(\d{4})(?=\d)/g, '$1 ') },
        { name: 'name', text: `JOSÉ ÑANDÚ ${sequence}` },
        { name: 'expiry', text: '12/30' },
      ],
    },
    { module: 'track1', data: `B${pan}^NANDU/JOSE^3012201` },
    { module: 'track2', data: `${pan}=3012201` },
    { module: 'chip', applications },
  ];
  if (sequence % 2 === 0) {
    parts.push({ module: 'graphics', items: [{ name: 'logo', reference: `logos/demo-${sequence}.png` }] });
  }
  return { ...card, parts };
}

/** Items as an asynchronous stream, as a writer or a parser receives them. */
export async function* streamOf<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/** Everything a stream yields, joined. */
export async function collectBytes(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const all: Buffer[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return Buffer.concat(all);
}

/** A buffer fed to a parser in chunks of `size` bytes, so every field can straddle two chunks. */
export async function* inChunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export async function collectEvents<T>(events: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const event of events) all.push(event);
  return all;
}
