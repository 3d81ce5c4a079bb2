import { useEffect, useState } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { MethodInput, Party, PartyPage, SyncStatus } from '../../../src-main/contract';
import { call, hasMethod, onEvent } from './client';
import { invalidateForTables } from './live';

export type PartyResource = 'customers' | 'suppliers';
export const partyTypeOf = (resource: PartyResource) => (resource === 'customers' ? 'customer' : 'supplier') as 'customer' | 'supplier';

export interface PartyListParams {
  search: string;
  filter: 'all' | 'get' | 'give' | 'settled';
  sort: 'name' | 'balance-desc' | 'balance-asc' | 'recent';
}

const PAGE = 500;
type NewParty = Omit<MethodInput<'parties.create'>, 'type'>;
type PartyPatch = MethodInput<'parties.update'>['patch'];

/**
 * Live invalidation: after any committed write, local or merged from sync, the core says
 * db.changed and every active query refetches, so the screen shows the database as it is.
 */
export function useLiveInvalidation(client: QueryClient): void {
  useEffect(() => onEvent('db.changed', ({ tables }) => void invalidateForTables(client, tables)), [client]);
}

/** One party list (customers or suppliers) with its mutations; pages load as the list scrolls. */
export function useLedgerData(resource: PartyResource, params: PartyListParams = { search: '', filter: 'all', sort: 'name' }) {
  const type = partyTypeOf(resource);
  // Mutations need no onSuccess invalidation: the core's db.changed refreshes every reader.
  const list = useInfiniteQuery({
    queryKey: ['parties', type, params],
    initialPageParam: 0,
    queryFn: ({ pageParam }) => call('parties.list', { type, ...params, offset: pageParam, limit: PAGE }),
    getNextPageParam: (last: PartyPage, pages) => {
      const loaded = pages.reduce((n, p) => n + p.items.length, 0);
      return loaded < last.total ? loaded : undefined;
    },
    placeholderData: (previous) => previous,
  });
  const create = useMutation({ mutationFn: (input: NewParty) => call('parties.create', { type, ...input }) });
  const batchCreate = useMutation({ mutationFn: (parties: NewParty[]) => call('parties.batchCreate', { type, parties }) });
  const update = useMutation({ mutationFn: (v: { id: string; patch: PartyPatch }) => call('parties.update', { type, ...v }) });
  const remove = useMutation({ mutationFn: (id: string) => call('parties.delete', { type, id }) });
  const restore = useMutation({ mutationFn: (id: string) => call('parties.restore', { type, id }) });

  const pages = list.data?.pages ?? [];
  const first = pages[0];
  const data = first
    ? { items: pages.flatMap((p) => p.items) as Party[], total: first.total, totals: first.totals }
    : undefined;
  return {
    data,
    fetchMore: () => (list.hasNextPage && !list.isFetchingNextPage ? void list.fetchNextPage() : undefined),
    hasMore: list.hasNextPage,
    create: create.mutateAsync,
    batchCreate: batchCreate.mutateAsync,
    update: update.mutateAsync,
    remove: remove.mutateAsync,
    restore: restore.mutateAsync,
    isLoading: list.isLoading,
    isCreating: create.isPending || batchCreate.isPending,
    isUpdating: update.isPending,
    isDeleting: remove.isPending,
    error: list.error,
  };
}

const LOCAL_ONLY: SyncStatus = { state: 'local-only', pending: 0 };

/**
 * The one sync state: asked once, then kept current by sync.status events. A core without a
 * working sync loop (or one that fails to answer) is shown as local-only.
 */
export function useSyncStatus(): SyncStatus {
  const [status, setStatus] = useState<SyncStatus>(LOCAL_ONLY);
  useEffect(() => {
    let live = true;
    const off = onEvent('sync.status', (next) => live && setStatus(next));
    if (hasMethod('sync.status')) {
      call('sync.status', {}).then(
        (next) => live && setStatus(next),
        () => undefined,
      );
    }
    return () => {
      live = false;
      off();
    };
  }, []);
  return status;
}

/**
 * Changes the server refused and this device has not dismissed. A refusal is recorded during a
 * sync round, so the list is asked again whenever the sync status moves.
 */
export function useSyncProblems() {
  const client = useQueryClient();
  const available = hasMethod('sync.problems');
  useEffect(() => onEvent('sync.status', () => void client.invalidateQueries({ queryKey: ['syncProblems'] })), [client]);
  return useQuery({ queryKey: ['syncProblems'], queryFn: () => call('sync.problems', {}), enabled: available });
}
