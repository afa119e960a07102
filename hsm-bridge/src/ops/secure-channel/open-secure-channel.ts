import { fromHex, toHex } from '../../../../server/emv/bytes';
import type { CardStaticKeys } from '../../../../server/emv/crypto/card-static-keys';
import {
  type Scp02SessionKeys,
  openScp02HostSession,
  openScp02HostSessionWithKeys,
  parseScp02InitializeUpdateResponse,
  scp02SessionKeyDerivationData,
} from '../../../../server/emv/crypto/scp02';
import { openScp03HostSession } from '../../../../server/emv/crypto/scp03';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend, KeyAttributes } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { cardStaticKeysInHsm, requireKmc } from '../card-data/card-static-keys-in-hsm';
import { type OpenChannel, secureChannels } from './channel-store';

type Params = CommandParams<'openSecureChannel'>;

/**
 * SCP02 session keys when the KMC is itself the card's static key for ENC, MAC and DEK: each is
 * TDES-CBC of its derivation block (GP Card Spec 2.3 E.4.1) computed by the HSM under that key.
 */
async function scp02SessionKeysUnderKmc(
  backend: HsmBackend,
  kmc: KeyAttributes,
  sequenceCounter: Buffer,
): Promise<Scp02SessionKeys> {
  const derive = (purpose: keyof Scp02SessionKeys) =>
    backend.encrypt(
      kmc.keyRef,
      'cbc',
      scp02SessionKeyDerivationData(purpose, sequenceCounter),
      Buffer.alloc(8),
    );
  return {
    sEnc: await derive('sEnc'),
    cMac: await derive('cMac'),
    rMac: await derive('rMac'),
    dek: await derive('dek'),
  };
}

async function openChannel(
  backend: HsmBackend,
  kmc: KeyAttributes,
  params: Params,
  response: Buffer,
  hostChallenge: Buffer,
): Promise<{ channel: OpenChannel; cardCryptogramOk: boolean; externalAuthenticate: Buffer }> {
  const { channel: options } = params;
  const securityLevel = parseInt(options.securityLevel, 16);
  const kdd = response.subarray(0, 10);
  let staticKeys: CardStaticKeys | null = null;
  try {
    if (params.diversification !== 'none') {
      staticKeys = await cardStaticKeysInHsm(backend, kmc, params.diversification, kdd);
    }
    if (options.protocol === 'SCP02') {
      const handshake = {
        hostChallenge,
        initializeUpdateResponse: response,
        securityLevel,
        icvEncryption: options.icvEncryption,
      };
      const opened = staticKeys
        ? openScp02HostSession({ ...handshake, staticKeys })
        : openScp02HostSessionWithKeys(
            await scp02SessionKeysUnderKmc(
              backend,
              kmc,
              parseScp02InitializeUpdateResponse(response).sequenceCounter,
            ),
            handshake,
          );
      return { ...opened, channel: { protocol: 'SCP02', session: opened.session } };
    }
    if (!staticKeys) {
      throw new BridgeError(
        'BAD_REQUEST',
        'SCP03 needs the card keys diversified from the KMC (emv-cps or visa2); diversification none is for SCP02 only',
      );
    }
    // GlobalPlatformPro's EMV and VISA2 methods for SCP03: the 16-byte TDES results are the AES-128 keys.
    const opened = openScp03HostSession({
      staticKeys,
      hostChallenge,
      initializeUpdateResponse: response,
      securityLevel,
    });
    return { ...opened, channel: { protocol: 'SCP03', session: opened.session } };
  } finally {
    if (staticKeys) for (const key of Object.values(staticKeys)) key.fill(0);
  }
}

/**
 * Opens a secure channel for an external personalization device (EMV CPS v1.1 4.3; GP Card Spec 2.3
 * E.5.1-E.5.2 for SCP02, GP Amendment D 7.1 for SCP03) on the pure host functions of scp02.ts and
 * scp03.ts. The session keys stay in the bridge's memory (channel-store.ts); the caller gets the
 * EXTERNAL AUTHENTICATE APDU and a handle.
 */
export async function openSecureChannel(
  backend: HsmBackend,
  params: Params,
): Promise<CommandResult<'openSecureChannel'>> {
  const kmc = await requireKmc(backend, params.kmcRef, 'secure channel keys');
  const response = fromHex(params.initializeUpdateResponse, 'initializeUpdateResponse');
  const scpIdentifier = response[11];
  const expected = params.channel.protocol === 'SCP02' ? 0x02 : 0x03;
  if (scpIdentifier !== expected) {
    throw new BridgeError(
      'BAD_REQUEST',
      `the INITIALIZE UPDATE response names SCP ${scpIdentifier?.toString(16).padStart(2, '0')}, not ${params.channel.protocol}: open the channel with the protocol the card uses`,
    );
  }
  let opened;
  try {
    opened = await openChannel(
      backend,
      kmc,
      params,
      response,
      fromHex(params.hostChallenge, 'hostChallenge'),
    );
  } catch (error) {
    throw error instanceof RangeError ? new BridgeError('BAD_REQUEST', error.message) : error;
  }
  if (!opened.cardCryptogramOk) {
    for (const key of Object.values(opened.channel.session.keys)) key.fill(0);
    throw new BridgeError(
      'BAD_REQUEST',
      `the card cryptogram does not verify: the card (key version ${response[10]}) does not hold the keys ${params.diversification === 'none' ? 'of this KMC' : `diversified from this KMC by ${params.diversification}`}`,
    );
  }
  const handle = secureChannels(backend).open(opened.channel);
  return {
    handle,
    externalAuthenticate: toHex(opened.externalAuthenticate),
    keyDiversificationData: toHex(response.subarray(0, 10)),
    keyVersion: response[10]!,
  };
}
