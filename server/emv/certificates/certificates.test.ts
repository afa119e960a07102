import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { concat, fromHex, toHex } from '../bytes';
import type { TestVector } from '../vectors/types';
import { caPublicKeyChecksum } from './capk';
import { recoverDdaSignature, signDynamicData, verifyCdaSignature } from './dynamic-data';
import { CertificateError, type CertificateErrorCode } from './errors';
import {
  applicationPanField,
  buildIccCertificate,
  buildIccPinEnciphermentCertificate,
  recoverIccCertificate,
  recoverIccPinEnciphermentCertificate,
} from './icc-certificate';
import {
  buildIssuerCertificate,
  issuerIdentifierFromPan,
  recoverIssuerCertificate,
  type IssuerCertificateFields,
} from './issuer-certificate';
import { bigIntToBytes, modPow, rsaRecover, rsaSign, type RsaPrivateKey, type RsaPublicKey } from './rsa';
import { recoverStaticData, signStaticData } from './static-data';

type KeyPair = RsaPublicKey & RsaPrivateKey;

function generateKey(bits: number, publicExponent: number): KeyPair {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent });
  const jwk = privateKey.export({ format: 'jwk' });
  return {
    modulus: Buffer.from(jwk.n!, 'base64url'),
    exponent: Buffer.from(jwk.e!, 'base64url'),
    privateExponent: Buffer.from(jwk.d!, 'base64url'),
  };
}

function certificateError(fn: () => unknown): CertificateError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CertificateError) return error;
    throw error;
  }
  throw new Error('expected a CertificateError');
}

function expectCertificateError(fn: () => unknown, code: CertificateErrorCode, message: string): void {
  const error = certificateError(fn);
  expect(error.message).toBe(message);
  expect(error.code).toBe(code);
}

// The self-generated keys of the published vectors (CA 1408 bits, issuer 1152 bits, e = 3), so the
// tampering cases below give the same, exact messages on every run.
const vectors = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../shared/vectors/emv-vectors.json'), 'utf8'),
) as TestVector[];
function vectorInputs(name: string): Record<string, string> {
  const vector = vectors.find((candidate) => candidate.name === name);
  if (!vector) throw new Error(`vector "${name}" is missing`);
  return vector.inputs as Record<string, string>;
}
function vectorExpected(name: string): Record<string, string> {
  return vectors.find((candidate) => candidate.name === name)!.expected as Record<string, string>;
}
const issuerSign = vectorInputs('selftest issuer cert sign (CA 1408 / issuer 1152, remainder 4B)');
const iccRecover = vectorInputs('selftest ICC cert recover');
const cdaVector = vectorInputs('emv-tools CDA SDAD');
const selftestCa: KeyPair = {
  modulus: fromHex(issuerSign.ca_modulus!),
  exponent: fromHex('03'),
  privateExponent: fromHex(issuerSign.ca_private_exponent!),
};
const selftestIssuerFields: IssuerCertificateFields = {
  issuerIdentifier: fromHex('476173FF'),
  expiry: fromHex('1230'),
  serial: fromHex('123456'),
  issuerPublicKey: { modulus: fromHex(issuerSign.issuer_modulus!), exponent: fromHex('03') },
};
const selftestIssuer = buildIssuerCertificate(selftestIssuerFields, selftestCa);

describe('raw RSA', () => {
  it('computes modular powers', () => {
    expect(modPow(4n, 13n, 497n)).toBe(445n);
    expect(modPow(5n, 0n, 7n)).toBe(1n);
    expect(toHex(bigIntToBytes(0x1234n, 4))).toBe('00001234');
  });

  it('recovers what it signs', () => {
    const key = generateKey(1024, 65537);
    const block = concat(fromHex('6A'), Buffer.alloc(126, 0x42), fromHex('BC'));
    expect(rsaRecover(rsaSign(block, key), key).equals(block)).toBe(true);
  });
});

