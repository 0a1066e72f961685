// The console's dates, shares and durations: the app's own helpers, plus "x phút trước" for the last sync.
export { compareVietnamese, formatDate, formatDateTime, formatNumber } from '../../src/format';
export { durationText, formatScheduled, formatScheduledLong, formatShare, formatSize, leadTimeText, lineRange, monthLabel, shortBranchName } from '../../src/meetings/format';
import { formatShare } from '../../src/meetings/format';

/** Epoch ms → 'vừa xong', '5 phút trước', '3 giờ trước', '2 ngày trước'. */
export function ago(ms: number, now = Date.now()): string {
  const minutes = Math.floor((now - ms) / 60_000);
  if (minutes < 1) return 'vừa xong';
  if (minutes < 60) return `${minutes} phút trước`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} giờ trước`;
  const days = Math.floor(hours / 24);
  if (days < 60) return `${days} ngày trước`;
  return `${Math.floor(days / 30)} tháng trước`;
}

/** A share or a dash when there is none. */
export function shareOrDash(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : formatShare(share);
}

const decimals = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
export function decimalOrDash(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : decimals.format(value);
}

/** 'YYYY-MM' of today. */
export function currentMonth(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
