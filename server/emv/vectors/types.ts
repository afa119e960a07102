/**
 * The shape of ../shared/vectors/emv-vectors.json and of the functions that reproduce it.
 * Every algorithm of the file has exactly one `VectorAlgorithm`; the runner compares each
 * `expected` field with the field of the same name the algorithm returns.
 */

export interface TestVector {
  name: string;
  algorithm: string;
  inputs: Record<string, unknown>;
  expected: Record<string, unknown>;
  source: string;
  notes?: string;
}

/** Computes, from a vector's inputs, a value for every field that vector expects. */
export type VectorAlgorithm = (inputs: Record<string, unknown>) => Record<string, unknown>;

export type VectorRegistry = Readonly<Record<string, VectorAlgorithm>>;

export function hexInput(inputs: Record<string, unknown>, name: string): string {
  const value = inputs[name];
  if (typeof value !== 'string') throw new TypeError(`input "${name}" must be a hex string`);
  return value;
}

export function numberInput(inputs: Record<string, unknown>, name: string): number {
  const value = inputs[name];
  if (typeof value !== 'number') throw new TypeError(`input "${name}" must be a number`);
  return value;
}
