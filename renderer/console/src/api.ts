// The console's one way to reach the server: POST /console/api/<method> with JSON, the session in an HttpOnly cookie,
// and the CSRF header on every call. Answers come in the app's envelope; failures become ApiError.
import type { Envelope } from '../../../core/api';
import {
  CONSOLE_API_PATH,
  CONSOLE_CSRF_HEADER,
  CONSOLE_FILES_PATH,
  REPORT_EXPORT_PATH,
  createConsoleClient,
  type UploadedFile,
} from '../../../core/consoleApi';

const UNAVAILABLE = 'Không kết nối được tới máy chủ. Hãy kiểm tra mạng hoặc liên hệ người quản trị máy chủ.';

async function invoke(method: string, input: unknown): Promise<Envelope<unknown>> {
  try {
    const response = await fetch(`${CONSOLE_API_PATH}${encodeURIComponent(method)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', [CONSOLE_CSRF_HEADER]: '1' },
      body: JSON.stringify(input ?? {}),
    });
    const text = await response.text();
    try {
      return JSON.parse(text) as Envelope<unknown>;
    } catch {
      return { ok: false, error: { code: 'UNAVAILABLE', message: `Máy chủ trả lời không đúng dạng (mã ${response.status}).` } };
    }
  } catch {
    return { ok: false, error: { code: 'UNAVAILABLE', message: UNAVAILABLE } };
  }
}

export const consoleApi = createConsoleClient(invoke);

/** Sends one file's bytes up before documents.publish names it. */
export async function uploadFile(file: File): Promise<UploadedFile> {
  let response: Response;
  try {
    response = await fetch(CONSOLE_FILES_PATH, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': file.type || 'application/octet-stream',
        'x-file-name': encodeURIComponent(file.name),
        [CONSOLE_CSRF_HEADER]: '1',
      },
      body: file,
    });
  } catch {
    throw new Error(UNAVAILABLE);
  }
  let envelope: Envelope<UploadedFile>;
  try {
    envelope = (await response.json()) as Envelope<UploadedFile>;
  } catch {
    throw new Error(`Không tải được tệp ${file.name} lên (mã ${response.status}).`);
  }
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value;
}

/** The period report as an Excel workbook, with a line per branch under each ward's. */
export function reportExportUrl(period: string, slotId?: string): string {
  const query = new URLSearchParams({ period, branches: '1' });
  if (slotId) query.set('slotId', slotId);
  return `${REPORT_EXPORT_PATH}?${query.toString()}`;
}
