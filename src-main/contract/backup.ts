// Filled in by the backup work.
export const backupContract = {};
