export type { DataElement, DataFormat, ElementFamily, ElementSource } from './types';
export {
  allDataElements,
  dataElement,
  dataElementMeanings,
  searchDataElements,
  tagLabel,
  tagName,
  type SearchOptions,
} from './dictionary';
export {
  checkFormat,
  checkLength,
  decodeValue,
  encodeValue,
  lengthRange,
  validateValue,
} from './value-format';
export { allDataGroupings, dataGrouping, recordDgi, recordOfDgi, type DataGrouping } from './data-groupings';
