// Files of a meeting: the minutes and resolution the services export, saved through the page; attachments read in it.
import { saveBase64 } from '../download';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_TYPE = 'application/pdf';

/** What a meeting may carry as attachments; the services check again. */
export const ATTACHMENT_ACCEPT = '.pdf,.docx,.png,.jpg,.jpeg';

export function saveExport(file: { fileName: string; data: string }): void {
  saveBase64(file.fileName, file.data, file.fileName.endsWith('.pdf') ? PDF_TYPE : DOCX_TYPE);
}
