import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestVector } from './types';

/** The published vectors shipped beside the repository (../shared/vectors), or a file named explicitly. */
export function loadVectors(file = defaultVectorFile()): TestVector[] {
  return JSON.parse(readFileSync(file, 'utf8')) as TestVector[];
}

export function defaultVectorFile(): string {
  return path.resolve(import.meta.dirname, '../../../../shared/vectors/emv-vectors.json');
}
