import { createDecipheriv, randomBytes } from 'node:crypto';
import pkcs11 from 'pkcs11js';
import { adjustOddParity } from '../../../../server/emv/crypto/des';
import { keyUsage, symmetricAlgorithm, type SymmetricAlgorithm } from '../../../../server/emv/hsm-commands';
import { refuseDecryptionUnderTransportKek, requireTransportKekForTranslation } from '../../key-usage';
import type { CipherMode, HsmBackend, KeyAttributes, RsaPublicKey } from '../backend';
import { hasCvkLeftHalf, requireCvkLeftHalf } from '../cvk-left-half';
import { isTdes, keyLength } from '../key-lengths';
import { decodeOaepSha256 } from '../rsa-oaep';
import { CvkLeftHalves } from './cvk-left-halves';
import {
  cvkLeftHalfLabel,
  decodeLabel,
  exportTransportKeyTemplate,
  type CvkLeftHalfForm,
  rsaDecryptionKeyPairTemplates,
  rsaKeyPairTemplates,
  secretKeyTemplate,
} from './key-templates';
import { pkcs11ErrorName } from './pkcs11-errors';

/** The errors a token gives at C_DecryptInit when it has OAEP but not with SHA-256 (a device quirk). */
const oaepParameterRefusals = ['CKR_ARGUMENTS_BAD', 'CKR_MECHANISM_PARAM_INVALID', 'CKR_MECHANISM_INVALID'];
const oaepSha256Parameters: pkcs11.RsaOAEP = {
  type: pkcs11.CK_PARAMS_RSA_OAEP,
  hashAlg: pkcs11.CKM_SHA256,
  mgf: pkcs11.CKG_MGF1_SHA256,
  source: 1, // CKZ_DATA_SPECIFIED, with no data: the empty label
};
/** RFC 3394 AES key wrap, the one wrapping mechanism SoftHSM2 and vendor HSMs all offer. */
const aesKeyWrapIv = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');

export interface Pkcs11Config {
  modulePath: string;
  tokenLabel: string;
  pin: string;
}

const generation: Record<SymmetricAlgorithm, number> = {
  TDES2: pkcs11.CKM_DES2_KEY_GEN,
  TDES3: pkcs11.CKM_DES3_KEY_GEN,
  AES128: pkcs11.CKM_AES_KEY_GEN,
  AES192: pkcs11.CKM_AES_KEY_GEN,
  AES256: pkcs11.CKM_AES_KEY_GEN,
  HMAC256: pkcs11.CKM_GENERIC_SECRET_KEY_GEN,
};

/**
 * A vendor HSM (SoftHSM2 in development and CI) through PKCS#11. Keys are token objects named by
 * CKA_ID = key reference, with the attributes key-templates.ts gives their usage; the token itself
 * refuses what a usage does not allow.
 */
/** How many times the bridge looks for its token at start (200 ms apart) before giving up. */
const tokenLookups = 10;

export class Pkcs11Backend implements HsmBackend {
  readonly name = 'pkcs11' as const;
  readonly token: string;
  private readonly lib: pkcs11.PKCS11;
  private readonly session: Buffer;
  /** How this token decrypts RSA-OAEP with SHA-256: learnt on the first ceremony component. */
  private oaepSha256: 'native' | 'raw' | 'unknown' = 'unknown';
  private readonly cvkLeftHalves: CvkLeftHalves;

  constructor(config: Pkcs11Config) {
    this.token = config.tokenLabel;
    this.lib = new pkcs11.PKCS11();
    this.lib.load(config.modulePath);
    this.lib.C_Initialize();
    try {
      const slot = this.tokenSlot(config.tokenLabel);
      this.session = this.lib.C_OpenSession(slot, pkcs11.CKF_SERIAL_SESSION | pkcs11.CKF_RW_SESSION);
      this.lib.C_Login(this.session, pkcs11.CKU_USER, config.pin);
      this.cvkLeftHalves = new CvkLeftHalves(this.lib, this.session);
    } catch (error) {
      this.lib.C_Finalize();
      throw new Error(`cannot open the PKCS#11 token: ${pkcs11ErrorName(error)}`, { cause: error });
    }
  }

  /**
   * The slot holding the token. A token whose files another process is writing at that moment (SoftHSM2's
   * file store, shared by several bridge or test processes) can be missing from one slot list, or make it
   * fail: look again a few times, re-reading the tokens, before saying it does not exist.
   */
  private tokenSlot(label: string): Buffer {
    for (let attempt = 1; ; attempt++) {
      let slot: Buffer | undefined;
      try {
        slot = this.lib
          .C_GetSlotList(true)
          .find((candidate) => this.lib.C_GetTokenInfo(candidate).label.trim() === label);
      } catch (error) {
        // CKR_GENERAL_ERROR while the token's files change under SoftHSM2: look again, as for a miss.
        if (attempt === tokenLookups) throw error;
      }
      if (slot) return slot;
      if (attempt === tokenLookups) throw new Error(`no PKCS#11 token labelled "${label}"`);
      this.lib.C_Finalize();
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      this.lib.C_Initialize();
    }
  }

