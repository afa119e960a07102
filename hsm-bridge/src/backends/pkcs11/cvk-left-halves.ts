import { randomBytes } from 'node:crypto';
import pkcs11 from 'pkcs11js';
import { adjustOddParity } from '../../../../server/emv/crypto/des';
import { cvkLeftHalfId, cvkLeftHalfTemplate, cvkLeftHalfValue, type CvkLeftHalfForm } from './key-templates';
import { pkcs11ErrorName } from './pkcs11-errors';

/** What a token answers when it cannot hold or use a single-DES key. */
const singleDesRefusals = [
  'CKR_MECHANISM_INVALID',
  'CKR_KEY_TYPE_INCONSISTENT',
  'CKR_ATTRIBUTE_VALUE_INVALID',
  'CKR_TEMPLATE_INCONSISTENT',
];

const forms = [
  { form: 'des' as const, keyType: pkcs11.CKK_DES, mechanism: pkcs11.CKM_DES_ECB },
  { form: 'tdes-equal-halves' as const, keyType: pkcs11.CKK_DES2, mechanism: pkcs11.CKM_DES3_ECB },
];

/**
 * The single-DES companions of a token's CVKs (key-templates.ts cvkLeftHalfTemplate): the Visa CVV
 * algorithm's first step is single DES under CVK A, which a TDES2 object cannot do with its left half.
 */
export class CvkLeftHalves {
  /** How this token holds a CVK's left half: learnt when the first CVK is created. */
  private form: CvkLeftHalfForm | 'unknown' = 'unknown';

  constructor(
    private readonly lib: pkcs11.PKCS11,
    private readonly session: Buffer,
  ) {}

  /** Creates the companion of CVK `keyRef` from CVK A, in the form this token supports. */
  create(keyRef: string, leftHalf: Buffer): void {
    const form = this.tokenForm();
    const value = cvkLeftHalfValue(form, leftHalf);
    try {
      this.lib.C_CreateObject(this.session, cvkLeftHalfTemplate(keyRef, form, value));
    } finally {
      value.fill(0);
    }
  }

  /** A CVK's companion and the mechanism that does single DES with it, by the form it was created in. */
  find(keyRef: string): { handle: Buffer; mechanism: number; form: CvkLeftHalfForm } | null {
    for (const { form, keyType, mechanism } of forms) {
      this.lib.C_FindObjectsInit(this.session, [
        { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_SECRET_KEY },
        { type: pkcs11.CKA_KEY_TYPE, value: keyType },
        { type: pkcs11.CKA_ID, value: cvkLeftHalfId(keyRef) },
      ]);
      try {
        const [handle] = this.lib.C_FindObjects(this.session, 1);
        if (handle) return { handle, mechanism, form };
      } finally {
        this.lib.C_FindObjectsFinal(this.session);
      }
    }
    return null;
  }

  /**
   * Learns once whether this token does single DES: a session DES key of random value encrypts one
   * block. A token that refuses (SoftHSM2 on OpenSSL 3 lists CKM_DES_ECB, then answers
   * CKR_MECHANISM_INVALID) holds CVK A as the TDES key A || A; any other error is the token's.
   */
  private tokenForm(): CvkLeftHalfForm {
    if (this.form !== 'unknown') return this.form;
    const value = adjustOddParity(randomBytes(8));
    let probe: Buffer | undefined;
    try {
      probe = this.lib.C_CreateObject(this.session, cvkLeftHalfTemplate('probe', 'des', value, 'session'));
      this.lib.C_EncryptInit(this.session, { mechanism: pkcs11.CKM_DES_ECB }, probe);
      this.lib.C_Encrypt(this.session, Buffer.alloc(8), Buffer.alloc(8));
      this.form = 'des';
    } catch (error) {
      if (!singleDesRefusals.includes(pkcs11ErrorName(error))) throw error;
      this.form = 'tdes-equal-halves';
    } finally {
      if (probe) this.lib.C_DestroyObject(this.session, probe);
      value.fill(0);
    }
    return this.form;
  }
}
