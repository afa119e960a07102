import { asymmetricAlgorithms } from './asymmetric-algorithms';
import { symmetricAlgorithms } from './symmetric-algorithms';
import type { TestVector, VectorRegistry } from './types';

export const allAlgorithms: VectorRegistry = { ...symmetricAlgorithms, ...asymmetricAlgorithms };

export type VectorOutcome =
  | { name: string; status: 'passed' }
  | { name: string; status: 'skipped'; reason: string }
  | {
      name: string;
      status: 'failed';
      mismatches: { field: string; expected: unknown; got: unknown }[];
      error?: string;
    };

function same(expected: unknown, got: unknown): boolean {
  if (typeof expected === 'string' && typeof got === 'string')
    return expected.toUpperCase() === got.toUpperCase();
  return JSON.stringify(expected) === JSON.stringify(got);
}

/** Runs one vector: every expected field must equal the field the algorithm computes. */
export function runVector(vector: TestVector, registry: VectorRegistry = allAlgorithms): VectorOutcome {
  const algorithm = registry[vector.algorithm];
  if (!algorithm)
    return { name: vector.name, status: 'skipped', reason: `algorithm ${vector.algorithm} is not supported` };
  let computed: Record<string, unknown>;
  try {
    computed = algorithm(vector.inputs);
  } catch (error) {
    return { name: vector.name, status: 'failed', mismatches: [], error: (error as Error).message };
  }
  const mismatches = Object.entries(vector.expected)
    .filter(([field, expected]) => !same(expected, computed[field]))
    .map(([field, expected]) => ({ field, expected, got: computed[field] }));
  return mismatches.length
    ? { name: vector.name, status: 'failed', mismatches }
    : { name: vector.name, status: 'passed' };
}
