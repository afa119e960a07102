/**
 * EMV data elements (EMV 4.4 Book 3 Annex A) used by the workbench so far: tag, name, format and
 * length. The profile designer grows this into the whole dictionary.
 */
export type DataFormat = 'n' | 'cn' | 'an' | 'ans' | 'b';

export interface DataElement {
  tag: string;
  name: string;
  format: DataFormat;
  /** Length in bytes: a fixed value or an inclusive range. */
  length: number | readonly [number, number];
  /** True when the value must never be shown to a person. */
  secret?: boolean;
}

const elements: readonly DataElement[] = [
  { tag: '4F', name: 'Application Identifier (AID) – card', format: 'b', length: [5, 16] },
  { tag: '50', name: 'Application Label', format: 'ans', length: [1, 16] },
  { tag: '57', name: 'Track 2 Equivalent Data', format: 'b', length: [1, 19] },
  { tag: '5A', name: 'Application Primary Account Number (PAN)', format: 'cn', length: [1, 10] },
  { tag: '5F20', name: 'Cardholder Name', format: 'ans', length: [2, 26] },
  { tag: '5F24', name: 'Application Expiration Date', format: 'n', length: 3 },
  { tag: '5F25', name: 'Application Effective Date', format: 'n', length: 3 },
  { tag: '5F28', name: 'Issuer Country Code', format: 'n', length: 2 },
  { tag: '5F2D', name: 'Language Preference', format: 'an', length: [2, 8] },
  { tag: '5F30', name: 'Service Code', format: 'n', length: 2 },
  { tag: '5F34', name: 'Application PAN Sequence Number', format: 'n', length: 1 },
  { tag: '82', name: 'Application Interchange Profile', format: 'b', length: 2 },
  { tag: '84', name: 'Dedicated File (DF) Name', format: 'b', length: [5, 16] },
  { tag: '87', name: 'Application Priority Indicator', format: 'b', length: 1 },
  { tag: '8C', name: 'Card Risk Management Data Object List 1 (CDOL1)', format: 'b', length: [1, 252] },
  { tag: '8D', name: 'Card Risk Management Data Object List 2 (CDOL2)', format: 'b', length: [1, 252] },
  { tag: '8E', name: 'Cardholder Verification Method (CVM) List', format: 'b', length: [10, 252] },
  { tag: '8F', name: 'Certification Authority Public Key Index', format: 'b', length: 1 },
  { tag: '90', name: 'Issuer Public Key Certificate', format: 'b', length: [1, 248] },
  { tag: '92', name: 'Issuer Public Key Remainder', format: 'b', length: [1, 248] },
  { tag: '93', name: 'Signed Static Application Data', format: 'b', length: [1, 248] },
  { tag: '94', name: 'Application File Locator (AFL)', format: 'b', length: [4, 252] },
  { tag: '9F07', name: 'Application Usage Control', format: 'b', length: 2 },
  { tag: '9F08', name: 'Application Version Number', format: 'b', length: 2 },
  { tag: '9F0D', name: 'Issuer Action Code – Default', format: 'b', length: 5 },
  { tag: '9F0E', name: 'Issuer Action Code – Denial', format: 'b', length: 5 },
  { tag: '9F0F', name: 'Issuer Action Code – Online', format: 'b', length: 5 },
  { tag: '9F10', name: 'Issuer Application Data', format: 'b', length: [1, 32] },
  { tag: '9F11', name: 'Issuer Code Table Index', format: 'n', length: 1 },
  { tag: '9F12', name: 'Application Preferred Name', format: 'ans', length: [1, 16] },
  { tag: '9F1F', name: 'Track 1 Discretionary Data', format: 'ans', length: [1, 54] },
  { tag: '9F32', name: 'Issuer Public Key Exponent', format: 'b', length: [1, 3] },
  { tag: '9F36', name: 'Application Transaction Counter (ATC)', format: 'b', length: 2 },
  { tag: '9F38', name: 'Processing Options Data Object List (PDOL)', format: 'b', length: [1, 252] },
  { tag: '9F42', name: 'Application Currency Code', format: 'n', length: 2 },
  { tag: '9F44', name: 'Application Currency Exponent', format: 'n', length: 1 },
  { tag: '9F46', name: 'ICC Public Key Certificate', format: 'b', length: [1, 248] },
  { tag: '9F47', name: 'ICC Public Key Exponent', format: 'b', length: [1, 3] },
  { tag: '9F48', name: 'ICC Public Key Remainder', format: 'b', length: [1, 248] },
  { tag: '9F49', name: 'Dynamic Data Authentication Data Object List (DDOL)', format: 'b', length: [1, 252] },
  { tag: '9F4A', name: 'Static Data Authentication Tag List', format: 'b', length: [1, 252] },
  { tag: '9F6C', name: 'Card Transaction Qualifiers (CTQ)', format: 'b', length: 2 },
];

const byTag = new Map(elements.map((element) => [element.tag, element]));

export function dataElement(tag: string): DataElement | undefined {
  return byTag.get(tag.toUpperCase());
}

export function tagName(tag: string): string {
  return dataElement(tag)?.name ?? `Unknown tag ${tag.toUpperCase()}`;
}

export function allDataElements(): readonly DataElement[] {
  return elements;
}
