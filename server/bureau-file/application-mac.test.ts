import { describe, expect, it } from 'vitest';
import { fromHex } from '../emv/bytes';
import { adjustOddParity } from '../emv/crypto/des';
import { applicationMacInput, verifyApplicationMacs } from './application-mac';
import { BureauFileError } from './bureau-file-error';
import { parseCpsFile } from './cps-parser';
import { writeCpsFile } from './cps-writer';
import { recoverMacKey } from './mac-key';
import {
  streamOf,
  collectBytes,
  collectEvents,
  exampleCard,
  exampleHeader,
  exampleKek,
  exampleMacKey,
  variedCard,
  withMac,
} from './testing';
import type { BureauCard, ChipApplication } from './types';

const chipOf = (card: BureauCard): ChipApplication[] => {
  const chip = card.parts.find((p) => p.module === 'chip');
  if (chip?.module !== 'chip') throw new Error('no chip part');
  return chip.applications;
};
const withApplications = (card: BureauCard, applications: ChipApplication[]): BureauCard => ({
  ...card,
  parts: card.parts.map((p) => (p.module === 'chip' ? { module: 'chip', applications } : p)),
});
const ok = { ok: true, problems: [] };

describe('application MAC input', () => {
  it('is DPAM, sequence, row and the application as the CPS file encodes it, without length and MAC', async () => {
    const card = exampleCard();
    const [app] = chipOf(card);
    const input = applicationMacInput(card, app!);
    expect(input.subarray(0, 12).toString('hex').toUpperCase()).toBe('4450414D0000000100000002');
    const file = await collectBytes(writeCpsFile(exampleHeader, streamOf([card])));
    // docs/formats.md example: the application's length is at 00DD, its body at 00E1, its MAC at 0132.
    expect(input.subarray(12).equals(file.subarray(0xe1, 0x132))).toBe(true);
    expect(file.subarray(0x132, 0x13a).toString('hex').toUpperCase()).toBe(app!.mac);
  });

  it('changes with the sequence, the row and the MAC itself does not enter it', () => {
    const card = exampleCard();
    const [app] = chipOf(card);
    const base = applicationMacInput(card, app!);
    expect(applicationMacInput({ ...card, sequence: 2 }, app!).equals(base)).toBe(false);
    expect(applicationMacInput({ ...card, row: 3 }, app!).equals(base)).toBe(false);
    expect(applicationMacInput(card, { ...app!, mac: 'FFFFFFFFFFFFFFFF' }).equals(base)).toBe(true);
  });
});