  async generateKey(spec: KeyAttributes & { algorithm: SymmetricAlgorithm }): Promise<KeyAttributes> {
    if (hasCvkLeftHalf(spec)) {
      // A CVK's left half must also be a single-DES object of its own (encryptWithLeftHalf), and a
      // key the token generates is sensitive: CVK A could never be read out of it to make that object
      // (SoftHSM2 and most HSMs lack CKM_EXTRACT_KEY_FROM_KEY, and an extractable CVK would defeat the
      // point). So the bridge draws the CVK itself, with odd parity, as the software backend does,
      // creates both objects with C_CreateObject and forgets the value.
      const value = adjustOddParity(randomBytes(keyLength[spec.algorithm]));
      try {
        return await this.importKey(spec, value);
      } finally {
        value.fill(0);
      }
    }
    this.lib.C_GenerateKey(this.session, { mechanism: generation[spec.algorithm] }, secretKeyTemplate(spec));
    return { ...spec };
  }

  async importKey(
    spec: KeyAttributes & { algorithm: SymmetricAlgorithm },
    value: Buffer,
  ): Promise<KeyAttributes> {
    // CKA_VALUE_LEN is for generation only: with CKA_VALUE, SoftHSM2 refuses it (CKR_ATTRIBUTE_READ_ONLY).
    const template = secretKeyTemplate(spec).filter((attribute) => attribute.type !== pkcs11.CKA_VALUE_LEN);
    const handle = this.lib.C_CreateObject(this.session, [...template, { type: pkcs11.CKA_VALUE, value }]);
    if (hasCvkLeftHalf(spec)) {
      try {
        this.cvkLeftHalves.create(spec.keyRef, value.subarray(0, 8));
      } catch (error) {
        // A CVK without its left half could not compute a CVV: keep neither.
        this.lib.C_DestroyObject(this.session, handle);
        throw error;
      }
    }
    return { ...spec };
  }

  async findKey(keyRef: string): Promise<KeyAttributes | null> {
    const handle = this.findHandle(keyRef, null);
    if (!handle) return null;
    const [labelAttr, extractableAttr] = this.lib.C_GetAttributeValue(this.session, handle, [
      { type: pkcs11.CKA_LABEL },
      { type: pkcs11.CKA_EXTRACTABLE },
    ]);
    const decoded = decodeLabel(String(labelAttr?.value ?? ''));
    const exportable = Boolean((extractableAttr?.value as Buffer | undefined)?.[0]);
    const usage = keyUsage.safeParse(decoded?.usage);
    const algorithm =
      decoded?.algorithm === 'RSA'
        ? decoded.algorithm
        : symmetricAlgorithm.safeParse(decoded?.algorithm).data;
    if (!decoded || !usage.success || !algorithm) return null;
    return {
      keyRef,
      usage: usage.data,
      algorithm,
      label: decoded.label,
      ...(exportable ? { exportable: true } : {}),
    };
  }

  async countKeys(): Promise<number> {
    const count = (template: pkcs11.Template) => {
      this.lib.C_FindObjectsInit(this.session, [...template, { type: pkcs11.CKA_TOKEN, value: true }]);
      try {
        return this.lib.C_FindObjects(this.session, 100_000).length;
      } finally {
        this.lib.C_FindObjectsFinal(this.session);
      }
    };
    const secret = { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_SECRET_KEY };
    // A CVK's left half is part of the CVK, not a key of its own.
    const leftHalves = count([secret, { type: pkcs11.CKA_LABEL, value: cvkLeftHalfLabel }]);
    return count([secret]) - leftHalves + count([{ type: pkcs11.CKA_CLASS, value: pkcs11.CKO_PRIVATE_KEY }]);
  }

  async encrypt(keyRef: string, mode: CipherMode, data: Buffer, iv?: Buffer): Promise<Buffer> {
    const { handle, mechanism } = await this.cipherMechanism(keyRef, mode, iv);
    this.lib.C_EncryptInit(this.session, mechanism, handle);
    return this.lib.C_Encrypt(this.session, data, Buffer.alloc(data.length + 16));
  }

