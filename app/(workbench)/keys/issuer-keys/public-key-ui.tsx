'use client';

import type { ZodType } from 'zod';
import { Badge } from '../../../_components/ui/badge';

/** The first problem the shared field schema finds, for inline validation. */
export function fieldProblem(schema: ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}

/** Marks everything that comes from the workbench's own test certification authority. */
export function TestBadge() {
  return (
    <span title="The workbench's TEST certification authority: for test programs only, never for production cards">
      <Badge tone="danger">TEST</Badge>
    </span>
  );
}

export function EnvironmentBadge({ environment }: { environment: 'live' | 'test' }) {
  return <Badge tone={environment === 'live' ? 'success' : 'warning'}>{environment} list</Badge>;
}

export interface CaKeyChoice {
  id: string;
  rid: string;
  index: string;
  environment: 'live' | 'test';
  bits: number;
  source: 'scheme' | 'workbench_test_ca';
}

export function caKeyText(ca: CaKeyChoice): string {
  return `${ca.rid} index ${ca.index} · ${ca.bits} bits${ca.source === 'workbench_test_ca' ? ' · TEST CA' : ''}`;
}

/** Options for a CA key select, the live and the test list apart. */
export function CaKeyOptions({ keys }: { keys: CaKeyChoice[] }) {
  return (
    <>
      {(['live', 'test'] as const).map((environment) => {
        const onList = keys.filter((k) => k.environment === environment);
        return onList.length === 0 ? null : (
          <optgroup key={environment} label={environment === 'live' ? 'Live list' : 'Test list'}>
            {onList.map((k) => (
              <option key={k.id} value={k.id}>
                {caKeyText(k)} ({environment})
              </option>
            ))}
          </optgroup>
        );
      })}
    </>
  );
}
