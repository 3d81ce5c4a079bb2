import { formatPaise } from '../format/money';

/** An amount in ₹. `tone` colours it the way Khatabook users read money: gave red, got green. */
export function Money({ paise, tone, testId }: { paise: number; tone?: 'gave' | 'got' | 'neutral'; testId?: string }) {
  return (
    <span className={`money${tone ? ` money-${tone}` : ''}`} data-testid={testId}>
      {formatPaise(paise)}
    </span>
  );
}

/** A party balance: > 0 you'll get (they owe: shown as gave/red), < 0 you'll give (green). */
export function balanceTone(balancePaise: number): 'gave' | 'got' | 'neutral' {
  return balancePaise > 0 ? 'gave' : balancePaise < 0 ? 'got' : 'neutral';
}

export function balanceLabelKey(balancePaise: number): string {
  return balancePaise > 0 ? 'balance.get' : balancePaise < 0 ? 'balance.give' : 'balance.settled';
}
