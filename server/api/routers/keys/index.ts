import { router } from '../../trpc';
import { addCaPublicKey, createTestCa, listCaPublicKeys } from './ca-public-keys';
import { cancelCeremony, getCeremony, listCeremonies, startCeremony, submitComponent } from './ceremonies';
import { changeKeyStatus } from './change-key-status';
import { generateKey } from './generate-key';
import {
  exportIssuerKeyForCa,
  generateIssuerKey,
  getIssuerKey,
  importIssuerCertificate,
  listIssuerKeys,
  signWithTestCa,
} from './issuer-keys';
import { listKeys } from './list-keys';

export const keysRouter = router({
  list: listKeys,
  generate: generateKey,
  changeStatus: changeKeyStatus,
  ceremonies: router({
    list: listCeremonies,
    get: getCeremony,
    start: startCeremony,
    submitComponent,
    cancel: cancelCeremony,
  }),
  caKeys: router({
    list: listCaPublicKeys,
    add: addCaPublicKey,
    createTestCa,
  }),
  issuerKeys: router({
    list: listIssuerKeys,
    get: getIssuerKey,
    generate: generateIssuerKey,
    exportForCa: exportIssuerKeyForCa,
    importCertificate: importIssuerCertificate,
    signWithTestCa,
  }),
});
