'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { Select } from '../../_components/ui/form-field';
import { errorMessage, useTRPC } from '../../_trpc/client';

/** The administrator sets the one bureau a bureau operator works for (audited). */
export function OperatorBureauSelect({
  userId,
  username,
  bureauId,
  bureaus,
}: {
  userId: string;
  username: string;
  bureauId: string | null;
  bureaus: { id: string; code: string; name: string }[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const assign = useMutation(trpc.users.setBureau.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <div className="space-y-1">
      <Select
        aria-label={`Bureau of ${username}`}
        className="h-8 text-xs"
        value={bureauId ?? ''}
        disabled={assign.isPending}
        onChange={(e) => {
          if (e.target.value) assign.mutate({ userId, bureauId: e.target.value });
        }}
      >
        {bureauId ? null : <option value="">No bureau: sees no job</option>}
        {bureaus.map((b) => (
          <option key={b.id} value={b.id}>
            {b.code} · {b.name}
          </option>
        ))}
      </Select>
      {assign.error ? (
        <p role="alert" className="text-xs text-red-600">
          {errorMessage(assign.error)}
        </p>
      ) : null}
    </div>
  );
}
