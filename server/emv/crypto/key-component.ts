/**
 * A clear key component as a custodian types it for a key ceremony (contract:
 * server/emv/hsm-commands/key-blocks.ts): its length per algorithm, and the checks both the browser and
 * the CLI make before computing its KCV and encrypting it to the HSM. Pure, browser-safe.
 */
export type CeremonyAlgorithm = 'TDES2' | 'TDES3' | 'AES128' | 'AES192' | 'AES256';

/** Bytes of one component: double/triple-length TDES, AES-128/192/256. */
export const componentLength: Record<CeremonyAlgorithm, number> = {
  TDES2: 16,
  TDES3: 24,
  AES128: 16,
  AES192: 24,
  AES256: 32,
};

/**
 * The component as upper-case hex (spaces and line breaks allowed in what was typed), or a message
 * saying what is wrong with it.
 */
export function componentHex(
  text: string,
  algorithm: CeremonyAlgorithm,
): { hex: string } | { problem: string } {
  const clean = text.replace(/\s+/g, '').toUpperCase();
  if (!/^[0-9A-F]*$/.test(clean)) return { problem: 'A component is hexadecimal: 0-9 and A-F only.' };
  const expected = componentLength[algorithm] * 2;
  if (clean.length !== expected) {
    return { problem: `A ${algorithm} component is ${expected} hex digits; this one has ${clean.length}.` };
  }
  return { hex: clean };
}
