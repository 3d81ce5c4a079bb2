export { createBackup, rotateBackups, runDailyBackup, writeDatabaseCopy, KEEP_AUTO_BACKUPS, DAILY_BACKUP_AGE_MS } from './create';
export { backupsFolderFor, listBackups, parseBackupFileName, backupFileName } from './files';
export { checkSqliteHeader, copyCandidate, inspectCopy, latestMigrationAt, REQUIRED_TABLES } from './inspect';
export { restoreDatabase, type RestoreOptions } from './restore';
export { setBackupHost, backupHostFor, backupPaths, type BackupHost } from './host';
export { inspectBackupFile } from './check';
export { readDiagnostics } from './diagnostics';
