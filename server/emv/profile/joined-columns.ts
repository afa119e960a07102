/**
 * How the columns of an additional input sit in a joined cardholder record: under "<input>.<column>"
 * (a main-file column name cannot hold a dot, so the two never collide).
 */
import type { ValueSource } from './schema/common';

export function joinedColumnKey(input: string, column: string): string {
  return `${input}.${column}`;
}

/** The key of a cardholder source's value in the joined record. */
export function cardholderColumnKey(source: Extract<ValueSource, { from: 'cardholder' }>): string {
  return source.input ? joinedColumnKey(source.input, source.column) : source.column;
}
