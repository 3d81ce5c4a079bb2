// Filled in by the cashbook service.
export const cashbookContract = {};
