/**
 * The bureau's personalization driver, the test terminal and the issuer host: what runs a prepared card
 * (virtual or not) through personalization and an EMV transaction, and reports each step in words.
 */
export {
  caKeyEntry,
  terminalCapabilities,
  terminalSettings,
  transactionParameters,
  type CaKeyEntry,
  type TerminalConfig,
  type TerminalSettings,
  type TransactionParameters,
} from './config';
export { STEP_TITLES, type StepId, type StepResult } from './context';
export {
  softwareIssuerHost,
  type AuthorisationResponse,
  type CryptogramCheck,
  type CryptogramRequest,
  type IssuerHost,
  type SoftwareIssuerHostOptions,
} from './issuer-host';
export {
  clearKekTranslator,
  personalizeCard,
  type BureauApplication,
  type BureauDgi,
  type CardLink,
  type PersonalizationOptions,
  type PersonalizationResult,
  type SecretTranslation,
  type SecretTranslator,
  type StaticKeys,
} from './personalize';
export { runTransaction, type TransactionReport } from './run-transaction';
export { maskPans, type DecodedNode, type TranscriptEntry } from './transcript';