  async decrypt(keyRef: string, mode: CipherMode, data: Buffer, iv?: Buffer): Promise<Buffer> {
    const { key, handle, mechanism } = await this.cipherMechanism(keyRef, mode, iv);
    // The token lets a K0 key decrypt (for decryptUnderTransportKek): the bridge refuses it here.
    refuseDecryptionUnderTransportKek(key);
    this.lib.C_DecryptInit(this.session, mechanism, handle);
    return this.lib.C_Decrypt(this.session, data, Buffer.alloc(data.length + 16));
  }

  async decryptUnderTransportKek(kekRef: string, underKek: Buffer): Promise<Buffer> {
    requireTransportKekForTranslation(kekRef, await this.findKey(kekRef));
    const { handle, mechanism } = await this.cipherMechanism(kekRef, 'ecb');
    this.lib.C_DecryptInit(this.session, mechanism, handle);
    return this.lib.C_Decrypt(this.session, underKek, Buffer.alloc(underKek.length + 16));
  }

  async encryptWithLeftHalf(keyRef: string, data: Buffer): Promise<Buffer> {
    requireCvkLeftHalf(keyRef, await this.findKey(keyRef), data);
    const leftHalf = this.cvkLeftHalves.find(keyRef);
    if (!leftHalf) {
      throw new Error(
        `CVK ${keyRef} has no single-DES left half in the token (it was created before the bridge made one): generate or import the CVK again under a new key reference`,
      );
    }
    this.lib.C_EncryptInit(this.session, { mechanism: leftHalf.mechanism }, leftHalf.handle);
    return this.lib.C_Encrypt(this.session, data, Buffer.alloc(data.length + 8));
  }

  async hmacSha256(keyRef: string, data: Buffer): Promise<Buffer> {
    this.lib.C_SignInit(
      this.session,
      { mechanism: pkcs11.CKM_SHA256_HMAC },
      this.requireHandle(keyRef, pkcs11.CKO_SECRET_KEY),
    );
    return this.lib.C_Sign(this.session, data, Buffer.alloc(32));
  }

  async generateRsaKeyPair(
    spec: KeyAttributes & { bits: number; publicExponent: number },
  ): Promise<RsaPublicKey> {
    const templates = rsaKeyPairTemplates(spec);
    this.lib.C_GenerateKeyPair(
      this.session,
      { mechanism: pkcs11.CKM_RSA_PKCS_KEY_PAIR_GEN },
      templates.publicKey,
      templates.privateKey,
    );
    return (await this.rsaPublicKey(spec.keyRef))!;
  }

  async rsaPublicKey(keyRef: string): Promise<RsaPublicKey | null> {
    const handle = this.findHandle(keyRef, pkcs11.CKO_PUBLIC_KEY);
    if (!handle) return null;
    const [modulus, publicExponent] = this.lib.C_GetAttributeValue(this.session, handle, [
      { type: pkcs11.CKA_MODULUS },
      { type: pkcs11.CKA_PUBLIC_EXPONENT },
    ]);
    return { modulus: modulus!.value as Buffer, publicExponent: publicExponent!.value as Buffer };
  }

  async rsaPrivateOperation(keyRef: string, block: Buffer): Promise<Buffer> {
    this.lib.C_SignInit(
      this.session,
      { mechanism: pkcs11.CKM_RSA_X_509 },
      this.requireHandle(keyRef, pkcs11.CKO_PRIVATE_KEY),
    );
    return this.lib.C_Sign(this.session, block, Buffer.alloc(block.length + 8));
  }

  async exportableKeyValue(keyRef: string): Promise<Buffer> {
    const handle = this.requireHandle(keyRef, pkcs11.CKO_SECRET_KEY);
    const transportValue = randomBytes(32);
    const transport = this.lib.C_CreateObject(this.session, exportTransportKeyTemplate(transportValue));
    try {
      const wrapped = this.lib.C_WrapKey(
        this.session,
        { mechanism: pkcs11.CKM_AES_KEY_WRAP },
        transport,
        handle,
        Buffer.alloc(64),
      );
      const unwrap = createDecipheriv('id-aes256-wrap', transportValue, aesKeyWrapIv);
      return Buffer.concat([unwrap.update(wrapped), unwrap.final()]);
    } finally {
      this.lib.C_DestroyObject(this.session, transport);
      transportValue.fill(0);
    }
  }

  async generateRsaDecryptionKeyPair(spec: {
    keyRef: string;
    label: string;
    bits: number;
  }): Promise<RsaPublicKey> {
    const templates = rsaDecryptionKeyPairTemplates(spec);
    this.lib.C_GenerateKeyPair(
      this.session,
      { mechanism: pkcs11.CKM_RSA_PKCS_KEY_PAIR_GEN },
      templates.publicKey,
      templates.privateKey,
    );
    return (await this.rsaPublicKey(spec.keyRef))!;
  }