describe('CA public key checksum', () => {
  it('names the field that has the wrong length', () => {
    expect(() =>
      caPublicKeyChecksum({
        rid: fromHex('A0000000'),
        index: fromHex('94'),
        modulus: fromHex('C1'),
        exponent: fromHex('03'),
      }),
    ).toThrow('RID must be 5 bytes, got 4');
  });
});

describe('field helpers', () => {
  it('derives the issuer identifier and the PAN field from a PAN', () => {
    expect(toHex(issuerIdentifierFromPan('4761739001010119'))).toBe('476173FF');
    expect(toHex(issuerIdentifierFromPan('4761739001010119', 8))).toBe('47617390');
    expect(toHex(applicationPanField('4761739001010119'))).toBe('4761739001010119FFFF');
    expect(toHex(applicationPanField('6799998900000000017'))).toBe('6799998900000000017F');
    expect(() => issuerIdentifierFromPan('4761739001010119', 9)).toThrow(
      'issuer identifier must take 3 to 8 PAN digits, got 9',
    );
  });
});

describe.each([
  [1024, 3],
  [1024, 65537],
  [1408, 3],
  [1408, 65537],
])('round trip with fresh %i-bit keys, exponent %i', (bits, publicExponent) => {
  const ca = generateKey(1408, publicExponent);
  const issuer = generateKey(bits, publicExponent);
  const icc = generateKey(bits, publicExponent);
  const staticData = fromHex('5F24033012315A0847617390010101195F3401019F0702FF005C00');
  const pan = applicationPanField('4761739001010119');

  it('issuer certificate', () => {
    const built = buildIssuerCertificate(
      {
        issuerIdentifier: issuerIdentifierFromPan('4761739001010119'),
        expiry: fromHex('1230'),
        serial: fromHex('000042'),
        issuerPublicKey: issuer,
      },
      ca,
    );
    expect(built.certificate.length).toBe(176);
    // 176 - 36 = 140 bytes of room: a 1024-bit key fits, a 1408-bit key leaves 36 bytes over.
    expect(built.remainder.length).toBe(bits === 1024 ? 0 : 36);
    expect(toHex(built.exponent)).toBe(publicExponent === 3 ? '03' : '010001');
    if (bits === 1024) {
      const recoveredData = rsaRecover(built.certificate, ca);
      expect(toHex(recoveredData.subarray(15 + 128, 155))).toBe('BB'.repeat(12));
    }

    const recovered = recoverIssuerCertificate(built.certificate, ca, built.remainder, built.exponent);
    expect(toHex(recovered.issuerIdentifier)).toBe('476173FF');
    expect(toHex(recovered.expiry)).toBe('1230');
    expect(toHex(recovered.serial)).toBe('000042');
    expect(recovered.issuerModulus.equals(issuer.modulus)).toBe(true);
    expect(recovered.hashOk).toBe(true);
  });

  it('ICC certificate', () => {
    const built = buildIccCertificate(
      { pan, expiry: fromHex('0629'), serial: fromHex('000001'), iccPublicKey: icc, staticData },
      issuer,
    );
    expect(built.certificate.length).toBe(bits / 8);
    expect(built.remainder.length).toBe(42);

    const recovered = recoverIccCertificate(
      built.certificate,
      issuer,
      built.remainder,
      built.exponent,
      staticData,
    );
    expect(toHex(recovered.pan)).toBe('4761739001010119FFFF');
    expect(toHex(recovered.expiry)).toBe('0629');
    expect(toHex(recovered.serial)).toBe('000001');
    expect(recovered.iccModulus.equals(icc.modulus)).toBe(true);
    expect(recovered.hashOk).toBe(true);

    const changedData = Buffer.from(staticData);
    changedData[changedData.length - 2]! ^= 0x01;
    expect(
      recoverIccCertificate(built.certificate, issuer, built.remainder, built.exponent, changedData).hashOk,
    ).toBe(false);
    const unchecked = recoverIccCertificate(built.certificate, issuer, built.remainder, built.exponent);
    expect(unchecked.hashOk).toBeUndefined();
    expect(unchecked.hash.equals(recovered.hash)).toBe(true);
  });

  it('ICC PIN encipherment certificate', () => {
    const pinKey = generateKey(1024, publicExponent);
    const built = buildIccPinEnciphermentCertificate(
      { pan, expiry: fromHex('0629'), serial: fromHex('000002'), iccPublicKey: pinKey },
      issuer,
    );
    const recovered = recoverIccPinEnciphermentCertificate(
      built.certificate,
      issuer,
      built.remainder,
      built.exponent,
    );
    expect(recovered.iccModulus.equals(pinKey.modulus)).toBe(true);
    expect(recovered.hashOk).toBe(true);
  });

  it('signed static application data', () => {
    const ssad = signStaticData(fromHex('DAC0'), staticData, issuer);
    const recovered = recoverStaticData(ssad, issuer, staticData);
    expect(toHex(recovered.dac)).toBe('DAC0');
    expect(recovered.hashOk).toBe(true);
    expect(recoverStaticData(ssad, issuer, staticData.subarray(1)).hashOk).toBe(false);
  });

  it('DDA and CDA signatures', () => {
    const ddolData = fromHex('7FBC4049');
    const dda = recoverDdaSignature(signDynamicData(fromHex('0200AE'), ddolData, icc), icc, ddolData);
    expect(toHex(dda.iccDynamicNumber)).toBe('00AE');
    expect(dda.hashOk).toBe(true);

    const unpredictableNumber = fromHex('12345779');
    const cdol1Data = fromHex(cdaVector.cdol_data!);
    const genAcResponse = fromHex('9F2701809F360200109F10120010904001220000000000000000000000FF');
    const tdhc = recoverTdhc(cdol1Data, genAcResponse);
    const dynamicData = concat(
      fromHex('080102030405060708'),
      fromHex('80'),
      fromHex('1122334455667788'),
      tdhc,
    );
    const sdad = signDynamicData(dynamicData, unpredictableNumber, icc);
    const withSdad = concat(genAcResponse, fromHex('9F4B81'), Buffer.from([sdad.length]), sdad);
    const verified = verifyCdaSignature({
      sdad,
      iccKey: icc,
      unpredictableNumber,
      cdol1Data,
      genAcResponse: concat(fromHex('7781'), Buffer.from([withSdad.length]), withSdad),
    });
    expect(verified.hashOk).toBe(true);
    expect(verified.tdhcOk).toBe(true);
    expect(verified.cidOk).toBe(true);
    expect(toHex(verified.applicationCryptogram)).toBe('1122334455667788');
  });
});

