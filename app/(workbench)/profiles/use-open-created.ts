'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTRPC } from '../../_trpc/client';

/** After a profile is created: refresh the list and open the new profile. */
export function useOpenCreated() {
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (created: { profile: { id: string } }) => {
    void queryClient.invalidateQueries(trpc.profiles.list.queryFilter());
    router.push(`/profiles/${created.profile.id}`);
  };
}
