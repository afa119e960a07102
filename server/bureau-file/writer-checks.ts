/** What both writers refuse before writing a byte of a header or a card (content-rules.ts). */
import { cardProblem, headerProblem, sequenceProblem } from './content-rules';
import type { BureauCard, BureauFileHeader } from './types';

export function requireWritableHeader(header: BureauFileHeader, file: string): void {
  const problem = headerProblem(header);
  if (problem) throw new Error(`cannot write the ${file}: ${problem}`);
}

export function requireWritableCard(card: BureauCard, expectedSequence: number, file: string): void {
  const problem = sequenceProblem(card, expectedSequence) ?? cardProblem(card);
  if (problem) throw new Error(`cannot write the ${file}: ${problem}`);
}
