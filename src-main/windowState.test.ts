import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clampToDisplays, loadWindowState, saveWindowState } from './windowState';

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 984 };

describe('window state', () => {
  it('keeps bounds that are on a display', () => {
    expect(clampToDisplays({ x: 100, y: 80, width: 1200, height: 760 }, [primary, right], primary)).toEqual({ x: 100, y: 80, width: 1200, height: 760 });
    expect(clampToDisplays({ x: 2000, y: 50, width: 1000, height: 700 }, [primary, right], primary)).toEqual({ x: 2000, y: 50, width: 1000, height: 700 });
  });

  it('centres on the primary display when the saved monitor is gone', () => {
    expect(clampToDisplays({ x: 2000, y: 50, width: 1000, height: 700 }, [primary], primary)).toEqual({ x: 460, y: 170, width: 1000, height: 700 });
  });

  it('pulls a window hanging off the edge back in and shrinks it to the work area', () => {
    expect(clampToDisplays({ x: 1500, y: 900, width: 1200, height: 800 }, [primary], primary)).toEqual({ x: 720, y: 240, width: 1200, height: 800 });
    expect(clampToDisplays({ x: -50, y: 0, width: 3000, height: 2000 }, [primary], primary)).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });

  it('refuses a title bar above the screen and garbage, using defaults', () => {
    expect(clampToDisplays({ x: 100, y: -700, width: 1200, height: 800 }, [primary], primary).y).toBeGreaterThanOrEqual(0);
    expect(clampToDisplays(null, [primary], primary)).toEqual({ x: 320, y: 120, width: 1280, height: 800 });
    expect(clampToDisplays({ x: NaN, y: 0, width: 10, height: 10 }, [primary], primary)).toEqual({ x: 320, y: 120, width: 1280, height: 800 });
  });

  it('saves and loads; a broken file means no saved state', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-ws-'));
    const file = path.join(dir, 'window-state.json');
    expect(loadWindowState(file)).toBeNull();
    saveWindowState(file, { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true });
    expect(loadWindowState(file)).toEqual({ bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true });
    fs.writeFileSync(file, '{"bounds":');
    expect(loadWindowState(file)).toBeNull();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
