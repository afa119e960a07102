/**
 * validateOnVirtualCard on both backends: cards prepared from the demo profiles with the clear test
 * keys of terminal/testing.ts (their KEK and IMK imported into the HSM) are personalized and run
 * through a transaction inside the bridge; every deliberately broken output is caught at its step
 * with its reason, and no clear key, PIN or PAN is in what the bridge returns.
 */
import pkcs11 from 'pkcs11js';
import { afterAll, describe, expect, it } from 'vitest';
import { toHex } from '../../server/emv/bytes';
import { tdesEcbEncrypt } from '../../server/emv/crypto/des';
import { deriveIccMasterKeyOptionA } from '../../server/emv/crypto/icc-master-key';
import type { CommandResult } from '../../server/emv/hsm-commands';
import { directoryAids, isEncryptableDgi } from '../../server/emv/hsm-commands/validation';
import { demo } from '../../server/emv/profile/testing';
import {
  PREPARATION_DATE,
  TEST_KEYS,
  prepareTestCard,
  sdaCreditProfile,
  testRsaKey,
  withModulusExponentIccKey,
  withoutSdaTagList,
  type PreparedCard,
} from '../../server/emv/terminal/testing';
import { decodeTlv } from '../../server/emv/tlv/ber-tlv';
import { isSecretDgi } from '../../server/emv/virtual-card/application-data';
import { PPSE_AID, PSE_AID } from '../../server/emv/virtual-card/virtual-card';
import type { HsmBackend, KeyAttributes } from '../src/backends/backend';
import { secretKeyTemplate } from '../src/backends/pkcs11/key-templates';
import { BridgeError } from '../src/bridge-error';
import { runCommand } from '../src/ops';
import { importTestKey, openTestBackends } from './test-backends';

type Result = CommandResult<'validateOnVirtualCard'>;
type CardResult = Result['cards'][number];
type Interface = 'contact' | 'contactless';

const backends = openTestBackends();
afterAll(async () => {
  for (const [, backend] of backends) await backend.close();
});

async function testKeys(backend: HsmBackend) {
  const kek = await importTestKey(backend, 'K0', Buffer.from(TEST_KEYS.kek));
  const imk = await importTestKey(backend, 'E0', Buffer.from(TEST_KEYS.imkAc));
  return { kek, imk };
}

/** The op's card from a prepared card, exactly as the bureau file carries it (testing.ts). */
function cardOf(prepared: PreparedCard, interfaces: Interface[] = ['contact'], reference = 'card 1') {
  return {
    reference,
    pan: prepared.pan,
    applications: prepared.applications.map((application) => ({
      aid: application.aid,
      name: application.name,
      dgis: application.dgis.map((dgi) => ({
        dgi: dgi.dgi,
        data: toHex(dgi.data),
        encrypted: dgi.encrypted,
      })),
    })),
    payment: prepared.installs.flatMap((install) =>
      install.kind === 'payment'
        ? [
            {
              aid: install.aid,
              family: install.family,
              cvn: install.cvn,
              expectations: prepared.expectations,
            },
          ]
        : [],
    ),
    interfaces,
  };
}

function paramsOf(
  keys: { kek: KeyAttributes; imk: KeyAttributes },
  prepared: PreparedCard,
  cards: Array<Omit<ReturnType<typeof cardOf>, 'pan'> & { pan?: string }>,
  protocol: 'SCP02' | 'SCP03' = 'SCP02',
  caKeys = prepared.caKeys,
) {
  return {
    kekRef: keys.kek.keyRef,
    issuerMasterKey: { keyRef: keys.imk.keyRef, method: 'A' },
    protocol,
    environment: 'test',
    caKeys,
    transaction: {
      amount: 1234,
      currency: prepared.profile.card.constants.currency,
      country: prepared.profile.card.constants.country,
      date: PREPARATION_DATE.slice(2).replace(/-/g, ''),
    },
    cards,
  };
}

async function validate(
  backend: HsmBackend,
  prepared: PreparedCard,
  interfaces: Interface[] = ['contact'],
  protocol: 'SCP02' | 'SCP03' = 'SCP02',
): Promise<CardResult> {
  const keys = await testKeys(backend);
  const result = (await runCommand(
    backend,
    'validateOnVirtualCard',
    paramsOf(keys, prepared, [cardOf(prepared, interfaces)], protocol),
  )) as Result;
  return result.cards[0]!;
}

function step(card: CardResult, id: string, transaction = 0) {
  return card.transactions[transaction]!.steps.find((s) => s.name === id)!;
}

