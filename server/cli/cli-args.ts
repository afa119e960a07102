import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how the command was typed: reported with the command's usage, exit status 2. */
export class UsageError extends Error {}

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

type Values<O extends OptionSpec> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' }
    ? boolean
    : O[K] extends { multiple: true }
      ? string[]
      : string;
};

/** Options every command that talks to the workbench takes. */
export const serverOptions = {
  url: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies OptionSpec;

/**
 * `--name value`, `--name=value` and flags, as node:util parseArgs reads them, with its errors
 * rewritten for people ("unknown option --kee") and the positional arguments counted.
 */
export function parseOptions<O extends OptionSpec>(
  args: string[],
  options: O,
  positionals: readonly string[] = [],
): { values: Values<O>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error as Error & { code?: string }));
  }
  if (parsed.positionals.length > positionals.length) {
    const extra = parsed.positionals[positionals.length]!;
    throw new UsageError(
      positionals.length === 0
        ? `unexpected argument "${extra}"`
        : `unexpected argument "${extra}" after ${positionals.join(' ')}`,
    );
  }
  if (parsed.positionals.length < positionals.length) {
    throw new UsageError(`missing ${positionals[parsed.positionals.length]}`);
  }
  return { values: parsed.values as Values<O>, positionals: parsed.positionals };
}

function parseArgsMessage(error: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? error.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return error.message.includes('argument missing')
        ? `option ${option} needs a value`
        : `option ${option} takes no value`;
    default:
      return error.message;
  }
}

/** The value of a required option, or a usage error that says what to give. */
export function required(value: string | undefined, option: string, what: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${option} is required: ${what}`);
  return value.trim();
}

/** `--key E0=ID --key E1=ID` as { E0: ID, E1: ID }; a name given twice is a mistake. */
export function namedValues(
  list: string[] | undefined,
  option: string,
  form: string,
): Record<string, string> {
  const named: Record<string, string> = {};
  for (const entry of list ?? []) {
    const at = entry.indexOf('=');
    if (at <= 0 || at === entry.length - 1) {
      throw new UsageError(`--${option} takes ${form}, got "${entry}"`);
    }
    const name = entry.slice(0, at).trim();
    if (name in named) throw new UsageError(`--${option} names ${name} twice`);
    named[name] = entry.slice(at + 1).trim();
  }
  return named;
}

/** One of the listed words, or a usage error listing them. */
export function oneOf<T extends string>(
  value: string | undefined,
  option: string,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(
      `--${option} must be ${choices.join(', ').replace(/, ([^,]*)$/, ' or $1')}, got "${value}"`,
    );
  }
  return value as T;
}

/** A whole number option, e.g. --bits 1152. */
export function integer(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${option} must be a whole number, got "${value}"`);
  return Number(value);
}

/** The options that name a new key: its label, TR-31 usage and algorithm (keys generate, ceremonies). */
export const newKeyOptions = {
  label: { type: 'string' },
  usage: { type: 'string' },
  algorithm: { type: 'string' },
} as const;

/** The new key's label, usage and algorithm, each required; `usageHint` says which usage fits the command. */
export function newKeyValues(
  values: { label?: string; usage?: string; algorithm?: string },
  usageHint: string,
): { label: string; usage: string; algorithm: string } {
  return {
    label: required(values.label, 'label', 'the key\u2019s name in the inventory'),
    usage: required(values.usage, 'usage', usageHint),
    algorithm: required(values.algorithm, 'algorithm', 'TDES2, TDES3, AES128, AES192 or AES256'),
  };
}
