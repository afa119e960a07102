/**
 * The virtual card's status words, in the personalization phase (GP Card Spec 2.3, EMV CPS v1.1) and
 * in the payment phase (EMV 4.4 Book 3 6.5), each with the diagnosis the card keeps.
 */
import { describe, expect, it } from 'vitest';
import { concat, fromHex, toHex } from '../bytes';
import { openScp02HostSession, scp02WrapCommand, type Scp02Session } from '../crypto/scp02';
import { encodeDgi } from '../profile/dgis';
import { demo } from '../profile/testing';
import { personalizeCard } from '../terminal/personalize';
import {
  cardStaticKeys,
  newTestCard,
  personalizationOptions,
  prepareTestCard,
  seededRandom,
} from '../terminal/testing';
import type { VirtualCard } from './virtual-card';

const hex = (value: Buffer) => toHex(value);

function selectApdu(aid: string): Buffer {
  const name = fromHex(aid);
  return concat(Buffer.from([0x00, 0xa4, 0x04, 0x00, name.length]), name, Buffer.from([0]));
}

/** A personalization host on SCP02 with C-MAC and C-DEC, for commands the driver would never send. */
function openChannel(card: VirtualCard, aid: string) {
  card.transmit(selectApdu(aid));
  const hostChallenge = seededRandom('test-host')(8);
  const iu = card.transmit(concat(fromHex('8050000008'), hostChallenge, fromHex('00')));
  const opened = openScp02HostSession({
    staticKeys: cardStaticKeys('SCP02'),
    hostChallenge,
    initializeUpdateResponse: iu.subarray(0, iu.length - 2),
    securityLevel: 0x03,
    icvEncryption: true,
  });
  expect(hex(card.transmit(opened.externalAuthenticate))).toBe('9000');
  let session: Scp02Session = opened.session;
  return {
    send(plain: Buffer): Buffer {
      const wrapped = scp02WrapCommand(session, plain);
      session = wrapped.session;
      return card.transmit(wrapped.apdu);
    },
    wrapOnly(plain: Buffer): Buffer {
      return scp02WrapCommand(session, plain).apdu;
    },
  };
}

function storeData(p1: number, p2: number, dgi: string, data: Buffer): Buffer {
  const bytes = encodeDgi(dgi, data);
  return concat(Buffer.from([0x80, 0xe2, p1, p2, bytes.length]), bytes);
}

