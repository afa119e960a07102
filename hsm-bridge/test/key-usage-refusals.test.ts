import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concat, fromHex, toHex } from '../../server/emv/bytes';
import { cardStaticKeyDerivationData } from '../../server/emv/crypto/card-static-key-derivation-data';
import { deriveScp02SessionKeys, scp02CardCryptogram } from '../../server/emv/crypto/scp02';
import { buildPinBlockIso0 } from '../../server/emv/crypto/pin-block';
import { bureauOutputCommands } from '../../server/emv/hsm-commands/bureau-output';
import { cardDataCommands } from '../../server/emv/hsm-commands/card-data';
import { keyUsageNames, keyUsages, type KeyUsage } from '../../server/emv/hsm-commands/common';
import { iccKeyCommands } from '../../server/emv/hsm-commands/icc-keys';
import { issuerScriptCommands } from '../../server/emv/hsm-commands/issuer-scripts';
import { secureChannelCommands } from '../../server/emv/hsm-commands/secure-channel';
import { validationCommands } from '../../server/emv/hsm-commands/validation';
import type { HsmBackend, KeyAttributes } from '../src/backends/backend';
import { bureauOutputHandlers } from '../src/ops/bureau-output';
import { cardDataHandlers } from '../src/ops/card-data';
import type { Handler } from '../src/ops/handler';
import { iccKeyHandlers } from '../src/ops/icc-keys';
import { issuerScriptHandlers } from '../src/ops/issuer-scripts';
import { secureChannelHandlers } from '../src/ops/secure-channel';
import { validationHandlers } from '../src/ops/validation';
import { openTestBackends } from './test-backends';

/**
 * Issue 3, "the bridge refuses any operation whose key usage does not fit": for every command that
 * takes keys and every key parameter, each usage outside the ones it accepts is refused with the
 * message of key-usage.ts, before the backend is asked to do anything; a positive control first.
 */

const specs = {
  ...iccKeyCommands,
  ...cardDataCommands,
  ...issuerScriptCommands,
  // The other secure-channel commands name a channel, not a key.
  openSecureChannel: secureChannelCommands.openSecureChannel,
  reencryptDgisForChannel: secureChannelCommands.reencryptDgisForChannel,
  ...validationCommands,
  ...bureauOutputCommands,
};
const handlers = {
  ...iccKeyHandlers,
  ...cardDataHandlers,
  ...issuerScriptHandlers,
  openSecureChannel: secureChannelHandlers.openSecureChannel,
  reencryptDgisForChannel: secureChannelHandlers.reencryptDgisForChannel,
  ...validationHandlers,
  ...bureauOutputHandlers,
};
type Command = keyof typeof specs;

/** Validates like the bridge does (runCommand), with this group's schemas and handlers only. */
async function run(backend: HsmBackend, command: Command, params: unknown): Promise<unknown> {
  const spec = specs[command];
  const handler = handlers[command] as Handler<Command>;
  return spec.result.parse(await handler(backend, spec.params.parse(params) as never));
}

const pan = '4761739001010010';
const card = { pan, psn: '01' };

const channels = new Map<HsmBackend, Promise<string>>();

/** An SCP02 channel to the card of scp02CardResponse, opened once per backend and left open. */
function channelOf(backend: HsmBackend): Promise<string> {
  let handle = channels.get(backend);
  if (!handle) {
    handle = (async () => {
      const hostChallenge = fromHex('0102030405060708');
      const opened = await run(backend, 'openSecureChannel', {
        kmcRef: keyOf(backend, 'E5').keyRef,
        diversification: 'emv-cps',
        channel: { protocol: 'SCP02', securityLevel: '01', icvEncryption: true },
        hostChallenge: toHex(hostChallenge),
        initializeUpdateResponse: await scp02CardResponse(backend, hostChallenge),
      });
      return (opened as { handle: string }).handle;
    })();
    channels.set(backend, handle);
  }
  return handle;
}

interface KeyParameter {
  /** How the parameter is named in a test title. */
  name: string;
  allowed: readonly KeyUsage[];
  purpose: string;
}

interface CommandCase {
  command: Command;
  keyParameters: KeyParameter[];
  /** Parameters with the key of `refs(name)` for each key parameter. */
  params: (refs: (name: string) => string, backend: HsmBackend) => Promise<unknown>;
}

