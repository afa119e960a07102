import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { symmetricAlgorithms } from '../vectors/symmetric-algorithms';
import type { TestVector } from '../vectors/types';

const here = path.dirname(fileURLToPath(import.meta.url));
const vectorsPath = path.resolve(here, '../../../../shared/vectors/emv-vectors.json');
const vectors = JSON.parse(readFileSync(vectorsPath, 'utf8')) as TestVector[];

/** Public-key algorithms: another module reproduces them. */
const ASYMMETRIC = new Set([
  'emv_capk_checksum',
  'emv_issuer_cert_sign',
  'emv_icc_cert_sign',
  'emv_ssad_sign',
  'emv_issuer_cert_recover',
  'emv_icc_cert_recover',
  'emv_ssad_recover',
  'emv_sdad_recover',
  'emv_cda_verify',
]);

const symmetric = vectors.filter((v) => !ASYMMETRIC.has(v.algorithm));

describe('symmetric algorithm registry', () => {
  it('has exactly one entry for every symmetric algorithm of the vector file', () => {
    const inFile = [...new Set(symmetric.map((v) => v.algorithm))].sort();
    expect(Object.keys(symmetricAlgorithms).sort()).toEqual(inFile);
  });
});

describe('published symmetric vectors', () => {
  for (const vector of symmetric) {
    it(vector.name, () => {
      const compute = symmetricAlgorithms[vector.algorithm];
      expect(compute, `no algorithm "${vector.algorithm}"`).toBeDefined();
      const actual = compute!(vector.inputs);
      for (const [field, expected] of Object.entries(vector.expected)) {
        const value = actual[field];
        if (typeof expected === 'string') {
          expect(typeof value, `${field} must be a hex string`).toBe('string');
          expect((value as string).toUpperCase(), field).toBe(expected.toUpperCase());
        } else {
          expect(value, field).toStrictEqual(expected);
        }
      }
    });
  }
});
