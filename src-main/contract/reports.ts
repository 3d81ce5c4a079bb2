// Filled in by the reports work.
export const reportsContract = {};
