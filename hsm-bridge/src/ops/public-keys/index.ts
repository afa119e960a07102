import type { CommandHandlers } from '../handler';
import { exportIssuerPublicKey } from './export-issuer-public-key';
import { generateIssuerKeyPair } from './generate-issuer-key-pair';
import { generateTestCaKey } from './generate-test-ca-key';
import { iccKeyPoolStatus } from './icc-key-pool-status';
import { importIssuerCertificate } from './import-issuer-certificate';
import { prepareIccKeys } from './prepare-icc-keys';
import { signIssuerCertificateWithTestCa } from './sign-issuer-certificate-with-test-ca';
import { signStaticApplicationData } from './sign-static-application-data';

export const publicKeyHandlers: CommandHandlers<
  | 'generateIssuerKeyPair'
  | 'exportIssuerPublicKey'
  | 'importIssuerCertificate'
  | 'generateTestCaKey'
  | 'signIssuerCertificateWithTestCa'
  | 'signStaticApplicationData'
  | 'prepareIccKeys'
  | 'iccKeyPoolStatus'
> = {
  generateIssuerKeyPair,
  exportIssuerPublicKey,
  importIssuerCertificate,
  generateTestCaKey,
  signIssuerCertificateWithTestCa,
  signStaticApplicationData,
  prepareIccKeys,
  iccKeyPoolStatus: () => iccKeyPoolStatus(),
};
