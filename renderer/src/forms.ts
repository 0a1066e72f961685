// What every form shares: dates between the DatePicker (dd/mm/yyyy) and the API ('YYYY-MM-DD'), and the API's refusals
// put where the person typed (each message on its field) while the form keeps every value.
import type { FormInstance } from 'antd';
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../../core/api';

/** How people type and read dates in the DatePicker. */
export const DATE_INPUT = 'DD/MM/YYYY';

export function toApiDate(value: Dayjs | null | undefined): string | null {
  return value ? value.format('YYYY-MM-DD') : null;
}

export function fromApiDate(value: string | null | undefined): Dayjs | null {
  return value ? dayjs(value) : null;
}

export const today = () => dayjs().startOf('day');

/** DatePicker: no day after today. */
export const notFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');

const INVALID_PREFIX = 'Dữ liệu gửi lên không hợp lệ';

/**
 * The text for an error banner. The dispatcher's INVALID_INPUT message names fields by their code names
 * ("birthDate: …"); when the fields are there, their Vietnamese messages are said instead.
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'INVALID_INPUT' && error.fields?.length && error.message.startsWith(INVALID_PREFIX)) {
      return `${INVALID_PREFIX}: ${error.fields.map((f) => f.message).join('; ')}`;
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Puts each field message of an INVALID_INPUT or CONFLICT on its form field (the forms name their fields as the API
 * does), keeping what was typed.
 */
export function showFieldErrors(form: FormInstance, error: unknown): void {
  if (!(error instanceof ApiError) || !error.fields) return;
  const byField = new Map<string, string[]>();
  for (const f of error.fields) {
    if (!f.path) continue;
    byField.set(f.path, [...(byField.get(f.path) ?? []), f.message]);
  }
  // A path the form has no field for is not shown on the form; the banner above it says every message.
  form.setFields([...byField].map(([name, errors]) => ({ name: name.split('.'), errors })));
}

/**
 * The last value that was not null: a modal opened for a record keeps showing it while it closes, after the caller has
 * already let go of the record.
 */
export function useLastNonNull<T>(value: T | null): T | null {
  const [last, setLast] = useState(value);
  if (value !== null && value !== last) setLast(value);
  return value ?? last;
}

/**
 * The props every form-in-a-modal shares: OK submits the form, the button spins while saving, the form is dropped
 * on close and a previous failure is forgotten once the modal has closed.
 */
export function formModalProps(form: FormInstance, save: { isPending: boolean; reset: () => void }, onClose: () => void) {
  return {
    cancelText: 'Hủy',
    okButtonProps: { loading: save.isPending },
    onOk: () => form.submit(),
    onCancel: onClose,
    destroyOnHidden: true,
    afterClose: () => save.reset(),
  };
}
