// The API's field messages put on a form's fields, nested ones included ("guests.0.name" → ['guests', 0, 'name']),
// while the form keeps every value that was typed.
import type { FormInstance } from 'antd';
import { ApiError } from '../../../core/api';

export function showNestedFieldErrors(form: FormInstance, error: unknown, rename: Record<string, string> = {}): void {
  if (!(error instanceof ApiError) || !error.fields) return;
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const field of error.fields) {
    const path = rename[field.path] ?? field.path;
    const name = path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    if (!known.has(String(name[0]))) continue;
    const entry = byField.get(path) ?? { name, errors: [] };
    entry.errors.push(field.message);
    byField.set(path, entry);
  }
  form.setFields([...byField.values()]);
}
