import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asymmetricAlgorithms } from '../vectors/asymmetric-algorithms';
import type { TestVector } from '../vectors/types';

const vectorsPath = path.resolve(import.meta.dirname, '../../../../shared/vectors/emv-vectors.json');
const vectors = (JSON.parse(readFileSync(vectorsPath, 'utf8')) as TestVector[]).filter(
  (vector) => vector.algorithm in asymmetricAlgorithms,
);

function comparable(value: unknown): unknown {
  return typeof value === 'string' ? value.toUpperCase() : value;
}

describe('published public-key vectors', () => {
  it('covers every algorithm of the registry', () => {
    const algorithms = new Set(vectors.map((vector) => vector.algorithm));
    expect([...algorithms].sort()).toEqual(Object.keys(asymmetricAlgorithms).sort());
  });

  for (const vector of vectors) {
    it(vector.name, () => {
      const actual = asymmetricAlgorithms[vector.algorithm]!(vector.inputs);
      for (const [field, expected] of Object.entries(vector.expected)) {
        expect(comparable(actual[field]), `${vector.name}: ${field}`).toEqual(comparable(expected));
      }
    });
  }
});
