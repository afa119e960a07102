/**
 * The virtual card: a software EMV card personalized through a GlobalPlatform secure channel with
 * CPS STORE DATA, then used in EMV transactions (see virtual-card.ts).
 */
export {
  type CardInterface,
  type CrtPrivateKey,
  type IccPrivateKey,
  type ModulusExponentPrivateKey,
  type DirectoryData,
  type PaymentApplicationData,
  isSecretDgi,
  pinFromFormat2Block,
} from './application-data';
export {
  AC_TERMINAL_DATA,
  AC_TYPE_BITS,
  ARC_APPROVED,
  type AcType,
  type ApplicationFamily,
  type CryptogramInput,
  type CryptogramScheme,
  type CvrFacts,
  acTypeOf,
  applicationCryptogramKey,
  arpcKey,
  buildIssuerApplicationData,
  checkIssuerAuthenticationData,
  cryptogramData,
  cryptogramScheme,
  cvnOfIssuerApplicationData,
  issuerAuthenticationData,
} from './cryptogram-scheme';
export { type ScpProtocol, decryptDgiData, encryptDgiData } from './dgi-encryption';
export { type CardSecureChannelConfig } from './secure-channel';
export { SW, describeStatusWord, encodeResponse, responseDataOf, statusWordOf, swHex } from './status-words';
export {
  DEFAULT_ISD_AID,
  PPSE_AID,
  PSE_AID,
  type AppletInstall,
  VirtualCard,
  type VirtualCardOptions,
} from './virtual-card';
