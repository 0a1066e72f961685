// How the Sinh hoạt screens write times, shares and the draft's lead time: dd/mm/yyyy HH:mm, "97,1%", "trước 3 ngày".
import dayjs, { type Dayjs } from 'dayjs';
import { formatDate } from '../format';

/** The DatePicker's format for a meeting's date and time, and the API's. */
export const DATE_TIME_INPUT = 'DD/MM/YYYY HH:mm';
export const API_DATE_TIME = 'YYYY-MM-DDTHH:mm';

export const toApiDateTime = (value: Dayjs) => value.format(API_DATE_TIME);
export const fromApiDateTime = (value: string) => dayjs(value);

/** 'YYYY-MM-DDTHH:mm' → '19/11/2026 19:30'. */
export function formatScheduled(scheduledAt: string): string {
  return `${formatDate(scheduledAt.slice(0, 10))} ${scheduledAt.slice(11, 16)}`;
}

/** 'YYYY-MM-DDTHH:mm' → 'Thứ năm, 19/11/2026 lúc 19:30'. */
export function formatScheduledLong(scheduledAt: string): string {
  const weekday = fromApiDateTime(scheduledAt).format('dddd');
  return `${weekday.charAt(0).toUpperCase()}${weekday.slice(1)}, ${formatDate(scheduledAt.slice(0, 10))} lúc ${scheduledAt.slice(11, 16)}`;
}

/** 'YYYY-MM' → 'tháng 11/2026'. */
export function monthLabel(month: string): string {
  return `tháng ${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

const shares = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
/** 0.971 → '97,1%'. */
export function formatShare(share: number): string {
  return `${shares.format(Math.round(share * 1000) / 10)}%`;
}

/** A number of hours as '3 ngày', '2 ngày 5 giờ' or '20 giờ'. */
export function durationText(hours: number): string {
  if (hours < 24) return `${hours} giờ`;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return `${days} ngày${rest > 0 ? ` ${rest} giờ` : ''}`;
}

/** Hours between sharing the draft and the meeting → 'trước 3 ngày', 'trước 2 ngày 5 giờ'; a late one just '20 giờ'. */
export function leadTimeText(hours: number): string {
  if (hours < 0) return 'sau giờ họp';
  return hours < 24 ? durationText(hours) : `trước ${durationText(hours)}`;
}

/** "Chi bộ Tổ dân phố số 5" → "Tổ dân phố số 5", for narrow places such as calendar cells. */
export function shortBranchName(name: string): string {
  return name.replace(/^chi\s+bộ\s+/iu, '');
}

/** "dòng 12" or "dòng 12–14". */
export function lineRange(from: number, to: number): string {
  return from === to ? `dòng ${from}` : `dòng ${from}–${to}`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${shares.format(Math.round(bytes / 102.4) / 10)} KB`;
  return `${shares.format(Math.round(bytes / (1024 * 102.4)) / 10)} MB`;
}

/** Letters without diacritics, lower case: what a search compares ("Nguyễn" matches "nguyen"). */
export function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}
