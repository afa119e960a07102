import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applicationMacInput,
  buildManifest,
  bureauMac,
  manifestMacInput,
  parseCpsFile,
  verifyBureauFile,
  writeCpsFile,
  type BureauCard,
  type BureauFileHeader,
} from '../../server/bureau-file';
import {
  streamOf,
  collectBytes,
  exampleCard,
  exampleMacKey,
  inChunks,
  variedCard,
} from '../../server/bureau-file/testing';
import { fromHex, toHex } from '../../server/emv/bytes';
import { hasOddParity, tdesEcbDecrypt } from '../../server/emv/crypto/des';
import { tdesKcv } from '../../server/emv/crypto/kcv';
import { bureauOutputCommands } from '../../server/emv/hsm-commands/bureau-output';
import { maxCardsPerCall } from '../../server/emv/hsm-commands';
import type { HsmBackend } from '../src/backends/backend';
import { Pkcs11Backend } from '../src/backends/pkcs11/pkcs11-backend';
import { createOutputMacKey } from '../src/ops/bureau-output/create-output-mac-key';
import { macOutputData } from '../src/ops/bureau-output/mac-output-data';
import { keyRefsOf } from '../src/ops';
import { importTestKey, openTestBackends } from './test-backends';

/**
 * Issue "the files the bureau receives": the job's MAC key is made in the HSM and leaves it only under
 * the KEK, and the HSM's MACs are, byte for byte, the MACs server/bureau-file computes with the clear
 * key the bureau recovers with its KEK.
 */
const kekValue = fromHex('0123456789ABCDEFFEDCBA9876543210');
const recover = (cryptogram: string) => tdesEcbDecrypt(kekValue, fromHex(cryptogram));
const macParams = bureauOutputCommands.macOutputData.params;

const backends = openTestBackends();
afterAll(async () => {
  for (const [, backend] of backends) await backend.close();
});

async function newMacKey(backend: HsmBackend, label = 'JOB-TEST output MAC') {
  const kek = await importTestKey(backend, 'K0', kekValue);
  return { kek, result: await createOutputMacKey(backend, { label, kekRef: kek.keyRef }) };
}

/** Application MACs computed by the HSM, as the job service will: one macOutputData call for the batch. */
async function signedByHsm(
  backend: HsmBackend,
  macKeyRef: string,
  cards: BureauCard[],
): Promise<BureauCard[]> {
  const inputs = cards.flatMap((card) =>
    card.parts.flatMap((p) =>
      p.module === 'chip' ? p.applications.map((app) => applicationMacInput(card, app)) : [],
    ),
  );
  const { macs } = await macOutputData(backend, { macKeyRef, items: inputs.map(toHex) });
  let next = 0;
  return cards.map((card) => ({
    ...card,
    parts: card.parts.map((p) =>
      p.module === 'chip'
        ? { ...p, applications: p.applications.map((app) => ({ ...app, mac: macs[next++]! })) }
        : p,
    ),
  }));
}

