'use client';

import { useState } from 'react';
import { Field, TextInput } from '../../../../_components/ui/form-field';

/**
 * A text field that writes into the profile only what its rule accepts: while the text is refused it
 * stays as typed, with the reason under it, and the profile keeps its last good value.
 */
export function ValidatedInput({
  id,
  label,
  value,
  disabled,
  hint,
  mono,
  check,
  onCommit,
}: {
  id: string;
  label: string;
  value: string;
  disabled: boolean;
  hint?: string;
  mono?: boolean;
  /** The reason `text` is refused, or undefined when it is good. */
  check: (text: string) => string | undefined;
  onCommit: (text: string) => void;
}) {
  const [typed, setTyped] = useState<string | null>(null);
  const problem = typed === null ? undefined : check(typed);
  return (
    <Field label={label} htmlFor={id} error={problem} hint={hint}>
      <TextInput
        id={id}
        value={typed ?? value}
        disabled={disabled}
        invalid={problem !== undefined}
        className={mono ? 'font-mono' : undefined}
        onChange={(e) => {
          const text = e.target.value;
          if (check(text) === undefined) {
            setTyped(null);
            onCommit(text);
          } else setTyped(text);
        }}
      />
    </Field>
  );
}

/** The message of the first zod issue, for `check`. */
export function zodProblem(schema: {
  safeParse: (value: unknown) => { success: boolean; error?: { issues: { message: string }[] } };
}) {
  return (text: string) => {
    const result = schema.safeParse(text);
    return result.success ? undefined : result.error?.issues[0]?.message;
  };
}
