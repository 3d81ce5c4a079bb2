import type { QueryClient } from '@tanstack/react-query';

/**
 * Which screens' queries read each table. After db.changed only those refetch, so a quick
 * entry does not also reload settings or staff. A table not listed here refreshes all.
 */
const READERS: Record<string, string[]> = {
  customers: ['parties', 'ledger', 'recent', 'bills', 'reports', 'collect'],
  suppliers: ['parties', 'ledger', 'recent', 'bills', 'reports', 'collect'],
  // Entries with a payment mode count in the cashbook.
  transactions: ['parties', 'ledger', 'recent', 'bills', 'reports', 'cashbook', 'collect'],
  // Bill lines move stock.
  bills: ['bills', 'ledger', 'parties', 'recent', 'reports', 'items', 'cashbook', 'collect'],
  bill_items: ['bills', 'reports', 'items'],
  // Salary and advances are cashbook entries: the Staff screen's money reads them.
  cashbook_entries: ['cashbook', 'reports', 'staff'],
  items: ['items', 'bills', 'reports'],
  stock_adjustments: ['items', 'reports'],
  print_settings: ['printing'],
  staff: ['attendance', 'staff'],
  attendance: ['attendance', 'staff'],
  business_settings: ['settings', 'appInfo', 'bills', 'reports', 'collect'],
  profiles: ['profile'],
  // To collect: promises and reminders show there and on the party's page.
  payment_promises: ['collect'],
  reminders: ['collect'],
};

export function invalidateForTables(client: QueryClient, tables: string[]): Promise<void> {
  const roots = new Set<string>();
  for (const table of tables) {
    const readers = READERS[table];
    if (!readers) return client.invalidateQueries();
    for (const root of readers) roots.add(root);
  }
  return client.invalidateQueries({ predicate: (query) => roots.has(String(query.queryKey[0])) });
}
