export const SCREENS = ['dashboard', 'customers', 'suppliers', 'bills', 'items', 'cashbook', 'staff', 'reports', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export interface PartyRef {
  type: 'customer' | 'supplier';
  id: string;
}

/** Where the app is: a screen, and on the party screens optionally one party's ledger. */
export interface Route {
  screen: Screen;
  party?: PartyRef;
}