const masterKeyParameters: (KeyParameter & { keyName: string })[] = [
  { keyName: 'MK-AC', allowed: ['E0'] },
  { keyName: 'MK-SMI', allowed: ['E2'] },
  { keyName: 'MK-SMC', allowed: ['E1'] },
  { keyName: 'MK-DN', allowed: ['E4'] },
  { keyName: 'MK-CVC3', allowed: ['E6'] },
].map(({ keyName, allowed }) => ({
  keyName,
  name: `masterKeys[${keyName}]`,
  allowed: allowed as KeyUsage[],
  purpose: `ICC master key derivation (${keyName})`,
}));

/** An SCP02 card's INITIALIZE UPDATE response for the keys diversified (EMV CPS) from the valid E5 key. */
async function scp02CardResponse(backend: HsmBackend, hostChallenge: Buffer): Promise<string> {
  const kdd = fromHex('0000AABBCCDD11223344');
  const blocks = cardStaticKeyDerivationData('emv-cps', kdd);
  const kmc = keyOf(backend, 'E5').keyRef;
  const staticKeys = {
    enc: await backend.encrypt(kmc, 'ecb', blocks.enc),
    mac: await backend.encrypt(kmc, 'ecb', blocks.mac),
    dek: await backend.encrypt(kmc, 'ecb', blocks.dek),
  };
  const sequenceCounter = fromHex('0007');
  const cardChallenge = fromHex('C1C2C3C4C5C6');
  const { sEnc } = deriveScp02SessionKeys(staticKeys, sequenceCounter);
  const cryptogram = scp02CardCryptogram(sEnc, hostChallenge, sequenceCounter, cardChallenge);
  return toHex(concat(kdd, fromHex('2002'), sequenceCounter, cardChallenge, cryptogram));
}

