// A page of a document on a slide: a PDF page drawn with pdf.js, or an image. The file comes from the presentation
// service, which hands out only the documents of the meeting being presented.
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useRef, useState } from 'react';
import type { Slide } from '../../../core/api';
import { api } from '../api';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

type DocumentSlide = Extract<Slide, { kind: 'document' }>;

// Files of the meeting, fetched once per page of the app.
const files = new Map<string, Promise<{ mime: string; bytes: Uint8Array }>>();
const pdfs = new Map<string, Promise<pdfjs.PDFDocumentProxy>>();

function fileOf(attachmentId: string) {
  let file = files.get(attachmentId);
  if (!file) {
    file = api.presentation.file({ attachmentId }).then(({ mime, data }) => ({ mime, bytes: Uint8Array.from(atob(data), (c) => c.charCodeAt(0)) }));
    file.catch(() => files.delete(attachmentId));
    files.set(attachmentId, file);
  }
  return file;
}

function pdfOf(attachmentId: string) {
  let pdf = pdfs.get(attachmentId);
  if (!pdf) {
    pdf = fileOf(attachmentId).then(({ bytes }) => pdfjs.getDocument({ data: bytes, isEvalSupported: false }).promise);
    pdf.catch(() => pdfs.delete(attachmentId));
    pdfs.set(attachmentId, pdf);
  }
  return pdf;
}

/** Width and height the page is drawn at on the 1920×1080 stage, less the slide's margin. */
const BOX = { width: 1872, height: 1032 };

export function DocumentPage({ slide, active }: { slide: DocumentSlide; active: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [image, setImage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isPdf = slide.mime === 'application/pdf';

  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    let task: pdfjs.RenderTask | null = null;
    let url: string | null = null;
    (async () => {
      if (!isPdf) {
        const { mime, bytes } = await fileOf(slide.attachmentId);
        if (cancelled) return;
        url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }));
        setImage(url);
        return;
      }
      const pdf = await pdfOf(slide.attachmentId);
      const page = await pdf.getPage(Math.min(slide.page, pdf.numPages));
      if (cancelled || !canvas.current) return;
      const base = page.getViewport({ scale: 1 });
      const scale = Math.min(BOX.width / base.width, BOX.height / base.height);
      const viewport = page.getViewport({ scale });
      const el = canvas.current;
      el.width = Math.floor(viewport.width);
      el.height = Math.floor(viewport.height);
      task = page.render({ canvas: el, viewport });
      await task.promise;
      if (!cancelled) el.dataset.rendered = 'true';
    })().catch((e: unknown) => {
      if (!cancelled && (e as { name?: string }).name !== 'RenderingCancelledException') {
        setError(e instanceof Error && /không/i.test(e.message) ? e.message : 'Không mở được tài liệu này để trình chiếu.');
      }
    });
    return () => {
      cancelled = true;
      task?.cancel();
      if (url) URL.revokeObjectURL(url);
    };
  }, [active, isPdf, slide.attachmentId, slide.page]);

  if (error) return <div className="slide-note">{error}</div>;
  if (!isPdf) return image ? <img src={image} alt={slide.name} /> : null;
  return <canvas ref={canvas} aria-label={`${slide.name}, trang ${slide.page}`} data-testid="document-canvas" />;
}
