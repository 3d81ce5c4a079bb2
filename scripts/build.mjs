// `npm run build`: electron-vite build of the main process, preload and renderer into out/.
// The build takes ~15 s on a 2-core machine, and `npm start`, `npm run dev:web` and
// `npm run bench` all need it, so it is skipped when nothing it reads has changed: a SHA-256 of
// every input (below) is kept after a successful build, and the next build compares.
// `npm run build -- --force` always builds. Release builds (.github/workflows/release.yml) call
// electron-vite directly and never skip.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

// What the three bundles are made of. Whole folders, tests included, rather than the module
// graph: over-including only costs a rebuild, missing an input would serve a stale app.
// Dependencies are covered by the lockfile, the Electron build target by tools/electron.
const INPUT_DIRS = ['src-main', 'src-preload', 'src-renderer'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'electron.vite.config.ts', 'tsconfig.json', 'tools/electron/package.json'];
// Vite reads .env files and these variables into the bundles; electron-vite reads ELECTRON_*.
const INPUT_ENV = /^(NODE_ENV|(MAIN_|PRELOAD_|RENDERER_)?VITE_.*|ELECTRON_.*)$/;
const OUTPUTS = ['out/main/index.js', 'out/main/coreWorker.js', 'out/main/checkpointWorker.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
// Beside the output but not in it: electron-builder packs out/**, and the installers must not change.
const STAMP = 'node_modules/.cache/lenden/build-inputs';

function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

/** SHA-256 over the relative path and content of every build input, and the variables Vite reads. */
export function buildInputsHash(root = ROOT) {
  const hash = createHash('sha256');
  const envFiles = fs.readdirSync(root).filter((name) => name.startsWith('.env'));
  const files = [...INPUT_FILES, ...envFiles].map((f) => path.join(root, f)).filter((f) => fs.existsSync(f));
  for (const dir of INPUT_DIRS) files.push(...listFiles(path.join(root, dir)));
  for (const file of files.sort()) {
    hash.update(`${path.relative(root, file).split(path.sep).join('/')}\0`);
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  for (const name of Object.keys(process.env).filter((k) => INPUT_ENV.test(k)).sort()) hash.update(`${name}=${process.env[name]}\0`);
  return hash.digest('hex');
}

/** True when out/ holds every bundle and was built from exactly these inputs. */
export function buildIsCurrent(root = ROOT, inputs = buildInputsHash(root)) {
  if (!OUTPUTS.every((f) => fs.existsSync(path.join(root, f)))) return false;
  try {
    return fs.readFileSync(path.join(root, STAMP), 'utf8').trim() === inputs;
  } catch {
    return false;
  }
}

/** Builds unless out/ is current. Resolves with whether it built; rejects if the build failed. */
export async function buildIfChanged({ root = ROOT, force = false, log = console.log } = {}) {
  const inputs = buildInputsHash(root);
  if (!force && buildIsCurrent(root, inputs)) {
    log('Build is up to date (inputs unchanged since the last build): skipped. `npm run build -- --force` rebuilds.');
    return false;
  }
  // No stamp while building: an interrupted or failed build must not look current.
  fs.rmSync(path.join(root, STAMP), { force: true });
  const bin = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const code = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'build'], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (c, signal) => resolve(signal ? 1 : (c ?? 1)));
  });
  if (code !== 0) throw new Error(`electron-vite build failed (exit code ${code})`);
  fs.mkdirSync(path.dirname(path.join(root, STAMP)), { recursive: true });
  fs.writeFileSync(path.join(root, STAMP), `${inputs}\n`);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  buildIfChanged({ force: process.argv.includes('--force') }).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
