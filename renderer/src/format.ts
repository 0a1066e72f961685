// Dates and numbers as Vietnamese offices write them: dd/mm/yyyy, and 1.234 with a dot for thousands.

/** 'YYYY-MM-DD' (or an ISO date-time) → 'dd/mm/yyyy'; empty for nothing. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

const numbers = new Intl.NumberFormat('vi-VN');
export function formatNumber(value: number): string {
  return numbers.format(value);
}

const collator = new Intl.Collator('vi');
export const compareVietnamese = (a: string, b: string) => collator.compare(a, b);

const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch milliseconds → 'dd/mm/yyyy HH:mm' in this computer's time. */
export function formatDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  const d = new Date(ms);
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
