/**
 * The card profile designer's pure core: the profile model (zod schemas, also the JSON format), the
 * computed AFL and AIP, the checks, the DGIs of a card, previews and diffs.
 */
export {
  computeAfl,
  computeAflEntries,
  decodeAfl,
  encodeAfl,
  recordsOfAfl,
  type AflEntry,
  type RecordRef,
} from './afl';
export { aipBitIds, computeAip, type AipOptions } from './aip';
export { AIP_BITS, AUC_BITS, TVR_BITS, bitName, decodeBits, encodeBits, type BitDefinition } from './bits';
export type { CardData, SecretItem, SecretValue } from './card-data';
export { blankApplication, blankProfile, type BlankProfileInput } from './builders/blank';
export { canSubmit, checkProfileJson, checks, type ProfileIssue, type Severity } from './checks';
export { defaultCpsMapping } from './cps-defaults';
export { decodeCvmList, encodeCvmList, type CvmList } from './cvm';
export { CVN_TABLE, MINIMUM_CDOL1, cvnProfile, type CvnProfile, type SessionKeyMethod } from './cvn';
export {
  COUNTRIES,
  CURRENCIES,
  countryByCode,
  currencyByCode,
  type Country,
  type Currency,
} from './data/codes';
export { demoProfiles, DEMO_PROFILE_FILES } from './demo-profiles';
export { buildDgis, encodeDgi, type BuiltDgi } from './dgis';
export { diffProfiles, type ProfileChange } from './diff';
export { buildPpse, buildPse, ppseDgis, pseDgis, PPSE_NAME, PSE_NAME } from './directories';
export { aflFor, aipFor, computedAfl, computedAip, interfacesOf, recordsFor } from './interfaces';
export { cardApplications, previewCard, type ApplicationPreview, type CardPreview } from './preview';
export * from './schema/application';
export * from './schema/card';
export * from './schema/common';
export * from './schema/document';
export { previewSurface, renderEmbossing, type SurfacePreview } from './surface';
export { templateOwnedTags, templateValue } from './template-values';
export { buildTrack1, buildTrack2, buildTrack2Equivalent } from './tracks';
export type { PreviewNode } from './tree';
export { describeSource, resolveValue, type ResolvedValue } from './values';
