import { loadVectors } from '../emv/vectors/load-vectors';
import { runVector } from '../emv/vectors/run-vectors';

/** `dataprep calc --vectors FILE`: one line per vector, then `N passed, N failed, N skipped`. */
export function calcVectors(file: string): number {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const vector of loadVectors(file)) {
    const outcome = runVector(vector);
    counts[outcome.status]++;
    if (outcome.status === 'passed') console.log(`PASS  ${outcome.name}`);
    else if (outcome.status === 'skipped') console.log(`SKIP  ${outcome.name}: ${outcome.reason}`);
    else {
      const detail = outcome.error
        ? outcome.error
        : outcome.mismatches
            .map((m) => `${m.field}: expected ${String(m.expected)}, got ${String(m.got)}`)
            .join('; ');
      console.log(`FAIL  ${outcome.name}: ${detail}`);
    }
  }
  console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  return counts.failed > 0 ? 1 : 0;
}
