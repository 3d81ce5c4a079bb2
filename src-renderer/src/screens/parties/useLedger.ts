import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { LedgerPage, MethodInput } from '../../../../src-main/contract';
import { call } from '../../api/client';
import type { PartyRef } from '../../app/routes';
import { withSavedEntry } from './ledger-cache';

const PAGE = 200;

/** One party's ledger, newest first, paged by the core's cursor, with entry mutations. */
export function useLedger(party: PartyRef) {
  const client = useQueryClient();
  const key = ['ledger', party.type, party.id];
  const ledger = useInfiniteQuery({
    queryKey: key,
    initialPageParam: undefined as LedgerPage['next'] | undefined,
    queryFn: ({ pageParam }) => call('entries.ledger', { partyType: party.type, partyId: party.id, limit: PAGE, ...(pageParam ? { after: pageParam } : {}) }),
    getNextPageParam: (last: LedgerPage) => last.next ?? undefined,
  });
  // No onSuccess invalidation: db.changed (useLiveInvalidation) refetches the readers, and a
  // second invalidation would cancel that refetch mid-flight and start it again. The saved
  // entry shows at once from the core's answer (the counter's Enter), before that refetch.
  const add = useMutation({
    mutationFn: (input: Omit<MethodInput<'entries.add'>, 'partyType' | 'partyId'>) => call('entries.add', { partyType: party.type, partyId: party.id, ...input }),
    onSuccess: (entry) => client.setQueryData<InfiniteData<LedgerPage>>(key, (data) => withSavedEntry(data, entry)),
  });
  const update = useMutation({ mutationFn: (input: MethodInput<'entries.update'>) => call('entries.update', input) });
  const remove = useMutation({ mutationFn: (id: string) => call('entries.delete', { id }) });
  const restore = useMutation({ mutationFn: (id: string) => call('entries.restore', { id }) });
  const pages = ledger.data?.pages ?? [];
  return {
    party: pages[0]?.party,
    rows: pages.flatMap((p) => p.rows),
    hasMore: ledger.hasNextPage,
    fetchMore: () => (ledger.hasNextPage && !ledger.isFetchingNextPage ? void ledger.fetchNextPage() : undefined),
    isLoading: ledger.isLoading,
    error: ledger.error,
    add: add.mutateAsync,
    isAdding: add.isPending,
    update: update.mutateAsync,
    remove: remove.mutateAsync,
    restore: restore.mutateAsync,
  };
}