  async rsaOaepDecrypt(keyRef: string, ciphertext: Buffer): Promise<Buffer> {
    const handle = this.requireHandle(keyRef, pkcs11.CKO_PRIVATE_KEY);
    if (this.oaepSha256 !== 'raw') {
      try {
        this.lib.C_DecryptInit(
          this.session,
          {
            mechanism: pkcs11.CKM_RSA_PKCS_OAEP,
            parameter: oaepSha256Parameters,
          },
          handle,
        );
        this.oaepSha256 = 'native';
      } catch (error) {
        if (this.oaepSha256 !== 'unknown' || !oaepParameterRefusals.includes(pkcs11ErrorName(error)))
          throw error;
        this.oaepSha256 = 'raw';
      }
    }
    if (this.oaepSha256 === 'native') {
      return this.lib.C_Decrypt(this.session, ciphertext, Buffer.alloc(ciphertext.length));
    }
    this.lib.C_DecryptInit(this.session, { mechanism: pkcs11.CKM_RSA_X_509 }, handle);
    const encoded = this.lib.C_Decrypt(this.session, ciphertext, Buffer.alloc(ciphertext.length));
    try {
      return decodeOaepSha256(encoded, ciphertext.length);
    } finally {
      encoded.fill(0);
    }
  }

  async destroyRsaDecryptionKeyPair(keyRef: string): Promise<void> {
    for (const objectClass of [pkcs11.CKO_PRIVATE_KEY, pkcs11.CKO_PUBLIC_KEY]) {
      const handle = this.findHandle(keyRef, objectClass);
      if (handle) this.lib.C_DestroyObject(this.session, handle);
    }
  }

  /** The attributes a key really has in the token, for the security tests. */
  keyAttributes(keyRef: string): Record<string, boolean> {
    const handle = this.requireHandle(keyRef, null);
    const names = {
      sensitive: pkcs11.CKA_SENSITIVE,
      extractable: pkcs11.CKA_EXTRACTABLE,
      encrypt: pkcs11.CKA_ENCRYPT,
      decrypt: pkcs11.CKA_DECRYPT,
      sign: pkcs11.CKA_SIGN,
      wrap: pkcs11.CKA_WRAP,
      unwrap: pkcs11.CKA_UNWRAP,
    };
    return Object.fromEntries(
      Object.entries(names).map(([name, type]) => {
        try {
          const [attribute] = this.lib.C_GetAttributeValue(this.session, handle, [{ type }]);
          return [name, Boolean((attribute?.value as Buffer)?.[0])];
        } catch {
          return [name, false];
        }
      }),
    );
  }

  /** The form in which the token holds a CVK's left half, or null: for the security tests. */
  cvkLeftHalfForm(keyRef: string): CvkLeftHalfForm | null {
    return this.cvkLeftHalves.find(keyRef)?.form ?? null;
  }

  async close(): Promise<void> {
    try {
      this.lib.C_Logout(this.session);
      this.lib.C_CloseSession(this.session);
    } finally {
      this.lib.C_Finalize();
    }
  }

  private async cipherMechanism(keyRef: string, mode: CipherMode, iv?: Buffer) {
    const key = await this.findKey(keyRef);
    if (!key) throw new Error(`key ${keyRef} is not in the token`);
    const tdes = isTdes(key.algorithm);
    const mechanism =
      mode === 'ecb'
        ? { mechanism: tdes ? pkcs11.CKM_DES3_ECB : pkcs11.CKM_AES_ECB }
        : {
            mechanism: tdes ? pkcs11.CKM_DES3_CBC : pkcs11.CKM_AES_CBC,
            parameter: iv ?? Buffer.alloc(tdes ? 8 : 16),
          };
    return { key, handle: this.requireHandle(keyRef, pkcs11.CKO_SECRET_KEY), mechanism };
  }

  private findHandle(keyRef: string, objectClass: number | null): Buffer | null {
    const classes = objectClass === null ? [pkcs11.CKO_SECRET_KEY, pkcs11.CKO_PRIVATE_KEY] : [objectClass];
    for (const candidate of classes) {
      this.lib.C_FindObjectsInit(this.session, [
        { type: pkcs11.CKA_CLASS, value: candidate },
        { type: pkcs11.CKA_ID, value: Buffer.from(keyRef) },
      ]);
      try {
        const [handle] = this.lib.C_FindObjects(this.session, 1);
        if (handle) return handle;
      } finally {
        this.lib.C_FindObjectsFinal(this.session);
      }
    }
    return null;
  }

  private requireHandle(keyRef: string, objectClass: number | null): Buffer {
    const handle = this.findHandle(keyRef, objectClass);
    if (!handle) throw new Error(`key ${keyRef} is not in the token`);
    return handle;
  }
}
