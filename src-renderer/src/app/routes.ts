export const SCREENS = ['dashboard', 'customers', 'suppliers', 'bills', 'items', 'cashbook', 'staff', 'reports', 'settings', 'collect'] as const;
/** Alt+1 … Alt+9 open the first nine screens in order; Alt+0 the tenth. */
export const screenKey = (index: number) => (index === 9 ? '0' : String(index + 1));
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