function paymentDgis(prepared: PreparedCard) {
  return prepared.applications[prepared.applications.length - 1]!.dgis as Array<{
    dgi: string;
    data: Buffer;
    encrypted: boolean;
  }>;
}

/** The card's offline PIN block (DGI 8010) for another PIN: ISO 9564-1 format 2 under the KEK. */
function withPin(prepared: PreparedCard, pin: string): PreparedCard {
  const block = Buffer.from(`2${pin.length.toString(16)}${pin}`.padEnd(16, 'F'), 'hex');
  paymentDgis(prepared).find((d) => d.dgi === '8010')!.data = tdesEcbEncrypt(TEST_KEYS.kek, block);
  return prepared;
}

describe.each(backends)('validateOnVirtualCard on the %s backend', (_name, backend) => {
  describe.each(['SCP02', 'SCP03'] as const)(
    'personalized over %s, every demo profile passes',
    (protocol) => {
      it('credit DDA, credit SDA, debit CDA on contact (ICC key as CRT and as modulus-exponent); CPA on contact and contactless, in one call', async () => {
        const cases = [
          { prepared: prepareTestCard(demo('credit')), interfaces: ['contact'], oda: ['DDA'] },
          { prepared: prepareTestCard(sdaCreditProfile()), interfaces: ['contact'], oda: ['SDA'] },
          { prepared: prepareTestCard(demo('debit')), interfaces: ['contact'], oda: ['CDA'] },
          {
            prepared: prepareTestCard(withModulusExponentIccKey(demo('credit'))),
            interfaces: ['contact'],
            oda: ['DDA'],
          },
          {
            prepared: prepareTestCard(withModulusExponentIccKey(demo('debit'))),
            interfaces: ['contact'],
            oda: ['CDA'],
          },
          {
            prepared: prepareTestCard(withoutSdaTagList(demo('cpa'))),
            interfaces: ['contact', 'contactless'],
            oda: ['CDA', 'CDA'],
          },
        ] as const;
        const keys = await testKeys(backend);
        const result = (await runCommand(
          backend,
          'validateOnVirtualCard',
          paramsOf(
            keys,
            cases[0].prepared,
            cases.map((c, i) => cardOf(c.prepared, [...c.interfaces], `card ${i + 1}`)),
            protocol,
            // The terminal trusts the CA keys of every scheme in the call.
            [
              ...new Map(
                cases.flatMap((c) => c.prepared.caKeys).map((ca) => [ca.rid + ca.index, ca]),
              ).values(),
            ],
          ),
        )) as Result;
        expect(result.cards.map((card) => card.reference)).toEqual(cases.map((_c, i) => `card ${i + 1}`));
        for (const [index, card] of result.cards.entries()) {
          const { prepared, interfaces, oda } = cases[index]!;
          expect(card.personalization).toEqual({ ok: true });
          expect(card.transactions.map((t) => [t.interface, t.aid, t.ok, t.outcome, t.failure])).toEqual(
            interfaces.map((i) => [i, prepared.app.identity.aid, true, 'approved', undefined]),
          );
          expect(card.transactions.flatMap((t) => t.steps.filter((s) => !s.ok))).toEqual([]);
          expect(
            card.transactions.map(
              (t) => t.steps.find((s) => s.name === 'offline-data-authentication')!.detail,
            ),
          ).toEqual(oda.map((method) => expect.stringMatching(new RegExp(`^${method}:`))));
          expect(card.ok).toBe(true);
        }
      });
    },
  );

  it('reports each step by name, title, status and reason, and the online steps through the HSM', async () => {
    const card = await validate(backend, prepareTestCard(demo('debit')));
    expect(card.transactions[0]!.steps.map((s) => s.name)).toEqual([
      'application-selection',
      'initiate-application-processing',
      'read-application-data',
      'offline-data-authentication',
      'processing-restrictions',
      'cardholder-verification',
      'terminal-risk-management',
      'terminal-action-analysis',
      'first-generate-ac',
      'online-authorisation',
      'issuer-authentication',
      'second-generate-ac',
    ]);
    expect(step(card, 'online-authorisation')).toEqual({
      name: 'online-authorisation',
      title: 'Online authorisation at the issuer host',
      status: 'passed',
      ok: true,
      detail:
        'ARQC verifies with the issuer master key (CVN 10, Mastercard session key derivation); approved with ARPC method 1',
    });
    expect(step(card, 'issuer-authentication').status).toBe('passed');
    expect(step(card, 'second-generate-ac').detail).toMatch(
      /^TC [0-9A-F]{16}.*; the TC verifies at the issuer host$/,
    );
  });

  it("verifies the cardholder's own PIN, read from the PIN block under the KEK inside the bridge", async () => {
    const card = await validate(backend, withPin(prepareTestCard(demo('debit')), '73915428'));
    expect(step(card, 'cardholder-verification')).toMatchObject({
      status: 'passed',
      detail: expect.stringContaining('offline plaintext PIN verified'),
    });
    const verify = card.transcript.find((entry) => entry.command.name === 'VERIFY')!;
    expect(verify.command.hex).toBe('0020008008<redacted: PIN block>');
    expect(verify.response.sw).toBe('9000');
  });

  describe('broken outputs are caught at the right step with the right reason', () => {
    it('a wrong issuer certificate (signed by another CA key): offline data authentication', async () => {
      const card = await validate(
        backend,
        prepareTestCard(demo('credit'), { issuerCertificateFromOtherCa: true }),
      );
      // The other CA key is random: its signature either recovers to garbage under the real CA key or is
      // not even smaller than the real modulus (Book 2 5.3 step 1). Both name the certificate.
      expect(step(card, 'offline-data-authentication')).toMatchObject({
        status: 'failed',
        detail: expect.stringMatching(
          /^DDA failed: issuer certificate \(90\) does not recover with CA key RID F000000001 index 92 \((issuer certificate: recovered (trailer|header) is 0x[0-9A-F]{2}, expected 0x(BC|6A)|issuer certificate is not smaller than the CA public key modulus)\): a wrong issuer certificate, or one signed by another CA key$/,
        ),
      });
      expect(card.transactions[0]!.failure).toMatch(
        /^Offline data authentication: DDA failed: issuer certificate/,
      );
      expect(card.ok).toBe(false);
    });

    it('an ICC private key that does not match its certificate: DDA at INTERNAL AUTHENTICATE', async () => {
      const card = await validate(backend, prepareTestCard(demo('credit'), { iccKeyNotCertified: true }));
      expect(step(card, 'offline-data-authentication')).toMatchObject({
        status: 'failed',
        detail: expect.stringMatching(
          /^DDA failed: the INTERNAL AUTHENTICATE signature does not recover with the ICC public key of the certificate \(.+\): the card's ICC private key does not match its certificate$/,
        ),
      });
    });

    it('an ICC private key as modulus and exponent that does not match its certificate: DDA fails', async () => {
      const prepared = prepareTestCard(withModulusExponentIccKey(demo('credit')), {
        iccKeyNotCertified: true,
      });
      expect(paymentDgis(prepared).map((d) => d.dgi)).toEqual(expect.arrayContaining(['8101', '8103']));
      const card = await validate(backend, prepared);
      expect(step(card, 'offline-data-authentication')).toMatchObject({
        status: 'failed',
        detail: expect.stringMatching(
          /^DDA failed: .*the card's ICC private key does not match its certificate$/,
        ),
      });
    });

    it('an ICC private key that does not match its certificate: CDA at the first GENERATE AC', async () => {
      const card = await validate(backend, prepareTestCard(demo('debit'), { iccKeyNotCertified: true }));
      expect(step(card, 'offline-data-authentication').status).toBe('passed');
      expect(step(card, 'first-generate-ac')).toMatchObject({
        status: 'failed',
        detail: expect.stringMatching(
          /^ARQC \(ATC 0001\); CDA failed: the CDA signature does not recover with the ICC public key of the certificate \(.+\): the card's ICC private key does not match its certificate$/,
        ),
      });
      expect(card.transactions[0]!.outcome).toBe('declined');
    });

    it('an MK-AC derived from the wrong IMK: the ARQC fails at the issuer host (verifyArqc in the HSM)', async () => {
      const card = await validate(
        backend,
        prepareTestCard(demo('debit'), { mkAcFromImk: TEST_KEYS.otherImk }),
      );
      expect(step(card, 'first-generate-ac').status).toBe('passed');
      expect(step(card, 'online-authorisation')).toMatchObject({
        status: 'failed',
        detail:
          "ARQC does not verify at the issuer host: wrong MK-AC? The card's MK-AC is not the key that the issuer master key derives for this PAN and PSN (Option A), or the card computes CVN 10 differently",
      });
      expect(step(card, 'issuer-authentication')).toMatchObject({
        status: 'skipped',
        detail: 'the issuer sent no Issuer Authentication Data',
      });
      expect(card.transactions[0]!.outcome).toBe('declined');
    });

    it('a secret DGI under another KEK: personalization fails at the KCV check of DGI 9000', async () => {
      const prepared = prepareTestCard(demo('debit'), { underOtherKek: ['8000'] });
      const card = await validate(backend, prepared, ['contact'], 'SCP03');
      expect(card.personalization).toEqual({
        ok: false,
        failure: {
          application: 'Demo debit (M/Chip-style, CDA, offline PIN)',
          reason:
            'STORE DATA 09 (DGI 9000) answered 6A80 (incorrect parameters in the data field): the card says "key 1 of DGI 8000 (MK-AC) does not match its check value in DGI 9000: DGI 8000 was encrypted under another key, or 9000 belongs to other keys"',
        },
      });
      expect(card).toMatchObject({ ok: false, transactions: [] });
    });

    it('a PIN block under another KEK: personalization fails at DGI 8010', async () => {
      const card = await validate(backend, prepareTestCard(demo('cpa'), { underOtherKek: ['8010'] }));
      expect(card.personalization.failure?.reason).toBe(
        'STORE DATA 0D (DGI 8010) answered 6A80 (incorrect parameters in the data field): the card says "DGI 8010 does not hold an ISO 9564-1 format 2 PIN block (2, length, PIN, F fill): encrypted under another key?"',
      );
    });

    it('a wrong PIN try limit: cardholder verification', async () => {
      const prepared = prepareTestCard(demo('debit'));
      paymentDgis(prepared).find((d) => d.dgi === '9010')!.data = Buffer.from([5, 5]);
      const card = await validate(backend, prepared);
      expect(step(card, 'cardholder-verification')).toMatchObject({
        status: 'failed',
        detail:
          'offline plaintext PIN verified with the PIN entered at the terminal (PIN Try Counter was 5); PIN Try Counter (9F17) reads 5 before any PIN attempt, but the profile sets the PIN try limit to 3',
      });
    });

    for (const [name, profile, method, what] of [
      ['DDA', () => demo('credit'), 'DDA', 'ICC certificate hash'],
      ['SDA', sdaCreditProfile, 'SDA', 'Signed Static Application Data hash'],
    ] as const) {
      it(`a changed byte in a signed record (${name}): offline data authentication names the record and tag`, async () => {
        const prepared = prepareTestCard(profile());
        const record = paymentDgis(prepared).find((d) => d.dgi === '0201')!;
        const at = record.data.indexOf(Buffer.from('5F2802', 'hex')) + 4;
        record.data = Buffer.from(record.data);
        record.data[at]! ^= 0x01;
        const template = decodeTlv(record.data)[0]!;
        const byte = at - (template.raw.length - template.value.length) + 1;
        const card = await validate(backend, prepared);
        expect(step(card, 'offline-data-authentication')).toMatchObject({
          status: 'failed',
          detail: `${method} failed: ${what} does not match the static data: record SFI 2 rec 1 differs from the prepared record at byte ${byte} (in 5F28 Issuer Country Code)`,
        });
      });
    }
  });

  it('returns no clear key, PIN or PIN block, and PANs only masked', async () => {
    const pin = '73915428';
    const prepared = withPin(prepareTestCard(withoutSdaTagList(demo('cpa'))), pin);
    const card = await validate(backend, prepared, ['contact', 'contactless']);
    expect(card.ok).toBe(true);
    const json = JSON.stringify(card);
    const icc = testRsaKey('icc', prepared.app.keys.iccKey!.modulusBits, prepared.app.keys.iccKey!.exponent);
    const secrets = {
      ...Object.fromEntries(Object.entries(TEST_KEYS).map(([name, value]) => [name, toHex(value)])),
      'MK-AC': toHex(deriveIccMasterKeyOptionA(TEST_KEYS.imkAc, prepared.pan, prepared.psn)),
      'MK-SMI': toHex(deriveIccMasterKeyOptionA(TEST_KEYS.imkSmi, prepared.pan, prepared.psn)),
      'MK-SMC': toHex(deriveIccMasterKeyOptionA(TEST_KEYS.imkSmc, prepared.pan, prepared.psn)),
      'ICC p': toHex(icc.crt.p),
      'ICC q': toHex(icc.crt.q),
      'ICC d': toHex(icc.privateKey.privateExponent),
      PIN: pin,
      'PIN block': `28${pin}FFFFFF`,
    };
    for (const [name, value] of Object.entries(secrets))
      expect([name, json.includes(value)]).toEqual([name, false]);
    // Not secret, but the bureau's ciphertexts have no business in a report either.
    for (const dgi of paymentDgis(prepared).filter((d) => d.encrypted)) {
      expect([dgi.dgi, json.includes(toHex(dgi.data))]).toEqual([dgi.dgi, false]);
    }
    expect(json).not.toContain(prepared.pan);
    expect(json).toContain(`${prepared.pan.slice(0, 6)}******${prepared.pan.slice(-4)}`);
    const storeKeys = card.transcript.find((entry) => entry.command.note?.startsWith('DGI 8000'))!;
    expect(storeKeys.command.hex).toMatch(
      /^80E2[0-9A-F]{6}800030<redacted: 48 bytes encrypted under the DEK>$/,
    );
  });

  it('masks the PANs of the records even when the caller does not name the PAN', async () => {
    const prepared = prepareTestCard(demo('credit'));
    const keys = await testKeys(backend);
    const { pan: _omitted, ...card } = cardOf(prepared);
    const result = (await runCommand(
      backend,
      'validateOnVirtualCard',
      paramsOf(keys, prepared, [card]),
    )) as Result;
    expect(JSON.stringify(result)).not.toContain(prepared.pan);
    expect(result.cards[0]!.ok).toBe(true);
  });

  it('refuses to decrypt a DGI that is not secret: the card would answer it back in clear', async () => {
    const prepared = prepareTestCard(demo('credit'));
    const keys = await testKeys(backend);
    const card = cardOf(prepared);
    const record = card.applications.at(-1)!.dgis.find((d) => d.dgi === '0101')!;
    record.encrypted = true;
    const outcome = runCommand(backend, 'validateOnVirtualCard', paramsOf(keys, prepared, [card]));
    await expect(outcome).rejects.toBeInstanceOf(BridgeError);
    await expect(outcome).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(
        /^validateOnVirtualCard: cards\.0\.applications\.\d\.dgis\.\d+ only a secret DGI \(8000 to 8FFF\) can be encrypted under the KEK$/,
      ),
    });
  });
});

