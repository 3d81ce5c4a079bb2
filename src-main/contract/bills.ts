// Filled in by the bills service.
export const billsContract = {};
