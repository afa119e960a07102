import {
  expiresAfter,
  expiryInWords,
  isCertificateExpired,
} from '../../../../server/emv/certificates/certificate-checks';
import { maskPan } from '../../../../server/emv/pan';
import { BridgeError } from '../../bridge-error';

/**
 * The expiry checks of prepareIccKeys, made on the bridge's clock before any key is generated. A
 * terminal checks each certificate's expiry against the transaction date (EMV 4.4 Book 2 5.3 step 9
 * for the issuer certificate, 6.4 step 9 for the ICC certificate), and recovers the ICC certificate
 * with the issuer public key (6.3), so an ICC certificate is only as good as its issuer certificate.
 */

/** A day as the refusals write it, in UTC like isCertificateExpired: '21 November 2026'. */
function dayInWords(today: Date): string {
  return today.toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

function dateInWords(mmyy: string): string {
  return `${mmyy} (end of ${expiryInWords(mmyy)})`;
}

/** Book 2 5.3 step 9: every ICC certificate an expired issuer certificate verifies fails with it. */
export function requireIssuerCertificateValid(issuerCertificateExpiry: string, today: Date): void {
  if (isCertificateExpired(issuerCertificateExpiry, today)) {
    throw new BridgeError(
      'BAD_REQUEST',
      `issuer certificate expiry ${dateInWords(issuerCertificateExpiry)} has passed on ${dayInWords(today)}: every ICC certificate it verifies would fail offline data authentication (EMV 4.4 Book 2 5.3 step 9); use an issuer certificate that is still valid`,
    );
  }
}

/**
 * The card's expiry, which its ICC certificates carry (Book 2 Table 14 field 4, for the PIN
 * encipherment certificate too), has not passed and is not later than the issuer certificate's:
 * refused rather than capped, since a date the card profile or the job asked for is not the bridge's
 * to change.
 */
export function requireIccCertificateExpiry(
  card: { pan: string; expiry: string },
  where: string,
  issuerCertificateExpiry: string,
  today: Date,
): void {
  const expires = `${where}PAN ${maskPan(card.pan)} expires ${dateInWords(card.expiry)}`;
  if (isCertificateExpired(card.expiry, today)) {
    throw new BridgeError(
      'BAD_REQUEST',
      `${expires}, which has passed on ${dayInWords(today)}: a certificate is valid through the end of its expiry month (EMV 4.4 Book 2 6.4 step 9)`,
    );
  }
  if (expiresAfter(card.expiry, issuerCertificateExpiry)) {
    throw new BridgeError(
      'BAD_REQUEST',
      `${expires}, later than the issuer certificate that verifies its ICC certificate, ${dateInWords(issuerCertificateExpiry)}: an ICC certificate must not outlive the issuer certificate (EMV 4.4 Book 2 6.3, 6.4 step 9); give the cards an earlier expiry or use an issuer certificate that expires later`,
    );
  }
}
