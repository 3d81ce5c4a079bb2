import { isShellLanguage, type ShellLanguage } from './shellWords';

/**
 * The shell follows the person's UI language: the profile's language the window uses. It asks
 * the core at start and again whenever the profile changes (a `db.changed` naming profiles:
 * the person switched language in Settings, or their profile arrived by sync), and calls
 * `onChange` so the menu and the tray are drawn again in it.
 */
export function followLanguage(opts: {
  initial: ShellLanguage;
  /** The profile's language from the core, or null when there is none yet. */
  read(): Promise<unknown>;
  onChange(language: ShellLanguage): void;
}) {
  let current = opts.initial;
  const refresh = async (): Promise<ShellLanguage> => {
    const language = await opts.read().catch(() => null);
    if (isShellLanguage(language) && language !== current) {
      current = language;
      opts.onChange(language);
    }
    return current;
  };
  return {
    current: () => current,
    refresh,
    /** Feed every core event here; only profile changes matter. */
    onEvent(event: string, payload: unknown): void {
      const tables = (payload as { tables?: unknown } | null)?.tables;
      if (event === 'db.changed' && Array.isArray(tables) && tables.includes('profiles')) void refresh();
    },
  };
}
