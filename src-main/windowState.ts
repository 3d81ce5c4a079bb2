import fs from 'node:fs';
import path from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 800 };
export const MIN_SIZE = { width: 960, height: 600 };

/**
 * Put remembered bounds back on a screen that exists now. A window saved on a second monitor
 * that has been unplugged (common on a shop counter PC) must not open off-screen: if too
 * little of it shows on any display, it is centred on the primary display, and it is never
 * larger than that display's work area.
 */
export function clampToDisplays(saved: Rect | null, workAreas: Rect[], primary: Rect): Rect {
  const fitIn = (area: Rect, w: number, h: number) => ({ width: Math.min(w, area.width), height: Math.min(h, area.height) });
  if (!saved || !isFiniteRect(saved)) {
    const size = fitIn(primary, DEFAULT_SIZE.width, DEFAULT_SIZE.height);
    return centre(primary, size);
  }
  const best = workAreas.map((area) => ({ area, overlap: overlapArea(saved, area) })).sort((a, b) => b.overlap - a.overlap)[0];
  // Visible enough to grab: at least a 100 x 50 strip of the window on one display.
  if (!best || best.overlap < 100 * 50 || !titleBarReachable(saved, best.area)) {
    return centre(primary, fitIn(primary, saved.width, saved.height));
  }
  const area = best.area;
  const size = fitIn(area, Math.max(saved.width, MIN_SIZE.width), Math.max(saved.height, MIN_SIZE.height));
  const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - size.width);
  const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - size.height);
  return { x: Math.round(x), y: Math.round(y), ...size };
}

const isFiniteRect = (r: Rect) => [r.x, r.y, r.width, r.height].every(Number.isFinite) && r.width > 0 && r.height > 0;

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The top edge (where the title bar is) must be on the display, or the user cannot move the window. */
const titleBarReachable = (r: Rect, area: Rect) => r.y >= area.y - 10 && r.y < area.y + area.height - 30;

function centre(area: Rect, size: { width: number; height: number }): Rect {
  return {
    x: Math.round(area.x + (area.width - size.width) / 2),
    y: Math.round(area.y + (area.height - size.height) / 2),
    ...size,
  };
}

export function loadWindowState(file: string): WindowState | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<WindowState>;
    const b = parsed.bounds;
    if (!b || typeof b !== 'object' || !isFiniteRect(b as Rect)) return null;
    return { bounds: { x: b.x, y: b.y, width: b.width, height: b.height }, maximized: parsed.maximized === true };
  } catch {
    return null;
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state));
  fs.renameSync(tmp, file);
}