const cases: CommandCase[] = [
  {
    command: 'deriveCardMasterKeys',
    keyParameters: [...masterKeyParameters, { name: 'kekRef', allowed: ['K0'], purpose: 'key transport' }],
    params: async (refs) => ({
      kekRef: refs('kekRef'),
      method: 'B',
      masterKeys: masterKeyParameters.map((p) => ({ name: p.keyName, issuerMasterKeyRef: refs(p.name) })),
      cards: [card],
    }),
  },
  {
    command: 'deriveCardStaticKeys',
    keyParameters: [
      { name: 'kmcRef', allowed: ['E5'], purpose: 'card static key derivation' },
      { name: 'kekRef', allowed: ['K0'], purpose: 'key transport' },
    ],
    params: async (refs) => ({
      kmcRef: refs('kmcRef'),
      kekRef: refs('kekRef'),
      method: 'emv-cps',
      cards: [{ kdd: '00010203040506070809' }],
    }),
  },
  {
    command: 'translatePinForCard',
    keyParameters: [
      { name: 'pinKeyRef', allowed: ['P0'], purpose: 'PIN block translation' },
      { name: 'kekRef', allowed: ['K0'], purpose: 'PIN transport' },
    ],
    params: async (refs, backend) => ({
      pinKeyRef: refs('pinKeyRef'),
      kekRef: refs('kekRef'),
      inputFormat: 0,
      outputFormat: 2,
      cards: [
        {
          pan,
          // Enciphered with the valid P0 key, whichever key the case puts in pinKeyRef.
          pinBlock: toHex(
            await backend.encrypt(keyOf(backend, 'P0').keyRef, 'ecb', buildPinBlockIso0('1234', pan)),
          ),
        },
      ],
    }),
  },
  {
    command: 'verifyArqc',
    keyParameters: [{ name: 'issuerMasterKeyRef', allowed: ['E0'], purpose: 'ARQC verification' }],
    params: async (refs) => ({
      issuerMasterKeyRef: refs('issuerMasterKeyRef'),
      method: 'A',
      sessionKeyMethod: 'emv-csk',
      padding: 2,
      arpc: { method: 1, arc: '3030' },
      cards: [{ ...card, atc: '0001', transactionData: '0000000010000000', arqc: '0000000000000000' }],
    }),
  },
  {
    command: 'macIssuerScript',
    keyParameters: [{ name: 'issuerMasterKeyRef', allowed: ['E2'], purpose: 'issuer script MAC' }],
    params: async (refs) => ({
      issuerMasterKeyRef: refs('issuerMasterKeyRef'),
      method: 'A',
      sessionKeyMethod: 'emv-csk',
      macInput: 'header-atc-arqc-data',
      card: { ...card, atc: '0001', arqc: '1122334455667788' },
      commands: [{ cla: 0x84, ins: 0x1e, p1: 0, p2: 0, data: '' }],
    }),
  },
  {
    command: 'encipherPinChange',
    keyParameters: [
      { name: 'smcKeyRef', allowed: ['E1'], purpose: 'PIN change encipherment' },
      { name: 'smiKeyRef', allowed: ['E2'], purpose: 'issuer script MAC' },
      { name: 'acKeyRef', allowed: ['E0'], purpose: 'the VIS PIN block' },
      { name: 'pinKeyRef', allowed: ['P0'], purpose: 'PIN change' },
    ],
    params: async (refs, backend) => ({
      smcKeyRef: refs('smcKeyRef'),
      smiKeyRef: refs('smiKeyRef'),
      acKeyRef: refs('acKeyRef'),
      pinKeyRef: refs('pinKeyRef'),
      method: 'A',
      sessionKeyMethod: 'visa-sm',
      macInput: 'header-atc-arqc-data',
      encipherment: 'visa',
      pinBlockFormat: 0,
      card: {
        ...card,
        atc: '0001',
        arqc: '1122334455667788',
        newPinBlock: toHex(
          await backend.encrypt(keyOf(backend, 'P0').keyRef, 'ecb', buildPinBlockIso0('1234', pan)),
        ),
      },
    }),
  },
  {
    command: 'openSecureChannel',
    keyParameters: [{ name: 'kmcRef', allowed: ['E5'], purpose: 'secure channel keys' }],
    // The card holds the keys of the valid E5 key, whichever key the case puts in kmcRef.
    params: async (refs, backend) => ({
      kmcRef: refs('kmcRef'),
      diversification: 'emv-cps',
      channel: { protocol: 'SCP02', securityLevel: '01', icvEncryption: true },
      hostChallenge: '0102030405060708',
      initializeUpdateResponse: await scp02CardResponse(backend, fromHex('0102030405060708')),
    }),
  },
  {
    command: 'reencryptDgisForChannel',
    keyParameters: [
      { name: 'kekRef', allowed: ['K0'], purpose: 'secret DGI re-encryption for a secure channel' },
    ],
    // One channel per backend, opened with the valid E5 key: the KEK is checked before the channel.
    params: async (refs, backend) => ({
      handle: await channelOf(backend),
      kekRef: refs('kekRef'),
      dgis: [
        {
          dgi: '8000',
          data: toHex(await backend.encrypt(keyOf(backend, 'K0').keyRef, 'ecb', Buffer.alloc(16, 0x11))),
        },
      ],
    }),
  },
  {
    command: 'computeCardVerificationValues',
    keyParameters: [{ name: 'cvkRef', allowed: ['C0'], purpose: 'card verification value computation' }],
    params: async (refs) => ({
      cvkRef: refs('cvkRef'),
      values: ['cvv', 'cvv2', 'icvv'],
      cards: [{ pan, expiry: '2612', serviceCode: '201' }],
    }),
  },
  {
    command: 'computePinVerificationValues',
    keyParameters: [
      { name: 'pvkRef', allowed: ['V2'], purpose: 'PIN verification value computation' },
      { name: 'pinKeyRef', allowed: ['P0'], purpose: 'PIN verification value computation' },
    ],
    params: async (refs, backend) => ({
      pvkRef: refs('pvkRef'),
      pinKeyRef: refs('pinKeyRef'),
      pinBlockFormat: 0,
      cards: [
        {
          pan,
          pvki: '1',
          pinBlock: toHex(
            await backend.encrypt(keyOf(backend, 'P0').keyRef, 'ecb', buildPinBlockIso0('1234', pan)),
          ),
        },
      ],
    }),
  },
  {
    command: 'validateOnVirtualCard',
    keyParameters: [
      { name: 'kekRef', allowed: ['K0'], purpose: 'secret DGI translation for the virtual card' },
      { name: 'issuerMasterKey.keyRef', allowed: ['E0'], purpose: 'ARQC verification' },
    ],
    // One clear DGI: the card stops at "personalization incomplete", and nothing is decrypted.
    params: async (refs) => ({
      kekRef: refs('kekRef'),
      issuerMasterKey: { keyRef: refs('issuerMasterKey.keyRef'), method: 'A' },
      environment: 'test',
      caKeys: [
        { rid: 'A000000003', index: '92', environment: 'test', modulus: 'AB'.repeat(176), exponent: '03' },
      ],
      transaction: { amount: 100, currency: '978', country: '250', date: '260315' },
      cards: [
        {
          reference: 'usage',
          applications: [
            { aid: 'A0000000031010', name: 'usage', dgis: [{ dgi: '9102', data: 'A500', encrypted: false }] },
          ],
          payment: [{ aid: 'A0000000031010', family: 'vsdc-style', cvn: '12' }],
          interfaces: ['contact'],
        },
      ],
    }),
  },
  {
    command: 'macAuditEntry',
    keyParameters: [{ name: 'hmacKeyRef', allowed: ['M7'], purpose: 'the audit chain MAC' }],
    params: async (refs) => ({ hmacKeyRef: refs('hmacKeyRef'), data: '00' }),
  },
  {
    command: 'createOutputMacKey',
    keyParameters: [{ name: 'kekRef', allowed: ['K0'], purpose: 'MAC key transport' }],
    params: async (refs) => ({ label: 'usage output MAC', kekRef: refs('kekRef') }),
  },
  {
    command: 'macOutputData',
    // A KEK, an E0 master key or the audit HMAC key cannot stand in for the job's M1 output MAC key.
    keyParameters: [{ name: 'macKeyRef', allowed: ['M1'], purpose: 'the bureau output MAC' }],
    params: async (refs) => ({ macKeyRef: refs('macKeyRef'), items: ['4450414D'] }),
  },
];

