// Who is signed in, and what their role lets them do. The services check the same rules (core/auth/access.ts); the UI
// only hides what a person could not do anyway.
import { useQuery } from '@tanstack/react-query';
import type { Role, SessionUser } from '../../core/api';
import { api } from './api';

export function useSessionUser(): SessionUser | null {
  const status = useQuery({ queryKey: ['auth.status'], queryFn: () => api.auth.status() });
  return status.data?.user ?? null;
}

const EDITORS: readonly Role[] = ['ward_admin', 'ward_staff', 'branch_secretary'];
const OFFICE: readonly Role[] = ['ward_admin', 'ward_staff'];

/** Adds and changes member records (a branch secretary: their own branch only). */
export const canEditMembers = (user: SessionUser | null) => Boolean(user && EDITORS.includes(user.role));
/** The ward office: branches, moves between branches, Excel import. */
export const isOffice = (user: SessionUser | null) => Boolean(user && OFFICE.includes(user.role));
export const isAdmin = (user: SessionUser | null) => user?.role === 'ward_admin';
