import type { KeyObject } from 'node:crypto';
import { toHex } from '../../../../server/emv/bytes';
import { issuerIdentifierMatchesPan } from '../../../../server/emv/certificates/certificate-checks';
import {
  applicationPanField,
  iccCertificateData,
  iccPinEnciphermentCertificateData,
  type IccCertificateFields,
} from '../../../../server/emv/certificates/icc-certificate';
import type { RsaPublicKey } from '../../../../server/emv/certificates/rsa';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { IccPrivateKeyForm } from '../../../../server/emv/hsm-commands/public-keys';
import { maskPan } from '../../../../server/emv/pan';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { describeTransportKek, requireTransportKek } from '../icc-keys/transport-kek';
import { iccKeyPool } from './icc-key-pool';
import { requireIccCertificateExpiry, requireIssuerCertificateValid } from './icc-certificate-expiry';
import { crtComponentsUnderKek, iccPublicKey, modulusExponentUnderKek } from './icc-private-key';
import {
  issuerIdentifierField,
  publicKeyHex,
  requireIssuerKey,
  signInHsm,
  withFieldErrors,
  type HsmRsaKey,
} from './rsa-keys';

type IccKeyResult = CommandResult<'prepareIccKeys'>['cards'][number]['icc'];
type CardFields = Omit<IccCertificateFields, 'iccPublicKey'>;

/**
 * Per card an ICC RSA key pair and its ICC Public Key Certificate (EMV 4.4 Book 2 6.3, Table 14), the
 * hash covering the card's static data to be authenticated for DDA/CDA; optionally an ICC PIN
 * encipherment key pair and certificate (Book 2 7.1). The bridge builds each certificate from the
 * fields given, after checking them (PAN within the issuer identifier, expiry neither passed on
 * `today` nor later than the issuer certificate's, key lengths), and the issuer key signs it in the HSM.
 * `today` is the bridge's clock; it is not a protocol parameter, so no caller can move the check.
 *
 * ICC key pairs are generated in the bridge with node:crypto whatever the backend: an ICC private key
 * leaves for the card anyway, and it leaves only encrypted under the KEK (usage K0), as CRT components
 * for the CPS DGIs 8201-8205 or as modulus and private exponent (EMV CPS v1.1 Annex A). SoftHSM2 could
 * not wrap them with DES, so the HSM's part is the KEK.
 */
export async function prepareIccKeys(
  backend: HsmBackend,
  params: CommandParams<'prepareIccKeys'>,
  today = new Date(),
): Promise<CommandResult<'prepareIccKeys'>> {
  const issuer = await requireIssuerKey(backend, params.issuerKeyRef, 'ICC certificate signing');
  const kek = await requireTransportKek(backend, params.kekRef, 'ICC private key transport');
  requireIssuerCertificateValid(params.issuerCertificateExpiry, today);
  const privateKeyForm = params.privateKeyForm ?? 'crt';
  const issuerBits = issuer.publicKey.modulus.length * 8;
  // Book 2 6.1: an ICC key is not longer than the issuer key that certifies it.
  if (params.iccBits > issuerBits) {
    throw new BridgeError(
      'BAD_REQUEST',
      `iccBits ${params.iccBits} is longer than issuer key ${params.issuerKeyRef} (${issuerBits} bits): an ICC key must not be longer than the issuer key that certifies it`,
    );
  }
  const issuerIdentifier = issuerIdentifierField(params.issuerIdentifier);
  // Every card is checked before any key is generated, so a bad row costs nothing.
  const cards: CardFields[] = params.cards.map((card, index) => {
    const where = `card ${index + 1}: `;
    if (!issuerIdentifierMatchesPan(issuerIdentifier, card.pan)) {
      throw new BridgeError(
        'BAD_REQUEST',
        `${where}PAN ${maskPan(card.pan)} is outside issuer identifier ${params.issuerIdentifier}`,
      );
    }
    requireIccCertificateExpiry(card, where, params.issuerCertificateExpiry, today);
    return {
      pan: applicationPanField(card.pan),
      expiry: Buffer.from(card.expiry, 'hex'),
      serial: Buffer.from(card.serial, 'hex'),
      staticData: Buffer.from(card.staticData, 'hex'),
    };
  });

  const keysPerCard = params.pinEncipherment ? 2 : 1;
  const keys = await iccKeyPool.take(params.iccBits, params.iccExponent, cards.length * keysPerCard);
  const results = [];
  for (const [index, card] of cards.entries()) {
    const where = `card ${index + 1}: `;
    const icc = await certifyIccKey(
      backend,
      issuer,
      params.kekRef,
      privateKeyForm,
      keys[index * keysPerCard]!,
      where,
      (key) => iccCertificateData({ ...card, iccPublicKey: key }, issuer.publicKey.modulus.length),
    );
    if (!params.pinEncipherment) {
      results.push({ icc });
      continue;
    }
    const { staticData: _notHashed, ...pinFields } = card;
    const pinEncipherment = await certifyIccKey(
      backend,
      issuer,
      params.kekRef,
      privateKeyForm,
      keys[index * keysPerCard + 1]!,
      `${where}PIN encipherment key: `,
      (key) =>
        iccPinEnciphermentCertificateData(
          { ...pinFields, iccPublicKey: key },
          issuer.publicKey.modulus.length,
        ),
    );
    results.push({ icc, pinEncipherment });
  }
  return {
    issuerKeyRef: issuer.key.keyRef,
    kek: await describeTransportKek(backend, kek),
    cards: results,
  };
}

async function certifyIccKey(
  backend: HsmBackend,
  issuer: HsmRsaKey,
  kekRef: string,
  privateKeyForm: IccPrivateKeyForm,
  privateKey: KeyObject,
  where: string,
  certificateData: (key: RsaPublicKey) => { data: Buffer; remainder: Buffer },
): Promise<IccKeyResult> {
  const publicKey = iccPublicKey(privateKey);
  const { data, remainder } = withFieldErrors(where, () => certificateData(publicKey));
  const certificate = await signInHsm(backend, issuer, data, `${where}ICC certificate`);
  return {
    certificate: toHex(certificate),
    remainder: toHex(remainder),
    ...publicKeyHex(publicKey),
    privateKeyUnderKek:
      privateKeyForm === 'crt'
        ? await crtComponentsUnderKek(backend, kekRef, privateKey)
        : await modulusExponentUnderKek(backend, kekRef, privateKey),
  };
}
