// Filled in by the sync work.
export const syncContract = {};