describe.each(backends)('%s backend', (_name, backend) => {
  describe('createOutputMacKey', () => {
    it('creates an M1 TDES key in the HSM and returns it once, under the KEK, with matching KCVs', async () => {
      const { kek, result } = await newMacKey(backend);
      expect(result.kek).toEqual({ keyRef: kek.keyRef, kcv: '08D7B4' });
      const clear = recover(result.underKek.cryptogram);
      expect(clear).toHaveLength(16);
      expect(hasOddParity(clear)).toBe(true);
      expect(result.kcv).toBe(toHex(tdesKcv(clear)));
      expect(result.underKek.kcv).toBe(result.kcv);
      expect(await backend.findKey(result.keyRef)).toEqual({
        keyRef: result.keyRef,
        algorithm: 'TDES2',
        usage: 'M1',
        label: 'JOB-TEST output MAC',
      });
      // The result carries no clear key, in any spelling a careless writer might use.
      const text = JSON.stringify(result);
      for (const spelling of [toHex(clear), toHex(clear).toLowerCase(), clear.toString('base64')]) {
        expect(text).not.toContain(spelling);
      }
      // The bridge's audit line names the keys by reference only.
      expect(keyRefsOf({ label: 'x', kekRef: kek.keyRef })).toEqual([kek.keyRef]);
    });

    it('creates a different key each time', async () => {
      const [a, b] = [await newMacKey(backend), await newMacKey(backend)];
      expect(a.result.keyRef).not.toBe(b.result.keyRef);
      expect(a.result.underKek.cryptogram).not.toBe(b.result.underKek.cryptogram);
    });
  });

  describe('macOutputData', () => {
    it('computes, for each item, the MAC server/bureau-file computes with the key recovered under the KEK', async () => {
      const { result } = await newMacKey(backend);
      const clear = recover(result.underKek.cryptogram);
      const cards = [1, 2, 3].map((sequence) => variedCard(sequence));
      const items = [
        ...cards.flatMap((card) =>
          card.parts.flatMap((p) =>
            p.module === 'chip' ? p.applications.map((app) => applicationMacInput(card, app)) : [],
          ),
        ),
        Buffer.from('{}'),
        Buffer.alloc(8, 0xa5),
        Buffer.alloc(64 * 1024, 0x5a),
      ];
      const { macs } = await macOutputData(backend, { macKeyRef: result.keyRef, items: items.map(toHex) });
      expect(macs).toEqual(items.map((item) => toHex(bureauMac(clear, item))));
    });

    it('gives the MAC of docs/formats.md under the example MAC key', async () => {
      const macKey = await importTestKey(backend, 'M1', exampleMacKey);
      const card = exampleCard();
      const chip = card.parts[2]!;
      if (chip.module !== 'chip') throw new Error('part 3 is the chip');
      const input = toHex(applicationMacInput(card, chip.applications[0]!));
      expect(await macOutputData(backend, { macKeyRef: macKey.keyRef, items: [input] })).toEqual({
        macs: ['60087489A98DC10E'],
      });
    });

    it('signs a whole delivery that the bureau verifies with nothing but the KEK', async () => {
      const { kek, result } = await newMacKey(backend);
      const header: BureauFileHeader = {
        job: 'JOB-20261121-4E1627',
        profile: { name: 'Demo credit', version: 3 },
        createdAt: '2026-11-21T19:44:25.000Z',
        kek: { id: kek.keyRef, kcv: result.kek.kcv },
        macKey: result.underKek,
      };
      // The applications name the job's KEK; their MACs (which cover it) come from the HSM.
      const unsigned = [1, 2, 3, 4].map((sequence) => {
        const card = variedCard(sequence);
        return {
          ...card,
          parts: card.parts.map((p) =>
            p.module === 'chip'
              ? { ...p, applications: p.applications.map((app) => ({ ...app, kek: header.kek })) }
              : p,
          ),
        };
      });
      const signed = await signedByHsm(backend, result.keyRef, unsigned);
      const cps = await collectBytes(writeCpsFile(header, streamOf(signed)));
      const manifest = await buildManifest(
        {
          header,
          counts: { cards: 4, applications: 8 },
          files: [
            {
              name: 'JOB.cps',
              kind: 'cps',
              bytes: cps.length,
              sha256: createHash('sha256').update(cps).digest('hex'),
            },
          ],
        },
        async (input) =>
          (await macOutputData(backend, { macKeyRef: result.keyRef, items: [toHex(input)] })).macs[0]!,
      );
      expect(manifest.mac).toBe(
        toHex(bureauMac(recover(result.underKek.cryptogram), manifestMacInput(manifest))),
      );
      expect(
        await verifyBureauFile(manifest, { name: 'JOB.cps', chunks: inChunks(cps, 100) }, kekValue),
      ).toEqual({
        ok: true,
        problems: [],
        cards: 4,
        applications: 8,
      });
      let read = 0;
      for await (const event of parseCpsFile(inChunks(cps, 100))) if (event.kind === 'card') read++;
      expect(read).toBe(4);
    });

    it('refuses a triple-length M1 key: the bureau output MAC key is double-length', async () => {
      const tdes3 = await importTestKey(backend, 'M1', fromHex('0123456789ABCDEF'.repeat(3)), 'TDES3');
      await expect(macOutputData(backend, { macKeyRef: tdes3.keyRef, items: ['00'] })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'the bureau output MAC key must be a double-length TDES key',
      });
    });
  });
});

describe('macOutputData parameters', () => {
  const macKeyRef = 'test-M1-0000000001';
  const message = (params: unknown) => macParams.safeParse(params).error?.issues[0]?.message;

  it('bounds the number and size of items', () => {
    expect(message({ macKeyRef, items: ['00'] })).toBeUndefined();
    expect(message({ macKeyRef, items: [] })).toBe('Too small: expected array to have >=1 items');
    expect(message({ macKeyRef, items: Array(maxCardsPerCall + 1).fill('00') })).toBe(
      'Too big: expected array to have <=1000 items',
    );
    expect(message({ macKeyRef, items: [''] })).toBe('must not be empty');
    expect(message({ macKeyRef, items: ['00'.repeat(64 * 1024 + 1)] })).toBe('must be at most 65536 bytes');
    expect(message({ macKeyRef, items: Array(17).fill('00'.repeat(64 * 1024)) })).toBe(
      'must be at most 1048576 bytes in all',
    );
    expect(message({ macKeyRef, items: ['0a'] })).toBe('must be upper-case hexadecimal');
  });
});

describe('the PKCS#11 token', () => {
  it('holds the output MAC key sensitive and not extractable, able to encrypt (CBC-MAC) only', async () => {
    const pkcs11 = backends[1]![1] as Pkcs11Backend;
    const { result } = await newMacKey(pkcs11);
    expect(pkcs11.keyAttributes(result.keyRef)).toEqual({
      sensitive: true,
      extractable: false,
      encrypt: true,
      decrypt: false,
      sign: false,
      wrap: false,
      unwrap: false,
    });
    await expect(pkcs11.exportableKeyValue(result.keyRef)).rejects.toThrow();
  });
});
