// `npm start`: the desktop app (electron-vite dev). Where the Electron binary could not be
// installed (an offline build machine: see scripts/postinstall.mjs), the same app in the
// browser shell instead, which prints its address.
//
// The browser shell path is kept fast: the renderer is rebuilt only when its inputs changed
// (scripts/build.mjs), and the host runs under node + tsx directly, without npm/npx wrappers.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setInterval, clearInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { buildIfChanged } from './build.mjs';
import { electronBinary } from './electron-binary.mjs';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Runs a child with the terminal, passes Ctrl+C / SIGTERM on to it, and exits with its code. */
function run(cmd, args) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' && cmd === 'npx' });
  const stop = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
  // npm runs this through a shell (sh -c, cmd /c) that does not pass signals on: stopping npm
  // by its PID ends the shell and leaves this process orphaned. Notice it and stop the app too.
  const parent = process.ppid;
  const orphanWatch = setInterval(() => {
    let parentAlive = true;
    try {
      process.kill(parent, 0);
    } catch {
      parentAlive = false;
    }
    if (process.ppid !== parent || !parentAlive) stop('SIGTERM');
  }, 500);
  child.on('exit', (code, signal) => {
    clearInterval(orphanWatch);
    process.exit(code ?? (signal ? 1 : 0));
  });
  child.on('error', (error) => {
    console.error(error.message);
    process.exit(1);
  });
}

if (electronBinary()) {
  run('npx', ['electron-vite', 'dev']);
} else {
  console.log('Electron is not installed on this machine: starting Lenden in the browser shell instead.');
  try {
    await buildIfChanged({ root });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  // What `npm run dev:web` runs after its build.
  run(process.execPath, ['--import', 'tsx', path.join('src-main', 'web', 'start.ts')]);
}
