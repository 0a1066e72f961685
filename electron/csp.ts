// The renderer's Content Security Policy. The built app loads index.html from disk, where no response header exists,
// so the policy lives in renderer/index.html's <meta http-equiv="Content-Security-Policy"> and must equal RENDERER_CSP
// (electron.vite.config.ts warns at build time when it does not). While developing, the page comes from Vite's dev
// server: main.ts adds the same policy as a response header, widened only by what the dev server itself needs (the
// React Refresh preamble's hash, the HMR websocket).
import { createHash } from 'node:crypto';

type Directives = Map<string, string[]>;

const RENDERER_DIRECTIVES: readonly (readonly [string, ...string[]])[] = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  // Ant Design writes its styles into <style> elements at run time.
  ['style-src', "'self'", "'unsafe-inline'"],
  ['img-src', "'self'", 'data:', 'blob:'],
  ['font-src', "'self'", 'data:'],
  // The preview's fetch('./api/…') and EventSource; the app itself talks over IPC only.
  ['connect-src', "'self'"],
  ['media-src', "'self'", 'blob:'],
  ['worker-src', "'self'"],
  ['frame-src', "'none'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

/** The policy for renderer/index.html's meta tag, exactly. */
export const RENDERER_CSP = RENDERER_DIRECTIVES.map(([name, ...sources]) => [name, ...sources].join(' ')).join('; ');

/** Directives a <meta> policy cannot carry; they go in the header only. */
const HEADER_ONLY: readonly (readonly [string, ...string[]])[] = [['frame-ancestors', "'none'"]];

export function parseCsp(policy: string): Directives {
  const directives: Directives = new Map();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    const key = name.toLowerCase();
    if (!directives.has(key)) directives.set(key, sources); // the first occurrence wins, as in browsers
  }
  return directives;
}

export function serializeCsp(directives: Directives): string {
  return [...directives].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

const FETCH_DIRECTIVES = new Set(['script-src', 'style-src', 'img-src', 'font-src', 'connect-src', 'media-src', 'worker-src', 'frame-src', 'object-src', 'manifest-src', 'child-src']);

/**
 * Adds sources to directives. A fetch directive the policy does not name starts from default-src's sources, so adding
 * a hash to a missing script-src never takes 'self' away. 'none' is dropped when something is added after it.
 */
export function extendCsp(policy: string, additions: Record<string, readonly string[]>): string {
  const directives = parseCsp(policy);
  for (const [name, extra] of Object.entries(additions)) {
    if (extra.length === 0) continue;
    const current = directives.get(name) ?? (FETCH_DIRECTIVES.has(name) ? [...(directives.get('default-src') ?? [])] : []);
    const merged = current.filter((s) => s !== "'none'");
    for (const source of extra) if (!merged.includes(source)) merged.push(source);
    directives.set(name, merged);
  }
  return serializeCsp(directives);
}

/** The CSP source for an inline script or style: `'sha256-…'`. */
export function hashSource(code: string): string {
  return `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;
}

/** What the dev server needs beyond the renderer's policy: its inline bootstrap scripts and its HMR websocket. */
export function devServerAdditions(devServerOrigin: string, inlineScriptHashes: readonly string[]): Record<string, string[]> {
  const url = new URL(devServerOrigin);
  return { 'script-src': [...inlineScriptHashes], 'connect-src': [`ws://${url.host}`] };
}

/** The header main.ts sets on responses from the dev server. */
export function devServerCsp(devServerOrigin: string, inlineScriptHashes: readonly string[]): string {
  const withHeaderOnly = `${RENDERER_CSP}; ${HEADER_ONLY.map((d) => d.join(' ')).join('; ')}`;
  return extendCsp(withHeaderOnly, devServerAdditions(devServerOrigin, inlineScriptHashes));
}

/** Inline `<script>` bodies in an HTML page (scripts with a src attribute are not inline). */
export function inlineScripts(html: string): string[] {
  const scripts: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const attributes = match[1] ?? '';
    const body = match[2] ?? '';
    if (/\bsrc\s*=/i.test(attributes) || body.length === 0) continue;
    scripts.push(body);
  }
  return scripts;
}

const META_CSP = /(<meta\b[^>]*\bhttp-equiv\s*=\s*["']Content-Security-Policy["'][^>]*\bcontent\s*=\s*)(["'])([\s\S]*?)\2/i;

/** The policy in a page's CSP meta tag, or null when it has none. */
export function metaCsp(html: string): string | null {
  return META_CSP.exec(html)?.[3] ?? null;
}

/** The page with its CSP meta tag's policy replaced; unchanged when it has no such tag. */
export function replaceMetaCsp(html: string, policy: string): string {
  return html.replace(META_CSP, (_all, head: string, quote: string) => `${head}${quote}${policy}${quote}`);
}