function recoverTdhc(cdol1Data: Buffer, genAcResponse: Buffer): Buffer {
  // Book 2 6.6.1 computed independently of the module: SHA-1(CDOL1 data || response TLVs).
  return createHash('sha1').update(concat(cdol1Data, genAcResponse)).digest();
}

describe('tampered issuer certificate', () => {
  const caPublic = { modulus: selftestCa.modulus, exponent: selftestCa.exponent };

  it('reproduces the published certificate before tampering', () => {
    expect(toHex(selftestIssuer.certificate)).toBe(
      vectorExpected('selftest issuer cert sign (CA 1408 / issuer 1152, remainder 4B)').issuer_cert,
    );
    const recovered = recoverIssuerCertificate(
      selftestIssuer.certificate,
      caPublic,
      selftestIssuer.remainder,
      selftestIssuer.exponent,
    );
    expect(recovered.hashOk).toBe(true);
  });

  it('reports a changed certificate byte by its trailer', () => {
    const tampered = Buffer.from(selftestIssuer.certificate);
    tampered[10]! ^= 0x01;
    expectCertificateError(
      () => recoverIssuerCertificate(tampered, caPublic, selftestIssuer.remainder, selftestIssuer.exponent),
      'trailer',
      'issuer certificate: recovered trailer is 0x34, expected 0xBC',
    );
  });

  it('reports a wrong header', () => {
    const block = rsaRecover(selftestIssuer.certificate, caPublic);
    block[0] = 0x5a;
    expectCertificateError(
      () =>
        recoverIssuerCertificate(
          rsaSign(block, selftestCa),
          caPublic,
          selftestIssuer.remainder,
          fromHex('03'),
        ),
      'header',
      'issuer certificate: recovered header is 0x5A, expected 0x6A',
    );
  });

  it('reports a wrong format, e.g. an ICC certificate offered as an issuer certificate', () => {
    const issuerKey = { modulus: fromHex(iccRecover.issuer_modulus!), exponent: fromHex('03') };
    expectCertificateError(
      () =>
        recoverIssuerCertificate(fromHex(iccRecover.icc_cert!), issuerKey, Buffer.alloc(0), fromHex('03')),
      'format',
      'issuer certificate: recovered format is 0x04, expected 0x02',
    );
  });

  it('reports an unsupported hash algorithm', () => {
    const block = rsaRecover(selftestIssuer.certificate, caPublic);
    block[11] = 0x02;
    expectCertificateError(
      () =>
        recoverIssuerCertificate(
          rsaSign(block, selftestCa),
          caPublic,
          selftestIssuer.remainder,
          fromHex('03'),
        ),
      'hash-algorithm',
      'issuer certificate: hash algorithm indicator is 0x02, only 0x01 (SHA-1) is supported',
    );
  });

  it('reports a changed remainder as a hash mismatch, with the fields still recovered', () => {
    const remainder = Buffer.from(selftestIssuer.remainder);
    remainder[0]! ^= 0x01;
    const recovered = recoverIssuerCertificate(
      selftestIssuer.certificate,
      caPublic,
      remainder,
      fromHex('03'),
    );
    expect(recovered.hashOk).toBe(false);
    expect(recovered.computedHash.equals(recovered.hash)).toBe(false);
    expect(toHex(recovered.serial)).toBe('123456');
  });

  it('reports a missing remainder', () => {
    expectCertificateError(
      () => recoverIssuerCertificate(selftestIssuer.certificate, caPublic, Buffer.alloc(0), fromHex('03')),
      'remainder',
      'issuer certificate: the issuer public key is 144 bytes and 140 are in the certificate, so the remainder must be 4 bytes, got 0',
    );
  });

  it('reports an exponent of the wrong length', () => {
    expectCertificateError(
      () =>
        recoverIssuerCertificate(
          selftestIssuer.certificate,
          caPublic,
          selftestIssuer.remainder,
          fromHex('010001'),
        ),
      'exponent',
      'issuer certificate: recovered exponent length is 1, but the issuer public key exponent is 3 bytes',
    );
  });

  it('reports a certificate of the wrong length or out of range', () => {
    expectCertificateError(
      () =>
        recoverIssuerCertificate(
          selftestIssuer.certificate.subarray(1),
          caPublic,
          selftestIssuer.remainder,
          fromHex('03'),
        ),
      'length',
      'issuer certificate is 175 bytes, but the CA public key modulus is 176 bytes',
    );
    expectCertificateError(
      () =>
        recoverIssuerCertificate(Buffer.alloc(176, 0xff), caPublic, selftestIssuer.remainder, fromHex('03')),
      'value-range',
      'issuer certificate is not smaller than the CA public key modulus',
    );
  });
});