describe('personalization phase', () => {
  const prepared = prepareTestCard(demo('debit'));
  const aid = prepared.app.identity.aid;

  it('refuses STORE DATA outside a secure channel (6982) and payment commands before personalization (6985)', () => {
    const card = newTestCard(prepared, 'SCP02');
    card.powerOn();
    expect(hex(card.transmit(selectApdu(aid)))).toBe(`6F0984${'07'}${aid}9000`);
    expect(hex(card.transmit(storeData(0x00, 0x00, '0101', fromHex('7000'))))).toBe('6982');
    expect(card.explain()).toBe('STORE DATA needs a secure channel with C-MAC (CPS 4.3)');
    expect(hex(card.transmit(fromHex('80A8000002830000')))).toBe('6985');
    expect(card.explain()).toBe(`application ${aid} is not personalized`);
  });

  it('refuses a key version it does not have (6A88)', () => {
    const card = newTestCard(prepared, 'SCP02');
    card.powerOn();
    card.transmit(selectApdu(aid));
    expect(hex(card.transmit(fromHex('80504500081122334455667788')))).toBe('6A88');
    expect(card.explain()).toBe('the card has no key set with version 69');
  });

  it('checks the STORE DATA sequence (6A86), secret DGIs sent in clear (6A80) and C-MACs (6982)', () => {
    const card = newTestCard(prepared, 'SCP02');
    card.powerOn();
    const host = openChannel(card, aid);
    expect(hex(host.send(storeData(0x00, 0x01, '0101', fromHex('7000'))))).toBe('6A86');
    expect(card.explain()).toBe('STORE DATA sequence number 01, expected 00');
    expect(hex(host.send(storeData(0x00, 0x00, '8000', Buffer.alloc(16))))).toBe('6A80');
    expect(card.explain()).toBe('DGI 8000 holds secret data and must be sent encrypted (P1 b7-b6 = 11)');
    const tampered = host.wrapOnly(storeData(0x00, 0x00, '0101', fromHex('7000')));
    tampered[tampered.length - 1]! ^= 0x01;
    expect(hex(card.transmit(tampered))).toBe('6982');
    expect(card.explain()).toBe('secure channel: C-MAC does not verify');
    expect(hex(host.send(storeData(0x00, 0x00, '0101', fromHex('7000'))))).toBe('6982');
    expect(card.explain()).toBe('no secure channel is open');
  });

  it('ends personalization with the last STORE DATA only when the application is complete (6985)', () => {
    const card = newTestCard(prepared, 'SCP02');
    card.powerOn();
    const host = openChannel(card, aid);
    expect(hex(host.send(storeData(0x80, 0x00, '9102', fromHex('A500'))))).toBe('6985');
    expect(card.explain()).toBe('personalization incomplete: no DGI 9104');
    expect(card.lifeCycleOf(aid)).toBe('selectable');
  });

  it('refuses a second personalization once personalized (6985)', async () => {
    const card = newTestCard(prepared, 'SCP02');
    expect(
      (await personalizeCard(card, prepared.applications, personalizationOptions(prepared, 'SCP02'))).ok,
    ).toBe(true);
    const again = await personalizeCard(
      card,
      prepared.applications.slice(-1),
      personalizationOptions(prepared, 'SCP02'),
    );
    expect(again.failure?.reason).toBe(
      `STORE DATA 00 (DGI 0101) answered 6985 (conditions of use not satisfied): the card says "application ${aid} is already personalized"`,
    );
  });
});

describe('personalization with SCP02 R-MAC (GP Card Spec 2.3 E.5.2.3 levels 11 and 13)', () => {
  const prepared = prepareTestCard(demo('debit'));
  const aid = prepared.app.identity.aid;
  const rMacLevel = personalizationOptions(prepared, 'SCP02', { securityLevel: 0x13 });

  it('personalizes a card whose i-parameter has R-MAC (35), every STORE DATA response R-MACed', async () => {
    const card = newTestCard(prepared, 'SCP02', 'card', 0x35);
    const lengths: number[] = [];
    const link = {
      transmit: (apdu: Buffer) => {
        const response = card.transmit(apdu);
        if (apdu[1] === 0xe2) lengths.push(response.length);
        return response;
      },
      explain: () => card.explain(),
      powerOn: () => card.powerOn(),
    };
    const result = await personalizeCard(link, prepared.applications, rMacLevel);
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(card.lifeCycleOf(aid)).toBe('personalized');
    // STORE DATA answers no data: 8 bytes of R-MAC and the status word.
    expect(lengths.length).toBeGreaterThan(0);
    expect(new Set(lengths)).toEqual(new Set([10]));
  });

  it('refuses a response altered on the way, naming the R-MAC', async () => {
    const card = newTestCard(prepared, 'SCP02', 'card', 0x35);
    let count = 0;
    const link = {
      transmit: (apdu: Buffer) => {
        const response = card.transmit(apdu);
        if (apdu[1] === 0xe2 && ++count === 2) response[0]! ^= 0x01;
        return response;
      },
      explain: () => card.explain(),
      powerOn: () => card.powerOn(),
    };
    const result = await personalizeCard(link, prepared.applications, rMacLevel);
    expect(result.ok).toBe(false);
    expect(result.failure?.reason).toBe('STORE DATA response: R-MAC does not verify');
  });

  it('refuses R-MAC at EXTERNAL AUTHENTICATE (6A86) on a card whose i-parameter (15) lacks it', async () => {
    const card = newTestCard(prepared, 'SCP02');
    const result = await personalizeCard(card, prepared.applications, rMacLevel);
    expect(result.failure?.reason).toBe(
      'EXTERNAL AUTHENTICATE answered 6A86 (incorrect parameters P1-P2): the card says "this card does not support R-MAC with SCP02 (its i-parameter has no b6)"',
    );
  });
});

