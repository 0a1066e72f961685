// The wards this account sees, for pickers (audience of a document, scope of an account, a report's ward): an
// administrator's come from the sites list (every ward, enrolled or not); the others' from the month overview, which the
// server already limits to the account's scope.
import { useQuery } from '@tanstack/react-query';
import type { ConsoleUser } from '../../../core/consoleApi';
import { consoleApi } from './api';
import { compareVietnamese, currentMonth } from './format';

export interface WardOption {
  slotId: string;
  name: string;
}

export function useWards(user: ConsoleUser) {
  const admin = user.role === 'admin';
  return useQuery({
    queryKey: ['wards', admin],
    queryFn: async (): Promise<WardOption[]> => {
      if (admin) {
        const sites = await consoleApi.sites.list();
        return sites
          .filter((s) => s.state !== 'revoked')
          .map((s) => ({ slotId: s.slotId, name: s.organisationName ?? s.name }))
          .sort((a, b) => compareVietnamese(a.name, b.name));
      }
      const overview = await consoleApi.overview.month({ month: currentMonth(), limit: 1 });
      return overview.wards.map((w) => ({ slotId: w.slotId, name: w.wardName }));
    },
    staleTime: 60_000,
  });
}
