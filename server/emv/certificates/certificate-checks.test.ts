import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes';
import { loadVectors } from '../vectors/load-vectors';
import {
  expiresAfter,
  expiryInWords,
  isCertificateExpired,
  issuerIdentifierDigits,
  issuerIdentifierMatchesPan,
} from './certificate-checks';
import {
  buildIccPinEnciphermentCertificate,
  iccCertificateData,
  iccPinEnciphermentCertificateData,
  recoverIccPinEnciphermentCertificate,
} from './icc-certificate';
import { issuerCertificateData } from './issuer-certificate';
import { rsaSign } from './rsa';
import { staticDataToSign } from './static-data';

function vector(algorithm: string) {
  const found = loadVectors().find((candidate) => candidate.algorithm === algorithm);
  if (!found) throw new Error(`no ${algorithm} vector`);
  const inputs = found.inputs as Record<string, string>;
  return {
    bytes: (name: string) => fromHex(inputs[name]!),
    expected: found.expected as Record<string, string>,
  };
}

describe('certificate expiry (Book 2 5.3 / 6.4 step 9)', () => {
  const today = new Date(Date.UTC(2026, 4, 31, 23, 59));

  it.each([
    ['0526', false],
    ['0426', true],
    ['1225', true],
    ['0127', false],
    ['1249', false],
    ['0150', true],
    ['1299', true],
  ])('expiry %s on 31 May 2026: expired %s', (expiry, expired) => {
    expect(isCertificateExpired(expiry, today)).toBe(expired);
    expect(isCertificateExpired(fromHex(expiry), today)).toBe(expired);
  });

  it('refuses a date that is not MMYY', () => {
    expect(() => isCertificateExpired('1326', today)).toThrow(
      'expiry must be MMYY with a month from 01 to 12, got 1326',
    );
  });
});

describe('ICC certificate expiry against the issuer certificate (Book 2 6.3 / 6.4 step 9)', () => {
  it.each([
    ['1230', '1230', false],
    ['1130', '1230', false],
    ['0131', '1230', true],
    ['1249', '0150', true],
    ['0150', '1249', false],
    ['0650', '1249', false],
    ['0149', '1248', true],
  ])('ICC expiry %s, issuer expiry %s: outlives %s', (icc, issuer, outlives) => {
    expect(expiresAfter(icc, issuer)).toBe(outlives);
    expect(expiresAfter(fromHex(icc), fromHex(issuer))).toBe(outlives);
  });

  it('refuses a date that is not MMYY', () => {
    expect(() => expiresAfter('1230', '0030')).toThrow(
      'expiry must be MMYY with a month from 01 to 12, got 0030',
    );
  });

  it.each([
    ['0126', 'January 2026'],
    ['1230', 'December 2030'],
    ['0649', 'June 2049'],
    ['0750', 'July 1950'],
  ])('reads %s as %s', (expiry, words) => {
    expect(expiryInWords(expiry)).toBe(words);
    expect(expiryInWords(fromHex(expiry))).toBe(words);
  });
});

describe('issuer identifier (Book 2 Table 6 field 3, 5.3 step 8)', () => {
  it('reads the digits before the F padding', () => {
    expect(issuerIdentifierDigits(fromHex('476173FF'))).toBe('476173');
    expect(issuerIdentifierDigits(fromHex('47617390'))).toBe('47617390');
    expect(issuerIdentifierDigits(fromHex('476FFFFF'))).toBe('476');
    expect(issuerIdentifierDigits(fromHex('47FFFFFF'))).toBeNull();
    expect(issuerIdentifierDigits(fromHex('47F173FF'))).toBeNull();
    expect(issuerIdentifierDigits(fromHex('476173'))).toBeNull();
  });

  it('matches the leftmost PAN digits only', () => {
    expect(issuerIdentifierMatchesPan(fromHex('476173FF'), '4761739001010119')).toBe(true);
    expect(issuerIdentifierMatchesPan(fromHex('476174FF'), '4761739001010119')).toBe(false);
    expect(issuerIdentifierMatchesPan(fromHex('47617390'), '4761739001010119')).toBe(true);
    expect(issuerIdentifierMatchesPan(fromHex('47F173FF'), '4761739001010119')).toBe(false);
  });
});

describe('the blocks an HSM signs reproduce the published certificates with a raw private-key operation', () => {
  it('issuer certificate (emv_issuer_cert_sign)', () => {
    const { bytes, expected } = vector('emv_issuer_cert_sign');
    const caModulus = bytes('ca_modulus');
    const { data, remainder } = issuerCertificateData(
      {
        issuerIdentifier: bytes('issuer_id'),
        expiry: bytes('expiry'),
        serial: bytes('serial'),
        issuerPublicKey: { modulus: bytes('issuer_modulus'), exponent: bytes('issuer_exponent') },
      },
      caModulus.length,
    );
    const signed = rsaSign(data, { modulus: caModulus, privateExponent: bytes('ca_private_exponent') });
    expect(toHex(signed)).toBe(expected.issuer_cert!.toUpperCase());
    expect(toHex(remainder)).toBe(expected.issuer_remainder!.toUpperCase());
  });

  it('ICC certificate (emv_icc_cert_sign)', () => {
    const { bytes, expected } = vector('emv_icc_cert_sign');
    const issuerModulus = bytes('issuer_modulus');
    const { data, remainder } = iccCertificateData(
      {
        pan: bytes('pan'),
        expiry: bytes('expiry'),
        serial: bytes('serial'),
        iccPublicKey: { modulus: bytes('icc_modulus'), exponent: bytes('icc_exponent') },
        staticData: bytes('static_data'),
      },
      issuerModulus.length,
    );
    const issuerKey = { modulus: issuerModulus, privateExponent: bytes('issuer_private_exponent') };
    expect(toHex(rsaSign(data, issuerKey))).toBe(expected.icc_cert!.toUpperCase());
    expect(toHex(remainder)).toBe(expected.icc_remainder!.toUpperCase());
  });

  it('signed static application data (emv_ssad_sign)', () => {
    const { bytes, expected } = vector('emv_ssad_sign');
    const issuerModulus = bytes('issuer_modulus');
    const block = staticDataToSign(bytes('dac'), bytes('static_data'), issuerModulus.length);
    const issuerKey = { modulus: issuerModulus, privateExponent: bytes('issuer_private_exponent') };
    expect(toHex(rsaSign(block, issuerKey))).toBe(expected.ssad!.toUpperCase());
  });

  it('ICC PIN encipherment certificate: the same block buildIccPinEnciphermentCertificate signs', () => {
    const { bytes } = vector('emv_icc_cert_sign');
    const issuerKey = {
      modulus: bytes('issuer_modulus'),
      privateExponent: bytes('issuer_private_exponent'),
    };
    const fields = {
      pan: bytes('pan'),
      expiry: bytes('expiry'),
      serial: bytes('serial'),
      iccPublicKey: { modulus: bytes('icc_modulus'), exponent: bytes('icc_exponent') },
    };
    const { data, remainder } = iccPinEnciphermentCertificateData(fields, issuerKey.modulus.length);
    const built = buildIccPinEnciphermentCertificate(fields, issuerKey);
    expect(rsaSign(data, issuerKey).equals(built.certificate)).toBe(true);
    expect(remainder.equals(built.remainder)).toBe(true);
    const recovered = recoverIccPinEnciphermentCertificate(
      built.certificate,
      { modulus: issuerKey.modulus, exponent: bytes('issuer_exponent') },
      remainder,
      fields.iccPublicKey.exponent,
    );
    expect(recovered.hashOk).toBe(true);
  });
});