describe('payment phase', () => {
  async function personalized(which: 'debit' | 'cpa') {
    const prepared = prepareTestCard(demo(which));
    const card = newTestCard(prepared, 'SCP03');
    expect(
      (await personalizeCard(card, prepared.applications, personalizationOptions(prepared, 'SCP03'))).ok,
    ).toBe(true);
    card.powerOn('contact');
    return { card, aid: prepared.app.identity.aid };
  }

  it('answers GPO, READ RECORD and GET DATA from its DGIs and counters', async () => {
    const { card, aid } = await personalized('cpa');
    expect(hex(card.transmit(selectApdu(aid))).endsWith('9000')).toBe(true);
    expect(hex(card.transmit(fromHex('80AE8000020000')))).toBe('6985');
    expect(card.explain()).toBe('GENERATE AC before GET PROCESSING OPTIONS');
    expect(hex(card.transmit(fromHex('80A80000038301FF00')))).toBe('6700');
    expect(card.explain()).toBe('PDOL data is 1 bytes, the PDOL asks for 0');
    expect(hex(card.transmit(fromHex('80A8000002830000')))).toBe(
      '771682023D009410080101001001020218010200200101009000',
    );
    expect(hex(card.transmit(fromHex('80CA9F3600')))).toBe('9F360200019000');
    expect(hex(card.transmit(fromHex('80CA9F1700')))).toBe('9F1701039000');
    expect(hex(card.transmit(fromHex('80CA9F4F00')))).toBe(
      '9F4F169A039F21039F02069F03069F1A025F2A029F36029C019000',
    );
    expect(hex(card.transmit(fromHex('80CA9F9900')))).toBe('6A88');
    expect(hex(card.transmit(fromHex('00B2031400')))).toBe('6A83');
    expect(card.explain()).toBe('no record 3 in SFI 2');
    expect(hex(card.transmit(fromHex('0082000004AABBCCDD')))).toBe('6985');
  });

  it('counts wrong PINs down to a blocked PIN (63Cx, 6983) and resets on the right one', async () => {
    const { card, aid } = await personalized('debit');
    card.transmit(selectApdu(aid));
    const verify = (pin: string) =>
      concat(fromHex('0020008008'), Buffer.from(`2${pin.length}${pin}`.padEnd(16, 'F'), 'hex'));
    expect(hex(card.transmit(verify('9999')))).toBe('63C2');
    expect(hex(card.transmit(verify('1234')))).toBe('9000');
    expect(hex(card.transmit(fromHex('80CA9F1700')))).toBe('9F1701039000');
    expect(['63C2', '63C1', '63C0'].map(() => hex(card.transmit(verify('0000'))))).toEqual([
      '63C2',
      '63C1',
      '63C0',
    ]);
    expect(hex(card.transmit(verify('1234')))).toBe('6983');
    expect(card.explain()).toBe('the PIN is blocked: PIN Try Counter is 0');
  });

  it('shows the PSE on the contact interface only and the PPSE on the contactless one only', async () => {
    const { card } = await personalized('cpa');
    const pse = toHex(Buffer.from('1PAY.SYS.DDF01'));
    const ppse = toHex(Buffer.from('2PAY.SYS.DDF01'));
    expect(hex(card.transmit(selectApdu(ppse)))).toBe('6A82');
    expect(hex(card.transmit(selectApdu(pse))).endsWith('9000')).toBe(true);
    card.powerOn('contactless');
    expect(hex(card.transmit(selectApdu(pse)))).toBe('6A82');
    expect(hex(card.transmit(selectApdu(ppse))).endsWith('9000')).toBe(true);
  });
});
