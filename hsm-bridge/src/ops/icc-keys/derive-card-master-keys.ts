import type { CommandParams, CommandResult, KeyUsage } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { deriveIccMasterKeyInHsm, requireIssuerMasterKey } from './icc-master-key';
import { describeTransportKek, encryptKeyUnderKek, requireTransportKek } from './transport-kek';

/**
 * The issuer master key usage each ICC master key needs (TR-31 / ANSI X9.143 E0-E6): a key for
 * application cryptograms cannot stand in for a secure-messaging key, nor the reverse.
 */
const usageByName: Record<string, KeyUsage> = {
  'MK-AC': 'E0',
  'MK-SMC': 'E1',
  'MK-SMI': 'E2',
  'MK-DN': 'E4',
};

/** The usage an issuer master key for the named ICC master key must have; E6 for the other names. */
export function issuerMasterKeyUsageFor(name: string): KeyUsage {
  return usageByName[name] ?? 'E6';
}

/**
 * EMV 4.4 Book 2 A1.4.1 (Option A) / A1.4.2 (Option B): every ICC master key a card needs in one
 * pass, each from its own issuer master key, with odd parity, encrypted (TDES-ECB) under the
 * transport KEK with its 3-byte KCV.
 */
export async function deriveCardMasterKeys(
  backend: HsmBackend,
  params: CommandParams<'deriveCardMasterKeys'>,
): Promise<CommandResult<'deriveCardMasterKeys'>> {
  const issuerMasterKeys = [];
  for (const { name, issuerMasterKeyRef } of params.masterKeys) {
    const usage = issuerMasterKeyUsageFor(name);
    const imk = await requireIssuerMasterKey(
      backend,
      issuerMasterKeyRef,
      [usage],
      `ICC master key derivation (${name})`,
    );
    issuerMasterKeys.push({ name, imk });
  }
  const kek = await requireTransportKek(backend, params.kekRef);
  const cards = [];
  for (const [index, card] of params.cards.entries()) {
    const keys = [];
    for (const { name, imk } of issuerMasterKeys) {
      const derived = await deriveIccMasterKeyInHsm(backend, imk, card, params.method, index);
      keys.push({ name, ...(await encryptKeyUnderKek(backend, kek, derived)) });
    }
    cards.push({ keys });
  }
  return { kek: await describeTransportKek(backend, kek), cards };
}