describe("the command set restates the card's rules (it stays light for the browser)", () => {
  it('the directories are the PSE and PPSE, and the DGIs it lets be encrypted are the secret ones', () => {
    expect(directoryAids).toEqual([PSE_AID, PPSE_AID].map(toHex));
    const all = Array.from({ length: 0x10000 }, (_, n) => n.toString(16).toUpperCase().padStart(4, '0'));
    expect(all.filter(isEncryptableDgi)).toEqual(all.filter(isSecretDgi));
  });
});

/**
 * A K0 key as the bridge created them on a token before K0 keys could decrypt for this operation:
 * CKA_DECRYPT false, and not modifiable, so it stays that way.
 */
function encryptOnlyKekOnToken(token: HsmBackend): KeyAttributes {
  const spec = {
    keyRef: `validation-old-kek-${Date.now()}`,
    usage: 'K0' as const,
    algorithm: 'TDES2' as const,
    label: 'K0 made encrypt-only',
  };
  const internals = token as unknown as { lib: pkcs11.PKCS11; session: Buffer };
  const template = secretKeyTemplate(spec)
    .filter((attribute) => attribute.type !== pkcs11.CKA_VALUE_LEN)
    .map((attribute) => (attribute.type === pkcs11.CKA_DECRYPT ? { ...attribute, value: false } : attribute));
  internals.lib.C_CreateObject(internals.session, [
    ...template,
    { type: pkcs11.CKA_VALUE, value: Buffer.from(TEST_KEYS.kek) },
  ]);
  return spec;
}

describe('on the PKCS#11 token, with a transport KEK made encrypt-only before this operation', () => {
  it('refuses, says why and what to do, and returns nothing', async () => {
    const [, token] = backends[1]!;
    const kek = encryptOnlyKekOnToken(token);
    const imk = await importTestKey(token, 'E0', Buffer.from(TEST_KEYS.imkAc));
    const prepared = prepareTestCard(demo('debit'));
    await expect(
      runCommand(token, 'validateOnVirtualCard', paramsOf({ kek, imk }, prepared, [cardOf(prepared)])),
    ).rejects.toMatchObject({
      code: 'KEY_USAGE_REFUSED',
      message: `transport KEK ${kek.keyRef} was created encrypt-only, before K0 keys could decrypt for validation on a virtual card, so the HSM refuses to decrypt the bureau data under it (CKR_KEY_FUNCTION_NOT_PERMITTED): import the same KEK again (key ceremony or TR-31 key block) and validate with the new key reference, or generate a new KEK and prepare the job again with it (see docs/keys.md)`,
    });
  });
});
