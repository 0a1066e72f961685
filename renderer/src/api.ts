// The renderer's one way to reach the services. In Electron the preload exposes `window.chibo`; in the preview the
// same calls go over HTTP to 127.0.0.1 with the token the address carried. Pages never see which.
import { createClient, type Envelope, type Transport } from '../../core/api';

interface ChiboBridge {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(topic: string, handler: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    chibo?: ChiboBridge;
  }
}

const TOKEN_KEY = 'chibo.previewToken';

function previewToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpTransport(): Transport {
  const token = previewToken();
  let source: EventSource | null = null;
  let users = 0;
  return {
    async invoke(method, input) {
      try {
        const response = await fetch(`./api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
        });
        return (await response.json()) as Envelope<unknown>;
      } catch {
        return {
          ok: false,
          error: { code: 'UNAVAILABLE', message: 'Mất kết nối tới dịch vụ của bản xem trước. Hãy kiểm tra lệnh npm run preview còn chạy.' },
        };
      }
    },
    subscribe(topic, handler) {
      // One event stream per page, whatever the number of topics: a browser allows few connections per address, and
      // the console and the projector are two pages of it.
      source ??= new EventSource(`./api/events?token=${encodeURIComponent(token)}`);
      const stream = source;
      const listener = (event: MessageEvent<string>) => handler(JSON.parse(event.data));
      stream.addEventListener(topic, listener);
      users += 1;
      return () => {
        stream.removeEventListener(topic, listener);
        users -= 1;
        if (users === 0 && source === stream) {
          stream.close();
          source = null;
        }
      };
    },
  };
}

export const api = createClient(window.chibo ?? httpTransport());

/** The preview's projector page, in a second window of this browser: it carries the run's token as the first page did. */
export function projectorUrl(): string {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  return `${window.location.origin}${window.location.pathname}?token=${encodeURIComponent(token)}#/may-chieu`;
}
