import { useQuery } from '@tanstack/react-query';
import { call } from '../api/client';
import { todayIn } from '../format/date';
import type { DateContext } from '../format/parseDate';

/** Today on the business's clock and its financial-year start, for reading typed dates. */
export function useDateContext(): DateContext {
  const info = useQuery({ queryKey: ['appInfo'], queryFn: () => call('app.info', {}) });
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call('settings.get', {}) });
  return { today: info.data?.today ?? todayIn(), fyStartMonth: settings.data?.fyStartMonth ?? 4 };
}
