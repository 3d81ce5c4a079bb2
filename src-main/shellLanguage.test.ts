import { describe, expect, it, vi } from 'vitest';
import { followLanguage } from './shellLanguage';

describe('the shell follows the UI language', () => {
  it('asks the core at start and again only when the profile changes', async () => {
    let profile: unknown = 'hi';
    const onChange = vi.fn();
    const read = vi.fn(async () => profile);
    const lang = followLanguage({ initial: 'en', read, onChange });
    expect(await lang.refresh()).toBe('hi');
    expect(onChange).toHaveBeenCalledWith('hi');
    lang.onEvent('db.changed', { tables: ['transactions'] });
    lang.onEvent('sync.status', { state: 'synced' });
    expect(read).toHaveBeenCalledTimes(1);
    profile = 'en';
    lang.onEvent('db.changed', { tables: ['profiles'] });
    await vi.waitFor(() => expect(onChange).toHaveBeenLastCalledWith('en'));
    expect(lang.current()).toBe('en');
  });

  it('keeps the language it has when the core has no profile, fails, or answers garbage', async () => {
    const onChange = vi.fn();
    for (const read of [async () => null, async () => 'fr', () => Promise.reject(new Error('down'))]) {
      const lang = followLanguage({ initial: 'hi', read, onChange });
      expect(await lang.refresh()).toBe('hi');
    }
    expect(onChange).not.toHaveBeenCalled();
  });
});
