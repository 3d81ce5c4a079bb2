import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildInputsHash, buildIsCurrent } from '../scripts/build.mjs';

// `npm start` skips the ~15 s build when nothing it is made of changed; a missed input would
// serve a stale app, so every kind of input must change the hash.
describe('build inputs (scripts/build.mjs)', () => {
  let root: string;
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-build-inputs-'));
    for (const f of ['package.json', 'package-lock.json', 'electron.vite.config.ts', 'tsconfig.json', 'tools/electron/package.json']) write(f, '{}');
    write('src-main/index.ts', 'main');
    write('src-preload/index.ts', 'preload');
    write('src-renderer/src/main.tsx', 'renderer');
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    delete process.env.VITE_LENDEN_TEST;
  });

  it('is stable while nothing changes and changes with every kind of input', () => {
    const base = buildInputsHash(root);
    expect(buildInputsHash(root)).toBe(base);
    const seen = new Set([base]);
    const expectNew = () => {
      const h = buildInputsHash(root);
      expect(seen.has(h)).toBe(false);
      seen.add(h);
    };
    write('src-renderer/src/main.tsx', 'renderer 2');
    expectNew();
    write('src-renderer/src/i18n/locales/bills.hi.json', '{}'); // a new file picked up by a glob import
    expectNew();
    fs.rmSync(path.join(root, 'src-main/index.ts'));
    expectNew();
    write('package-lock.json', '{"v":2}');
    expectNew();
    write('tools/electron/package.json', '{"optionalDependencies":{"electron":"39.0.0"}}');
    expectNew();
    write('.env.production', 'VITE_X=1');
    expectNew();
    process.env.VITE_LENDEN_TEST = '1';
    expectNew();
    // Where a file sits matters, not only what it holds.
    fs.renameSync(path.join(root, 'src-preload/index.ts'), path.join(root, 'src-preload/other.ts'));
    expectNew();
  });

  it('is current only with every bundle present and the stamp of these inputs', () => {
    expect(buildIsCurrent(root)).toBe(false);
    for (const f of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) write(f, '');
    write('node_modules/.cache/lenden/build-inputs', `${buildInputsHash(root)}\n`);
    // The core's worker bundle is part of the app: a build without it is not current.
    expect(buildIsCurrent(root)).toBe(false);
    write('out/main/coreWorker.js', '');
    // So is the core's checkpointer.
    expect(buildIsCurrent(root)).toBe(false);
    write('out/main/checkpointWorker.js', '');
    expect(buildIsCurrent(root)).toBe(true);
    write('src-main/index.ts', 'changed');
    expect(buildIsCurrent(root)).toBe(false);
    write('node_modules/.cache/lenden/build-inputs', buildInputsHash(root));
    fs.rmSync(path.join(root, 'out/renderer/index.html'));
    expect(buildIsCurrent(root)).toBe(false);
  });
});
