import i18n from 'i18next';
import { ApiCallError } from '../api/client';
import { FIELD_PATH, LABELS, PATTERNS, WORDS } from './core-messages';
import { messages, type Messages } from './resources';

/**
 * The core writes its messages in English for people. For Hindi the common ones are looked
 * up here by their exact text (here and in locales/core-errors.*.json) or a pattern
 * (core-messages.ts) and shown in Hindi; messages-complete.test.ts finds every one the core
 * can say. Anything not listed falls back to the core's English sentence, so no message is ever lost.
 */
export const KNOWN_MESSAGES: Record<string, string> = {
  'Wrong email or password.': 'wrongPassword',
  'Cannot reach the server. Check the internet connection.': 'noServer',
  'An account with this email already exists. Sign in instead.': 'accountExists',
  'Check your email to confirm the account, then sign in.': 'confirmEmail',
  'Sign out before connecting to another server.': 'signOutFirst',
  'Connect to a Supabase server first (Settings → Account).': 'connectFirst',
  'Enter a valid email address.': 'badEmail',
  'Password must be at least 8 characters.': 'shortPassword',
  'Password is too long.': 'longPassword',
  'Server URL must be a web address like https://xyz.supabase.co.': 'badServerUrl',
  'Server URL must use https (plain http only for a server on this computer).': 'httpsOnly',
  'That does not look like a server key.': 'badAnonKey',
  'Paste the connection code from the shop’s first computer.': 'connectionEmpty',
  'This is not a Lenden connection code. Copy the whole code from the shop’s first computer.': 'connectionNotACode',
  'This connection code is incomplete or changed. Copy it again from the shop’s first computer.': 'connectionDamaged',
  'This connection code points to a server Lenden cannot use safely (it must use https).': 'connectionServer',
  'Sync is not turned on on this computer yet.': 'syncOff',
  'Amount must be more than zero.': 'amountPositive',
  'Amount is too large.': 'amountTooLarge',
  'Amount cannot be negative.': 'amountNegative',
  'Date must look like 2026-11-25.': 'badDate',
  'That date does not exist.': 'noSuchDate',
  'Date must be between 2000 and 2099.': 'dateRange',
  'Phone must be 6 to 15 digits, optionally starting with +.': 'badPhone',
  'GSTIN must be 15 characters like 27ABCDE1234F1Z0.': 'badGstin',
  'The GSTIN does not start with a valid state code.': 'gstinState',
  'This GSTIN has a typing mistake: its last character does not match the rest.': 'gstinChecksum',
  'The GSTIN belongs to another state than the one chosen.': 'gstinOtherState',
  'State must be a GST state code like 27.': 'badState',
  'The start date must not be after the end date.': 'startAfterEnd',
  'A bill needs at least one line.': 'billNoLines',
  'A bill must come to more than zero.': 'billZero',
  'The discount cannot be more than the value of the lines.': 'discountTooBig',
  'The due date cannot be before the bill date.': 'dueBeforeBill',
  'HSN/SAC must be 2 to 8 digits.': 'badHsn',
  'Quantity must be more than zero.': 'qtyPositive',
  'Invoice prefix may use letters, digits, / and - only.': 'badPrefix',
  'Attendance cannot be marked for a future day.': 'futureAttendance',
  'That bill was deleted. Restore it first.': 'billDeleted',
  'That entry was deleted.': 'entryDeleted',
  'Lenden is not connected.': 'notConnected',
  'Lost the connection to the Lenden host.': 'lostConnection',
  'Something went wrong inside Lenden.': 'internal',
  'Has a hidden control character or a broken symbol.': 'badText',
  'The sync server refused this app’s key. Check the server address and key in Settings → Account.': 'badKey',
  'Cannot reach the sync server. Check the internet connection and try again.': 'noSyncServer',
  'Only the owner of the shop can do that.': 'ownerOnly',
  'You are no longer a member of this shop.': 'noLongerMember',
  'This invitation is no longer open.': 'invitationClosed',
  'You cannot remove yourself.': 'cannotRemoveSelf',
  'This is the computer you are using; remove it from another one.': 'cannotRemoveThisComputer',
  'Sign in to the sync server first (Settings → Account).': 'signInFirst',
  'That person is not a member of this shop.': 'notAMember',
  'The shop’s settings have not arrived on this computer yet. Wait for the first sync to finish, then try again.': 'settingsArriving',
  'There is nothing to undo.': 'nothingToUndo',
  'This was changed again after that (here or on another computer), so it cannot be undone. Open it and correct it by hand.': 'changedSince',
  'Only changes made on this computer can be undone here.': 'undoOtherComputer',
};

/** Every exact core sentence of locales/core-errors.*.json, by its English text → `errors.core.*`. */
const CORE_MESSAGES: Record<string, string> = Object.fromEntries(
  Object.entries((messages.en.errors as Messages).core as Record<string, string>)
    .filter(([, english]) => !english.includes('{{'))
    .map(([key, english]) => [english, `core.${key}`]),
);

/**
 * Several core sentences run together ("problem. problem."): each said in the UI language,
 * the longest run first (one sentence may hold ". " itself); the English when any is unknown.
 */
function sentences(text: string): string {
  const whole = translateMessage(text);
  if (whole !== text) return whole;
  const parts = text.split(/(?<=\.) (?=\S)/);
  const said: string[] = [];
  for (let i = 0; i < parts.length; ) {
    let j = parts.length;
    for (; j > i; j--) {
      const piece = parts.slice(i, j).join(' ');
      const translated = j - i < parts.length ? translateMessage(piece) : piece;
      if (translated !== piece) {
        said.push(translated);
        break;
      }
    }
    if (j === i) return text;
    i = j;
  }
  return said.join(' ');
}

/** One named part of a pattern in the UI language, or null when it cannot be said there. */
function partText(name: string, value: string): string | null {
  if (name === 'field') return LABELS[value] ? i18n.t(`errors.label.${LABELS[value]}`) : null;
  if (name === 'table') return i18n.exists(`syncPanel.table.${value}`) ? i18n.t(`syncPanel.table.${value}`) : value;
  if (name === 'inner') return sentences(value);
  if (name === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value.split('-').reverse().join('-') : value;
  return WORDS[value] ? i18n.t(`errors.coreWord.${WORDS[value]}`) : value;
}

/** One core message in the UI language (the English original when there is no translation). */
export function translateMessage(message: string): string {
  if (!i18n.language || i18n.language === 'en') return message;
  const exact = KNOWN_MESSAGES[message] ?? CORE_MESSAGES[message];
  if (exact) return i18n.t(`errors.${exact}`);
  // "Only the owner can delete bills." and its kin (core/ledger/permissions.ts): one sentence says it in Hindi.
  if (/^Only the owner can .+\.$/.test(message)) return i18n.t('errors.ownerOnly');
  for (const { re, key } of PATTERNS) {
    const groups = re.exec(message)?.groups;
    if (!groups) continue;
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(groups)) {
      const said = partText(name, value ?? '');
      if (said === null) break;
      values[name] = said;
    }
    if (Object.keys(values).length === Object.keys(groups).length) return i18n.t(`errors.${key}`, values);
  }
  const rest = FIELD_PATH.exec(message)?.groups?.rest;
  if (rest && translateMessage(rest) !== rest) return translateMessage(rest);
  return message;
}

/** What to tell the person about a failed call: the first field's message, else the whole one. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiCallError) return translateMessage(Object.values(error.fields)[0] ?? error.message);
  if (error instanceof Error) return translateMessage(error.message);
  return String(error);
}
