// `npm start`: the desktop app (electron-vite dev). Where the Electron binary could not be
// installed (an offline build machine), start the same app in the browser shell instead.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);
let electronPath = null;
try {
  electronPath = require('electron');
} catch {
  electronPath = null;
}
const hasElectron = typeof electronPath === 'string' && fs.existsSync(electronPath);
const [cmd, args] = hasElectron ? ['npx', ['electron-vite', 'dev']] : ['npm', ['run', 'dev:web']];
if (!hasElectron) console.log('Electron is not installed on this machine: starting Lenden in the browser shell instead.');
const result = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