describe('tampered ICC certificate, SSAD and SDAD', () => {
  const issuerKey = { modulus: fromHex(iccRecover.issuer_modulus!), exponent: fromHex('03') };

  it('reports a changed ICC certificate byte', () => {
    const tampered = fromHex(iccRecover.icc_cert!);
    tampered[10]! ^= 0x01;
    expectCertificateError(
      () =>
        recoverIccCertificate(
          tampered,
          issuerKey,
          fromHex(iccRecover.icc_remainder!),
          fromHex('03'),
          fromHex(iccRecover.static_data!),
        ),
      'trailer',
      'ICC certificate: recovered trailer is 0x6B, expected 0xBC',
    );
  });

  it('reports a changed SSAD byte', () => {
    const ssad = fromHex(vectorExpected('selftest SSAD sign').ssad!);
    ssad[10]! ^= 0x01;
    expectCertificateError(
      () => recoverStaticData(ssad, issuerKey),
      'trailer',
      'signed static application data: recovered trailer is 0x17, expected 0xBC',
    );
  });

  it('reports a changed SDAD byte, and a changed transaction as a TDHC mismatch', () => {
    const iccKey = { modulus: fromHex(cdaVector.icc_modulus!), exponent: fromHex('03') };
    const input = {
      sdad: fromHex(cdaVector.sdad!),
      iccKey,
      unpredictableNumber: fromHex(cdaVector.unpredictable_number!),
      cdol1Data: fromHex(cdaVector.cdol_data!),
      genAcResponse: fromHex(cdaVector.genac_response_tlvs_wo_sdad!),
    };
    const tamperedSdad = Buffer.from(input.sdad);
    tamperedSdad[10]! ^= 0x01;
    expectCertificateError(
      () => verifyCdaSignature({ ...input, sdad: tamperedSdad }),
      'trailer',
      'signed dynamic application data: recovered trailer is 0x2F, expected 0xBC',
    );

    const changedAtc = fromHex(cdaVector.genac_response_tlvs_wo_sdad!.replace('9F36020010', '9F36020011'));
    const changed = verifyCdaSignature({ ...input, genAcResponse: changedAtc });
    expect(changed.hashOk).toBe(true);
    expect(changed.tdhcOk).toBe(false);

    const otherUn = verifyCdaSignature({ ...input, unpredictableNumber: fromHex('12345778') });
    expect(otherUn.hashOk).toBe(false);

    const otherCid = verifyCdaSignature({
      ...input,
      genAcResponse: fromHex(cdaVector.genac_response_tlvs_wo_sdad!.replace('9F270140', '9F270180')),
    });
    expect(otherCid.cidOk).toBe(false);
  });
});

