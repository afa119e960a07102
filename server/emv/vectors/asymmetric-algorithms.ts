/**
 * The public-key vectors of ../shared/vectors/emv-vectors.json mapped onto the certificate functions
 * (EMV 4.4 Book 2 sections 5 and 6). Field names follow the vectors; hex is upper case.
 */

import { fromHex, toHex } from '../bytes';
import { caPublicKeyChecksum } from '../certificates/capk';
import { recoverDdaSignature, verifyCdaSignature } from '../certificates/dynamic-data';
import { buildIccCertificate, recoverIccCertificate } from '../certificates/icc-certificate';
import { buildIssuerCertificate, recoverIssuerCertificate } from '../certificates/issuer-certificate';
import { recoverStaticData, signStaticData } from '../certificates/static-data';
import { hexInput, type VectorRegistry } from './types';

function bytes(inputs: Record<string, unknown>, name: string): Buffer {
  return fromHex(hexInput(inputs, name), `input "${name}"`);
}

/** Optional inputs: absent means "not known", which is not the same as empty. */
function optionalBytes(inputs: Record<string, unknown>, name: string): Buffer | undefined {
  return inputs[name] === undefined ? undefined : bytes(inputs, name);
}

/** Adds `hash_ok` only when the hash could be checked, so vectors without static data stay honest. */
function withHashOk(fields: Record<string, unknown>, hashOk: boolean | undefined): Record<string, unknown> {
  return hashOk === undefined ? fields : { ...fields, hash_ok: hashOk };
}

export const asymmetricAlgorithms: VectorRegistry = {
  /** Book 2 11.2.2. */
  emv_capk_checksum: (inputs) => ({
    checksum: toHex(
      caPublicKeyChecksum({
        rid: bytes(inputs, 'rid'),
        index: bytes(inputs, 'index'),
        modulus: bytes(inputs, 'modulus'),
        exponent: bytes(inputs, 'exponent'),
      }),
    ),
  }),

  /** Book 2 5.3, Table 6. */
  emv_issuer_cert_sign: (inputs) => {
    const built = buildIssuerCertificate(
      {
        issuerIdentifier: bytes(inputs, 'issuer_id'),
        expiry: bytes(inputs, 'expiry'),
        serial: bytes(inputs, 'serial'),
        issuerPublicKey: {
          modulus: bytes(inputs, 'issuer_modulus'),
          exponent: bytes(inputs, 'issuer_exponent'),
        },
      },
      {
        modulus: bytes(inputs, 'ca_modulus'),
        privateExponent: bytes(inputs, 'ca_private_exponent'),
      },
    );
    return { issuer_cert: toHex(built.certificate), issuer_remainder: toHex(built.remainder) };
  },

  /** Book 2 6.3, Table 14. */
  emv_icc_cert_sign: (inputs) => {
    const built = buildIccCertificate(
      {
        pan: bytes(inputs, 'pan'),
        expiry: bytes(inputs, 'expiry'),
        serial: bytes(inputs, 'serial'),
        iccPublicKey: {
          modulus: bytes(inputs, 'icc_modulus'),
          exponent: bytes(inputs, 'icc_exponent'),
        },
        staticData: bytes(inputs, 'static_data'),
      },
      {
        modulus: bytes(inputs, 'issuer_modulus'),
        privateExponent: bytes(inputs, 'issuer_private_exponent'),
      },
    );
    return { icc_cert: toHex(built.certificate), icc_remainder: toHex(built.remainder) };
  },

  /** Book 2 5.1.1, Table 3. */
  emv_ssad_sign: (inputs) => ({
    ssad: toHex(
      signStaticData(bytes(inputs, 'dac'), bytes(inputs, 'static_data'), {
        modulus: bytes(inputs, 'issuer_modulus'),
        privateExponent: bytes(inputs, 'issuer_private_exponent'),
      }),
    ),
  }),

  /** Book 2 5.3. */
  emv_issuer_cert_recover: (inputs) => {
    const recovered = recoverIssuerCertificate(
      bytes(inputs, 'issuer_cert'),
      { modulus: bytes(inputs, 'ca_modulus'), exponent: bytes(inputs, 'ca_exponent') },
      bytes(inputs, 'issuer_remainder'),
      bytes(inputs, 'issuer_exponent'),
    );
    return {
      issuer_id: toHex(recovered.issuerIdentifier),
      expiry: toHex(recovered.expiry),
      serial: toHex(recovered.serial),
      hash: toHex(recovered.hash),
      hash_ok: recovered.hashOk,
      issuer_modulus: toHex(recovered.issuerModulus),
    };
  },

  /** Book 2 6.4. */
  emv_icc_cert_recover: (inputs) => {
    const recovered = recoverIccCertificate(
      bytes(inputs, 'icc_cert'),
      { modulus: bytes(inputs, 'issuer_modulus'), exponent: bytes(inputs, 'issuer_exponent') },
      bytes(inputs, 'icc_remainder'),
      bytes(inputs, 'icc_exponent'),
      optionalBytes(inputs, 'static_data'),
    );
    return withHashOk(
      {
        pan: toHex(recovered.pan),
        expiry: toHex(recovered.expiry),
        serial: toHex(recovered.serial),
        hash: toHex(recovered.hash),
        icc_modulus: toHex(recovered.iccModulus),
      },
      recovered.hashOk,
    );
  },

  /** Book 2 5.4. */
  emv_ssad_recover: (inputs) => {
    const recovered = recoverStaticData(
      bytes(inputs, 'ssad'),
      { modulus: bytes(inputs, 'issuer_modulus'), exponent: bytes(inputs, 'issuer_exponent') },
      optionalBytes(inputs, 'static_data'),
    );
    return withHashOk({ dac: toHex(recovered.dac), hash: toHex(recovered.hash) }, recovered.hashOk);
  },

  /** Book 2 6.5.2. */
  emv_sdad_recover: (inputs) => {
    const recovered = recoverDdaSignature(
      bytes(inputs, 'sdad'),
      { modulus: bytes(inputs, 'icc_modulus'), exponent: bytes(inputs, 'icc_exponent') },
      bytes(inputs, 'ddol_data'),
    );
    return {
      icc_dyn_data: toHex(recovered.iccDynamicData),
      hash: toHex(recovered.hash),
      hash_ok: recovered.hashOk,
    };
  },

  /** Book 2 6.6.2. */
  emv_cda_verify: (inputs) => {
    const verified = verifyCdaSignature({
      sdad: bytes(inputs, 'sdad'),
      iccKey: { modulus: bytes(inputs, 'icc_modulus'), exponent: bytes(inputs, 'icc_exponent') },
      unpredictableNumber: bytes(inputs, 'unpredictable_number'),
      pdolData: optionalBytes(inputs, 'pdol_data'),
      cdol1Data: bytes(inputs, 'cdol_data'),
      genAcResponse: bytes(inputs, 'genac_response_tlvs_wo_sdad'),
    });
    return {
      icc_dyn_data: toHex(verified.iccDynamicData),
      hash: toHex(verified.hash),
      hash_ok: verified.hashOk,
      tdhc_ok: verified.tdhcOk,
      ...(verified.cidOk === undefined ? {} : { cid_ok: verified.cidOk }),
    };
  },
};
