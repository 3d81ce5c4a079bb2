import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openHarness, overflow, rendererBuilt, screenshotPath, type Harness } from './harness';
import { eventually } from './eventually';

describe.skipIf(!chromiumAvailable || !rendererBuilt)('backups from Settings', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('"Back up now" writes a real SQLite copy into the backups folder and lists it', async () => {
    const { page } = h;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('backup-now').click();
    await eventually(() => page.getByTestId('backup-message').textContent()).toContain('lenden-manual-');
    await eventually(() => page.getByTestId('backup-list').locator('li').count()).toBe(1);
    const list = (await h.host.core.handle('backup.list', {})) as { ok: true; value: { path: string; kind: string }[] };
    expect(list.value).toHaveLength(1);
    expect(list.value[0]!.kind).toBe('manual');
    expect(fs.readFileSync(list.value[0]!.path).subarray(0, 15).toString()).toBe('SQLite format 3');
    expect(await overflow(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('settings-backups-en'), fullPage: true });
  });
});
