/**
 * Format and length checks of a value against its data element (EMV 4.4 Book 3 section 4.3), and the
 * conversion between the readable form an analyst types ("0840", "VISA CREDIT", "5C00") and bytes.
 * Messages name the tag and the element: "9F08 Application Version Number must be 2 bytes, got 3".
 */
import { fromHex, toHex } from '../bytes';
import { dataElement } from './dictionary';
import type { DataElement, ElementFamily } from './types';

export function lengthRange(element: DataElement): readonly [number, number] {
  return typeof element.length === 'number' ? [element.length, element.length] : element.length;
}

function label(element: DataElement): string {
  return `${element.tag} ${element.name}`;
}

function describeLength(element: DataElement): string {
  const [min, max] = lengthRange(element);
  return min === max ? `${min} byte${min === 1 ? '' : 's'}` : `${min} to ${max} bytes`;
}

/** The length check: `undefined` when the length is allowed. */
export function checkLength(element: DataElement, length: number): string | undefined {
  const [min, max] = lengthRange(element);
  if (length < min || length > max)
    return `${label(element)} must be ${describeLength(element)}, got ${length}`;
  if (element.lengthMultipleOf && length % element.lengthMultipleOf !== 0) {
    return `${label(element)} must be a multiple of ${element.lengthMultipleOf} bytes, got ${length}`;
  }
  return undefined;
}

/** Book 3 4.3 and Annex A: Application Label (50) is ans "with the special character limited to space". */
const SPACE_ONLY_SPECIAL = new Set(['50']);

const CHARSETS: Record<'a' | 'an' | 'ans', { pattern: RegExp; words: string }> = {
  a: { pattern: /^[A-Za-z]*$/, words: 'letters only (format a)' },
  an: { pattern: /^[A-Za-z0-9]*$/, words: 'letters and digits only (format an)' },
  ans: { pattern: /^[\x20-\x7E]*$/, words: 'printable characters only (format ans)' },
};

function charsetOf(element: DataElement): { pattern: RegExp; words: string } | undefined {
  if (SPACE_ONLY_SPECIAL.has(element.tag) && element.format === 'ans') {
    return {
      pattern: /^[A-Za-z0-9 ]*$/,
      words: 'letters, digits and spaces only (format ans, special characters limited to space)',
    };
  }
  if (element.format === 'a' || element.format === 'an' || element.format === 'ans')
    return CHARSETS[element.format];
  return undefined;
}

/** The format check on the value's bytes: `undefined` when they are well formed. */
export function checkFormat(element: DataElement, bytes: Uint8Array): string | undefined {
  const hex = toHex(bytes);
  switch (element.format) {
    case 'b':
      return undefined;
    case 'n':
      return /^[0-9]*$/.test(hex)
        ? undefined
        : `${label(element)} must hold BCD digits (format n), got ${hex}`;
    case 'cn':
      return /^[0-9]*F*$/.test(hex)
        ? undefined
        : `${label(element)} must hold digits padded on the right with F (format cn), got ${hex}`;
    default: {
      const charset = charsetOf(element)!;
      const text = Buffer.from(bytes).toString('latin1');
      return charset.pattern.test(text)
        ? undefined
        : `${label(element)} must hold ${charset.words}, got "${text}"`;
    }
  }
}

/** Both checks on a value; an unknown tag gives one message saying so. */
export function validateValue(tag: string, value: Uint8Array, family?: ElementFamily): string[] {
  const element = dataElement(tag, family);
  if (!element) return [`${tag.toUpperCase()} is not in the data dictionary`];
  return [checkLength(element, value.length), checkFormat(element, value)].filter(
    (message): message is string => message !== undefined,
  );
}

/**
 * Bytes of a value typed in its readable form: digits for n and cn, text for a/an/ans, hex for b.
 * n is right-justified with leading zeroes to the element's fixed length (Book 3 4.3); cn is padded on
 * the right with 'F'. Throws a RangeError naming the element when the text cannot be encoded.
 */
export function encodeValue(element: DataElement, text: string): Buffer {
  const [, max] = lengthRange(element);
  const fixed = typeof element.length === 'number' ? element.length : undefined;
  switch (element.format) {
    case 'b':
      return fromHex(text, label(element));
    case 'n': {
      if (!/^[0-9]+$/.test(text))
        throw new RangeError(`${label(element)} must be digits (format n), got "${text}"`);
      const digits = fixed ? fixed * 2 : text.length + (text.length % 2);
      if (text.length > digits || digits > max * 2) {
        throw new RangeError(`${label(element)} holds at most ${max * 2} digits, got ${text.length}`);
      }
      return Buffer.from(text.padStart(digits, '0'), 'hex');
    }
    case 'cn': {
      if (!/^[0-9]+$/.test(text))
        throw new RangeError(`${label(element)} must be digits (format cn), got "${text}"`);
      if (text.length > max * 2) {
        throw new RangeError(`${label(element)} holds at most ${max * 2} digits, got ${text.length}`);
      }
      const digits = fixed ? fixed * 2 : text.length + (text.length % 2);
      return Buffer.from(text.padEnd(digits, 'F'), 'hex');
    }
    default: {
      const problem = checkFormat(element, Buffer.from(text, 'latin1'));
      if (problem) throw new RangeError(problem);
      return Buffer.from(text, 'latin1');
    }
  }
}

/** The readable form of a value's bytes: the inverse of `encodeValue`. */
export function decodeValue(element: DataElement, bytes: Uint8Array): string {
  switch (element.format) {
    case 'b':
      return toHex(bytes);
    case 'n':
      return toHex(bytes);
    case 'cn':
      return toHex(bytes).replace(/F+$/, '');
    default:
      return Buffer.from(bytes).toString('latin1');
  }
}
