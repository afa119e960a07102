import { toHex } from '../../../../server/emv/bytes';
import { staticDataToSign } from '../../../../server/emv/certificates/static-data';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { keyCheckValue } from '../../key-check-value';
import { requireIssuerKey, signInHsm, withFieldErrors } from './rsa-keys';

/**
 * Signed Static Application Data (tag 93) for a batch of SDA cards (EMV 4.4 Book 2 5.1.1 Table 3 and
 * 5.4): the bridge builds each block from the card's Data Authentication Code and the hash of its
 * static data to be authenticated, and the issuer key signs it in the HSM.
 */
export async function signStaticApplicationData(
  backend: HsmBackend,
  params: CommandParams<'signStaticApplicationData'>,
): Promise<CommandResult<'signStaticApplicationData'>> {
  const issuer = await requireIssuerKey(backend, params.issuerKeyRef, 'SDA signing');
  const blocks = params.cards.map((card, index) =>
    withFieldErrors(`card ${index + 1}: `, () =>
      staticDataToSign(
        Buffer.from(card.dataAuthenticationCode, 'hex'),
        Buffer.from(card.staticData, 'hex'),
        issuer.publicKey.modulus.length,
      ),
    ),
  );
  const cards = [];
  for (const [index, block] of blocks.entries()) {
    const ssad = await signInHsm(backend, issuer, block, `card ${index + 1}: signed static application data`);
    cards.push({ signedStaticApplicationData: toHex(ssad) });
  }
  return {
    issuerKeyRef: issuer.key.keyRef,
    fingerprint: await keyCheckValue(backend, issuer.key),
    cards,
  };
}
