import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { registerSingleInstance } from './registerSingleInstance';

function fakeApp(gotLock: boolean) {
  const handlers = new Map<string, () => void>();
  return {
    requestSingleInstanceLock: vi.fn(() => gotLock),
    quit: vi.fn(),
    on: vi.fn((name: string, fn: () => void) => handlers.set(name, fn)),
    fire: (name: string) => handlers.get(name)?.(),
  };
}

describe('single instance', () => {
  it('the first launch keeps running and a second launch focuses its window', () => {
    const app = fakeApp(true);
    const focus = vi.fn();
    expect(registerSingleInstance(app as never, focus)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    expect(focus).not.toHaveBeenCalled();
    app.fire('second-instance');
    expect(focus).toHaveBeenCalledTimes(1);
  });

  it('a second launch quits at once and opens nothing', () => {
    const app = fakeApp(false);
    const focus = vi.fn();
    expect(registerSingleInstance(app as never, focus)).toBe(false);
    expect(app.quit).toHaveBeenCalledTimes(1);
    expect(app.on).not.toHaveBeenCalled();
  });
});
