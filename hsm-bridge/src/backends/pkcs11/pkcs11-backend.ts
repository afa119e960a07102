import pkcs11 from 'pkcs11js';
import { adjustOddParity } from '../../../../server/emv/crypto/des';
import { tdesKcv } from '../../../../server/emv/crypto/kcv';
import { toHex } from '../../../../server/emv/bytes';
import { keyUsage, symmetricAlgorithm, type SymmetricAlgorithm } from '../../../../server/emv/hsm-commands';
import type { HsmBackend, KeyAttributes, WrappedKey } from '../backend';
import { decodeLabel, secretKeyTemplate } from './key-templates';
import { pkcs11ErrorName } from './pkcs11-errors';

export interface Pkcs11Config {
  modulePath: string;
  tokenLabel: string;
  pin: string;
}

const generationMechanism: Partial<Record<SymmetricAlgorithm, number>> = {
  TDES2: pkcs11.CKM_DES2_KEY_GEN,
  TDES3: pkcs11.CKM_DES3_KEY_GEN,
};

/**
 * A vendor HSM (SoftHSM2 in development and CI) through PKCS#11. Keys are token objects named by
 * CKA_ID = key reference. See deriveTdesKeysUnderKek for how card keys are derived and protected.
 */
export class Pkcs11Backend implements HsmBackend {
  readonly name = 'pkcs11' as const;
  readonly token: string;
  private readonly lib: pkcs11.PKCS11;
  private readonly session: Buffer;

  constructor(config: Pkcs11Config) {
    this.token = config.tokenLabel;
    this.lib = new pkcs11.PKCS11();
    this.lib.load(config.modulePath);
    this.lib.C_Initialize();
    try {
      const slot = this.lib.C_GetSlotList(true).find((candidate) => {
        const info = this.lib.C_GetTokenInfo(candidate);
        return info.label.trim() === config.tokenLabel;
      });
      if (!slot) throw new Error(`no PKCS#11 token labelled "${config.tokenLabel}"`);
      this.session = this.lib.C_OpenSession(slot, pkcs11.CKF_SERIAL_SESSION | pkcs11.CKF_RW_SESSION);
      this.lib.C_Login(this.session, pkcs11.CKU_USER, config.pin);
    } catch (error) {
      this.lib.C_Finalize();
      throw new Error(`cannot open the PKCS#11 token: ${pkcs11ErrorName(error)}`, { cause: error });
    }
  }

  async generateKey(spec: Omit<KeyAttributes, 'kcv'>): Promise<KeyAttributes> {
    const mechanism = generationMechanism[spec.algorithm];
    if (mechanism === undefined) throw new Error(`${spec.algorithm} keys cannot be generated here`);
    const handle = this.lib.C_GenerateKey(
      this.session,
      { mechanism },
      secretKeyTemplate({ ...spec, token: true }),
    );
    return { ...spec, kcv: this.checkValue(handle) };
  }

  async importKey(spec: Omit<KeyAttributes, 'kcv'>, value: Buffer): Promise<KeyAttributes> {
    const handle = this.lib.C_CreateObject(this.session, [
      ...secretKeyTemplate({ ...spec, token: true }),
      { type: pkcs11.CKA_VALUE, value },
    ]);
    return { ...spec, kcv: this.checkValue(handle) };
  }

  async findKey(keyRef: string): Promise<KeyAttributes | null> {
    const handle = this.findHandle(keyRef);
    if (!handle) return null;
    const [labelAttr] = this.lib.C_GetAttributeValue(this.session, handle, [{ type: pkcs11.CKA_LABEL }]);
    const decoded = decodeLabel(String(labelAttr?.value ?? ''));
    const usage = keyUsage.safeParse(decoded?.usage);
    const algorithm = symmetricAlgorithm.safeParse(decoded?.algorithm);
    if (!decoded || !usage.success || !algorithm.success) return null;
    return {
      keyRef,
      usage: usage.data,
      algorithm: algorithm.data,
      label: decoded.label,
      kcv: this.checkValue(handle),
    };
  }

  async countKeys(): Promise<number> {
    this.lib.C_FindObjectsInit(this.session, [
      { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_SECRET_KEY },
      { type: pkcs11.CKA_TOKEN, value: true },
    ]);
    try {
      return this.lib.C_FindObjects(this.session, 10_000).length;
    } finally {
      this.lib.C_FindObjectsFinal(this.session);
    }
  }

  async deriveTdesKeysUnderKek(
    baseKeyRef: string,
    kekRef: string,
    derivationBlocks: Buffer[],
  ): Promise<WrappedKey[]> {
    const baseKey = this.requireHandle(baseKeyRef);
    const kek = this.requireHandle(kekRef);
    return derivationBlocks.map((block) => {
      // PKCS#11 has no parity-adjusting derive, pkcs11js cannot pass CK_KEY_DERIVATION_STRING_DATA,
      // and SoftHSM2 wraps with no DES mechanism. So the token encrypts the derivation block under the
      // IMK, the bridge sets odd parity, and the token encrypts the result under the KEK (an
      // encrypt-only key: it can neither decrypt nor wrap). The clear card key exists only here.
      const derived = adjustOddParity(this.encryptEcb(baseKey, block));
      try {
        return { cryptogram: this.encryptEcb(kek, derived), kcv: tdesKcv(derived) };
      } finally {
        derived.fill(0);
      }
    });
  }

  private encryptEcb(key: Buffer, data: Buffer): Buffer {
    this.lib.C_EncryptInit(this.session, { mechanism: pkcs11.CKM_DES3_ECB }, key);
    return this.lib.C_Encrypt(this.session, data, Buffer.alloc(data.length));
  }

  /** The attributes a key really has in the token, for the security tests. */
  keyAttributes(keyRef: string): Record<string, boolean> {
    const handle = this.requireHandle(keyRef);
    const names = {
      sensitive: pkcs11.CKA_SENSITIVE,
      extractable: pkcs11.CKA_EXTRACTABLE,
      encrypt: pkcs11.CKA_ENCRYPT,
      decrypt: pkcs11.CKA_DECRYPT,
      wrap: pkcs11.CKA_WRAP,
      unwrap: pkcs11.CKA_UNWRAP,
    };
    const values = this.lib.C_GetAttributeValue(
      this.session,
      handle,
      Object.values(names).map((type) => ({ type })),
    );
    return Object.fromEntries(
      Object.keys(names).map((name, i) => [name, Boolean((values[i]?.value as Buffer)?.[0])]),
    );
  }

  async close(): Promise<void> {
    try {
      this.lib.C_Logout(this.session);
      this.lib.C_CloseSession(this.session);
    } finally {
      this.lib.C_Finalize();
    }
  }

  private checkValue(handle: Buffer): string {
    const [attr] = this.lib.C_GetAttributeValue(this.session, handle, [{ type: pkcs11.CKA_CHECK_VALUE }]);
    return toHex(attr?.value as Buffer);
  }

  private findHandle(keyRef: string): Buffer | null {
    this.lib.C_FindObjectsInit(this.session, [
      { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_SECRET_KEY },
      { type: pkcs11.CKA_ID, value: Buffer.from(keyRef) },
    ]);
    try {
      return this.lib.C_FindObjects(this.session, 1)[0] ?? null;
    } finally {
      this.lib.C_FindObjectsFinal(this.session);
    }
  }

  private requireHandle(keyRef: string): Buffer {
    const handle = this.findHandle(keyRef);
    if (!handle) throw new Error(`key ${keyRef} is not in the token`);
    return handle;
  }
}
