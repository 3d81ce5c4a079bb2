// `npm ci` / `npm install` run this after every dependency is in place.
//
// Electron comes in as an optional dependency of tools/electron (a dev-only local package), so
// where its binary cannot be downloaded (an offline build machine) npm drops the electron
// package instead of failing and rolling back the whole install. The package itself (its
// TypeScript types, its version for electron-vite's build targets) is still needed to
// typecheck and build the shell, so here it is put back WITHOUT its binary, from the npm
// registry (the tarball npm just fetched, usually from its cache), with its install script
// not run: the same state ELECTRON_SKIP_BINARY_DOWNLOAD=1 used to give. `npm start` then
// finds no binary and opens the browser shell.
//
// Where Electron installed normally (Windows, macOS, any machine that can download it) this
// does nothing. It never fails the install: at worst it prints what to do.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const electronDir = path.join(root, 'node_modules', 'electron');

function pinnedVersion() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'tools', 'electron', 'package.json'), 'utf8'));
  return pkg.optionalDependencies.electron;
}

/** The integrity npm recorded for electron in package-lock.json, if any. */
function lockedIntegrity(version) {
  try {
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
    const entry = lock.packages?.['node_modules/electron'];
    return entry?.version === version ? entry.integrity : undefined;
  } catch {
    return undefined;
  }
}

function npm(args, cwd) {
  // The npm running this install (npm_execpath), so the same cache and registry settings apply.
  const execpath = process.env.npm_execpath;
  const [cmd, argv] = execpath && /\.c?js$/.test(execpath) ? [process.execPath, [execpath, ...args]] : ['npm', args];
  return spawnSync(cmd, argv, { cwd, encoding: 'utf8', shell: cmd === 'npm' && process.platform === 'win32' });
}

function restoreWithoutBinary(version) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-electron-'));
  try {
    const packed = npm(['pack', `electron@${version}`, '--pack-destination', tmp, '--json', '--silent'], tmp);
    if (packed.status !== 0) throw new Error(`npm pack electron@${version} failed: ${packed.stderr.trim()}`);
    const [info] = JSON.parse(packed.stdout);
    const expected = lockedIntegrity(version);
    if (expected && info.integrity !== expected) throw new Error(`electron@${version} from the registry does not match package-lock.json`);
    fs.mkdirSync(electronDir, { recursive: true });
    const untar = spawnSync('tar', ['-xzf', path.join(tmp, info.filename), '-C', electronDir, '--strip-components=1'], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr || untar.error}`);
  } catch (error) {
    fs.rmSync(electronDir, { recursive: true, force: true });
    throw error;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (!fs.existsSync(path.join(electronDir, 'package.json'))) {
  const version = pinnedVersion();
  console.log(`Electron ${version} could not be installed here (its binary download failed), so \`npm start\` will open Lenden in the browser shell.`);
  console.log('To get the desktop app, run `npm ci` again on a machine that can reach the Electron download host.');
  try {
    restoreWithoutBinary(version);
    console.log(`Restored the electron ${version} package without its binary (types and build targets for the desktop shell).`);
  } catch (error) {
    console.warn(`Could not restore the electron package (typecheck and \`npm run build\` of the desktop shell need it): ${error instanceof Error ? error.message : String(error)}`);
  }
}