function selftestIssuerPrivate(): RsaPrivateKey {
  const inputs = vectorInputs('selftest SSAD sign');
  return {
    modulus: fromHex(inputs.issuer_modulus!),
    privateExponent: fromHex(inputs.issuer_private_exponent!),
  };
}

describe('certificate builders reject bad fields', () => {
  it('names the field', () => {
    const build = (changes: Partial<IssuerCertificateFields>) => () =>
      buildIssuerCertificate({ ...selftestIssuerFields, ...changes }, selftestCa);
    expect(build({ issuerIdentifier: fromHex('47F173FF') })).toThrow(
      'issuer identifier must be 3 to 8 PAN digits padded with F to 4 bytes, got 47F173FF',
    );
    expect(build({ expiry: fromHex('1330') })).toThrow(
      'issuer certificate expiry must be MMYY (2 bytes of BCD), got 1330',
    );
    expect(build({ serial: fromHex('1234') })).toThrow(
      'issuer certificate serial number must be 3 bytes, got 2',
    );
    expect(
      build({
        issuerPublicKey: {
          modulus: selftestIssuerFields.issuerPublicKey.modulus,
          exponent: fromHex('05'),
        },
      }),
    ).toThrow('issuer public key exponent must be 03 or 010001, got 05');
    expect(build({ issuerPublicKey: { modulus: Buffer.alloc(177, 0xc1), exponent: fromHex('03') } })).toThrow(
      'issuer public key (177 bytes) must not be longer than the CA public key (176 bytes)',
    );
    expect(() =>
      buildIccCertificate(
        {
          pan: fromHex('4761739001010119FF'),
          expiry: fromHex('1230'),
          serial: fromHex('000001'),
          iccPublicKey: { modulus: Buffer.alloc(64, 0xc1), exponent: fromHex('03') },
        },
        selftestIssuerPrivate(),
      ),
    ).toThrow('application PAN must be 12 to 19 digits padded with F to 10 bytes, got 4761739001010119FF');
  });
});
