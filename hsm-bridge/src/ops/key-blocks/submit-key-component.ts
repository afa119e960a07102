import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { toHex } from '../../../../server/emv/bytes';
import { adjustOddParity } from '../../../../server/emv/crypto/des';
import { aesKcvCmac, tdesKcv } from '../../../../server/emv/crypto/kcv';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { isTdes, keyLength } from '../../backends/key-lengths';
import { BridgeError } from '../../bridge-error';
import { keyCheckValue } from '../../key-check-value';
import { keyCeremoniesOf, type KeyCeremony } from './key-ceremonies';

function refuse(message: string): never {
  throw new BridgeError('BAD_REQUEST', message);
}

/** The KCV a custodian is shown: TDES 3 bytes of E(0), AES 5 bytes of CMAC(0) (ANSI X9.24-1 A.2, A.3). */
function componentKcv(ceremony: KeyCeremony, component: Buffer): string {
  return toHex(isTdes(ceremony.algorithm) ? tdesKcv(component, 3) : aesKcvCmac(component, 5));
}

/**
 * One custodian's component: decrypted in the HSM, checked against the KCV the custodian saw, kept
 * in memory; the last one completes the key (XOR, odd parity for TDES), which is stored in the HSM
 * while the components are forgotten. No component appears in a result or a message.
 */
export async function submitKeyComponent(
  backend: HsmBackend,
  params: CommandParams<'submitKeyComponent'>,
): Promise<CommandResult<'submitKeyComponent'>> {
  const ceremonies = keyCeremoniesOf(backend);
  const ceremony = ceremonies.require(params.ceremonyId);
  const index = params.componentIndex;
  const name = `component ${index}`;
  if (index > ceremony.componentCount)
    refuse(`${name}: this ceremony has ${ceremony.componentCount} components`);
  if (ceremony.components.has(index)) refuse(`${name} has already been entered`);
  const ciphertext = Buffer.from(params.encryptedComponent, 'hex');
  const digest = createHash('sha256').update(ciphertext).digest('hex');
  const earlier = ceremony.acceptedCiphertexts.get(digest);
  if (earlier !== undefined)
    refuse(`${name}: this encrypted component was already submitted as component ${earlier}`);
  const kcvLength = isTdes(ceremony.algorithm) ? 3 : 5;
  if (params.componentKcv.length !== kcvLength * 2) {
    refuse(
      `${name}: the KCV of a ${ceremony.algorithm} component is ${kcvLength} bytes, got ${params.componentKcv.length / 2}`,
    );
  }

  let component: Buffer;
  try {
    component = await backend.rsaOaepDecrypt(ceremony.ceremonyKeyRef, ciphertext);
  } catch {
    refuse(
      `${name} does not decrypt with the key of ceremony ${ceremony.id}: encrypt it to that ceremony's public key with RSA-OAEP and SHA-256`,
    );
  }
  let kept = false;
  let kcv: string;
  try {
    const length = keyLength[ceremony.algorithm];
    if (component.length !== length)
      refuse(`${name} must be ${length} bytes for a ${ceremony.algorithm} key, got ${component.length}`);
    kcv = componentKcv(ceremony, component);
    if (kcv !== params.componentKcv) {
      refuse(
        `${name}: the KCV you saw (${params.componentKcv}) is not the component's (${kcv}): re-enter it`,
      );
    }
    for (const other of ceremony.components.values()) {
      if (timingSafeEqual(other, component)) {
        refuse(
          `${name} is the same as a component already entered: each custodian must hold a different component`,
        );
      }
    }
    ceremonies.require(ceremony.id); // it may have expired while the component was decrypted
    ceremony.components.set(index, component);
    ceremony.acceptedCiphertexts.set(digest, index);
    kept = true;
  } finally {
    if (!kept) component.fill(0);
  }

  const received = [...ceremony.components.keys()].sort((a, b) => a - b);
  if (received.length < ceremony.componentCount) {
    const remaining = Array.from({ length: ceremony.componentCount }, (_, i) => i + 1).filter(
      (i) => !ceremony.components.has(i),
    );
    return {
      complete: false,
      ceremonyId: ceremony.id,
      componentIndex: index,
      componentKcv: kcv,
      received,
      remaining,
    };
  }
  return {
    ...(await completeKey(backend, ceremony)),
    ceremonyId: ceremony.id,
    componentIndex: index,
    componentKcv: kcv,
  };
}

/** XORs the components, sets odd parity for TDES, stores the key, and ends the ceremony whatever happens. */
async function completeKey(backend: HsmBackend, ceremony: KeyCeremony) {
  const combined = Buffer.alloc(keyLength[ceremony.algorithm]);
  for (const component of ceremony.components.values()) {
    for (let i = 0; i < combined.length; i++) combined[i]! ^= component[i]!;
  }
  const value = isTdes(ceremony.algorithm) ? adjustOddParity(combined) : combined;
  try {
    const key = await backend.importKey(
      { keyRef: randomUUID(), usage: ceremony.usage, algorithm: ceremony.algorithm, label: ceremony.label },
      value,
    );
    return {
      complete: true as const,
      keyRef: key.keyRef,
      usage: ceremony.usage,
      algorithm: ceremony.algorithm,
      kcv: await keyCheckValue(backend, key),
    };
  } finally {
    combined.fill(0);
    value.fill(0);
    await keyCeremoniesOf(backend).end(ceremony);
  }
}
