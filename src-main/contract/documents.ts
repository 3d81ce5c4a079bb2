// Filled in by the documents work.
export const documentsContract = {};