describe('verifyApplicationMacs', () => {
  it('accepts every application of every card under the job MAC key recovered with the KEK', () => {
    const macKey = recoverMacKey(exampleHeader, exampleKek);
    for (let sequence = 1; sequence <= 6; sequence++) {
      expect(verifyApplicationMacs(variedCard(sequence), macKey)).toEqual(ok);
    }
    expect(
      verifyApplicationMacs({ sequence: 1, row: 2, parts: [{ module: 'track2', data: '1' }] }, macKey),
    ).toEqual(ok);
  });

  it('detects one changed byte anywhere in an application of the CPS file: either the read or the MAC fails', async () => {
    const card = variedCard(2); // the second card of the file, three applications
    const file = await collectBytes(writeCpsFile(exampleHeader, streamOf([variedCard(1), card])));
    const [first] = chipOf(card);
    const body = applicationMacInput(card, first!).subarray(12);
    const start = file.indexOf(body);
    expect(start).toBeGreaterThan(0);
    const outcomes = { refusedByReader: 0, refusedByMac: 0 };
    // Every byte of the first application (AID, name, KEK, every DGI's number, flags, length, data) and its MAC.
    for (let at = start; at < start + body.length + 8; at++) {
      const changed = Buffer.from(file);
      changed[at]! ^= 0x01;
      let parsed: BureauCard;
      try {
        const events = await collectEvents(parseCpsFile(streamOf([changed])));
        parsed = (events[2] as { card: BureauCard }).card;
      } catch (error) {
        expect(error).toBeInstanceOf(BureauFileError);
        outcomes.refusedByReader++;
        continue;
      }
      const verdict = verifyApplicationMacs(parsed, exampleMacKey);
      expect(verdict.ok, `byte ${at} changed and the MAC still matched`).toBe(false);
      outcomes.refusedByMac++;
    }
    expect(outcomes.refusedByMac).toBeGreaterThan(300);
    expect(outcomes.refusedByMac + outcomes.refusedByReader).toBe(body.length + 8);
  });

  it('names the card and the application whose MAC fails', () => {
    const card = exampleCard();
    const [app] = chipOf(card);
    const dgis = app!.dgis.map((d, i) => (i === 1 ? { ...d, data: `${d.data.slice(0, -2)}00` } : d));
    expect(verifyApplicationMacs(withApplications(card, [{ ...app!, dgis }]), exampleMacKey)).toEqual({
      ok: false,
      problems: [
        "card 1 (row 2), chip application 1 (A0000000031010): the MAC does not match the application's data; do not personalize this card",
      ],
    });
  });

  it("detects two cards' applications swapped, DGIs reordered, a flag cleared and a row changed", () => {
    const [one, two] = [variedCard(1), variedCard(4)];
    expect(chipOf(one)).toHaveLength(2);
    expect(chipOf(two)).toHaveLength(2);
    const swappedOne = withApplications(one, chipOf(two));
    const swappedTwo = withApplications(two, chipOf(one));
    expect(verifyApplicationMacs(swappedOne, exampleMacKey).problems).toHaveLength(2);
    expect(verifyApplicationMacs(swappedTwo, exampleMacKey).problems).toHaveLength(2);

    const [app, other] = chipOf(one);
    const reordered = { ...app!, dgis: [app!.dgis[1]!, app!.dgis[0]!, ...app!.dgis.slice(2)] };
    expect(verifyApplicationMacs(withApplications(one, [reordered, other!]), exampleMacKey).ok).toBe(false);
    const cleared = { ...app!, dgis: app!.dgis.map((d) => ({ ...d, encrypted: false })) };
    expect(verifyApplicationMacs(withApplications(one, [cleared, other!]), exampleMacKey).ok).toBe(false);
    expect(verifyApplicationMacs({ ...one, row: one.row + 1 }, exampleMacKey).problems).toHaveLength(2);
    // Applications swapped within a card keep their MACs: each MAC binds its application, and the order of
    // applications is not a personalization order.
    expect(verifyApplicationMacs(withApplications(one, [other!, app!]), exampleMacKey).ok).toBe(true);
  });

  it("refuses another job's MAC key", () => {
    const otherJobKey = adjustOddParity(fromHex('0123456789ABCDEF0123456789ABCDEF').reverse());
    const card = variedCard(1);
    const resigned = withApplications(
      card,
      chipOf(card).map(({ mac: _mac, ...app }) => withMac(card, app, otherJobKey)),
    );
    expect(verifyApplicationMacs(resigned, otherJobKey)).toEqual(ok);
    expect(verifyApplicationMacs(resigned, exampleMacKey).ok).toBe(false);
  });
});

describe('recoverMacKey', () => {
  it('says when the KEK is not the file’s, and when the cryptogram was altered', () => {
    expect(() =>
      recoverMacKey(exampleHeader, adjustOddParity(fromHex('FEDCBA98765432100123456789ABCDEF'))),
    ).toThrow(
      /^the KEK given has KCV [0-9A-F]{6}, but the file was prepared under KEK kek-demo-01 with KCV 08D7B4: use that KEK$/,
    );
    const cryptogram = `${exampleHeader.macKey.cryptogram.slice(0, -1)}0`;
    expect(() =>
      recoverMacKey({ ...exampleHeader, macKey: { ...exampleHeader.macKey, cryptogram } }, exampleKek),
    ).toThrow(
      /^the MAC key decrypted under the KEK has KCV [0-9A-F]{6}, but the file says BAB030: the cryptogram was altered$/,
    );
  });
});
