/**
 * The files the bureau receives for a job (docs/formats.md, "Files for the bureau"): the CPS file,
 * the same content as JSON Lines, and the manifest, with the MAC that protects them. Pure: node:crypto,
 * zod for the JSON shapes and the EMV core only; the job service feeds it cards, the HSM computes the
 * MACs (macOutputData), and the bureau's side verifies with clear keys.
 */
export {
  applicationMacInput,
  applicationMacTag,
  computeApplicationMac,
  verifyApplicationMacs,
} from './application-mac';
export { BureauFileError } from './bureau-file-error';
export { bureauMac, bureauMacLength } from './bureau-mac';
export { verifyBureauFile, type DeliveryVerdict } from './bureau-verification';
export { canonicalJson } from './canonical-json';
export { cpsMagic, cpsVersion, moduleCode } from './cps-layout';
export { parseCpsFile } from './cps-parser';
export { writeCpsFile } from './cps-writer';
export { digestingStream, type FileDigest } from './file-digest';
export { jsonlFormat, jsonlVersion } from './jsonl-layout';
export { parseJsonLinesFile } from './jsonl-parser';
export { writeJsonLinesFile } from './jsonl-writer';
export { recoverMacKey } from './mac-key';
export {
  buildManifest,
  manifestFormat,
  manifestMacInput,
  manifestText,
  manifestVersion,
  parseManifest,
  unsignedManifest,
  verifyManifest,
  type ManifestParams,
  type UnsignedBureauManifest,
} from './manifest';
export type * from './types';