const backends = openTestBackends();
const keysByBackend = new Map<HsmBackend, Map<KeyUsage, KeyAttributes>>();

function keyOf(backend: HsmBackend, usage: KeyUsage): KeyAttributes {
  const key = keysByBackend.get(backend)?.get(usage);
  if (!key) throw new Error(`no ${usage} test key`);
  return key;
}

/** One key of every usage, generated in the HSM: RSA for S0, HMAC-SHA256 for M7, TDES for the rest. */
beforeAll(async () => {
  for (const [, backend] of backends) {
    const keys = new Map<KeyUsage, KeyAttributes>();
    for (const usage of keyUsages) {
      const spec = { keyRef: `usage-${usage}-${Date.now()}`, usage, label: `usage ${usage}` };
      keys.set(
        usage,
        usage === 'S0'
          ? (await backend.generateRsaKeyPair({
              ...spec,
              algorithm: 'RSA',
              bits: 1024,
              publicExponent: 65537,
            }),
            { ...spec, algorithm: 'RSA' })
          : await backend.generateKey({ ...spec, algorithm: usage === 'M7' ? 'HMAC256' : 'TDES2' }),
      );
    }
    keysByBackend.set(backend, keys);
  }
});
afterAll(async () => {
  for (const [, backend] of backends) await backend.close();
});

/** The valid key of a parameter: the first usage it accepts. */
const validRefs =
  (backend: HsmBackend, testCase: CommandCase) =>
  (name: string): string => {
    const parameter = testCase.keyParameters.find((p) => p.name === name);
    if (!parameter) throw new Error(`${testCase.command} has no key parameter ${name}`);
    return keyOf(backend, parameter.allowed[0]!).keyRef;
  };

const refusals = cases.flatMap((testCase) =>
  testCase.keyParameters.flatMap((parameter) =>
    keyUsages
      .filter((usage) => !parameter.allowed.includes(usage))
      .map((usage) => [testCase.command, parameter.name, usage, testCase, parameter] as const),
  ),
);

describe.each(backends)('%s backend', (_name, backend) => {
  it.each(cases.map((testCase) => [testCase.command, testCase] as const))(
    'positive control: %s runs with a key of the right usage in every key parameter',
    async (_command, testCase) => {
      const params = await testCase.params(validRefs(backend, testCase), backend);
      await expect(run(backend, testCase.command, params)).resolves.toBeDefined();
    },
  );

  it.each(refusals)(
    '%s refuses %s of usage %s',
    async (command, parameterName, usage, testCase, parameter) => {
      const wrong = keyOf(backend, usage);
      const valid = validRefs(backend, testCase);
      const params = await testCase.params(
        (name) => (name === parameterName ? wrong.keyRef : valid(name)),
        backend,
      );
      await expect(run(backend, command, params)).rejects.toMatchObject({
        code: 'KEY_USAGE_REFUSED',
        message: `key ${wrong.keyRef} has usage ${usage} (${keyUsageNames[usage]}); ${parameter.purpose} needs a key of usage ${parameter.allowed.join(' or ')}`,
      });
    },
  );
});

describe('the table', () => {
  it('covers every command of the ICC key, card data, issuer script, validation and bureau output groups, and the secure-channel commands that take keys (openSecureChannel, reencryptDgisForChannel)', () => {
    expect(cases.map((c) => c.command).sort()).toEqual(Object.keys(specs).sort());
  });
});
