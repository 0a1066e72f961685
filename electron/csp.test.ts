import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  devServerCsp,
  extendCsp,
  hashSource,
  inlineScripts,
  metaCsp,
  parseCsp,
  RENDERER_CSP,
  replaceMetaCsp,
} from './csp';

describe('RENDERER_CSP', () => {
  const policy = parseCsp(RENDERER_CSP);

  it('denies by default and runs only the app’s own scripts', () => {
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(RENDERER_CSP).not.toMatch(/unsafe-eval|\*/);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-src')).toEqual(["'none'"]);
  });

  it('allows inline styles only (Ant Design writes <style> elements), never inline scripts', () => {
    expect(policy.get('style-src')).toContain("'unsafe-inline'");
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('carries no directive a meta tag cannot hold', () => {
    for (const name of ['frame-ancestors', 'report-uri', 'sandbox']) expect(policy.has(name)).toBe(false);
  });
});

describe('devServerCsp', () => {
  const hash = hashSource('import { injectIntoGlobalHook } from "/@react-refresh";');
  const header = parseCsp(devServerCsp('http://localhost:5173', [hash]));

  it('is the renderer policy plus the preamble hash, the HMR websocket and frame-ancestors', () => {
    expect(header.get('script-src')).toEqual(["'self'", hash]);
    expect(header.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
    expect(header.get('default-src')).toEqual(["'none'"]);
    expect(header.get('style-src')).toEqual(parseCsp(RENDERER_CSP).get('style-src'));
  });
});

describe('extendCsp', () => {
  it('adds sources once, to the named directive', () => {
    expect(extendCsp("script-src 'self'", { 'script-src': ["'sha256-x'", "'self'"] })).toBe("script-src 'self' 'sha256-x'");
  });

  it('starts a missing fetch directive from default-src, so adding a hash keeps self', () => {
    expect(extendCsp("default-src 'self'", { 'script-src': ["'sha256-x'"] })).toBe("default-src 'self'; script-src 'self' 'sha256-x'");
  });

  it("drops 'none' when it adds a source", () => {
    expect(extendCsp("default-src 'none'", { 'connect-src': ['ws://localhost:5173'] })).toBe(
      "default-src 'none'; connect-src ws://localhost:5173",
    );
  });

  it('changes nothing for empty additions', () => {
    expect(extendCsp(RENDERER_CSP, { 'script-src': [] })).toBe(RENDERER_CSP);
  });
});

describe('hashSource', () => {
  it('is the CSP sha256 source of the exact text', () => {
    const code = 'window.$RefreshReg$ = () => {};';
    expect(hashSource(code)).toBe(`'sha256-${createHash('sha256').update(code).digest('base64')}'`);
  });
});

describe('HTML helpers', () => {
  const html = `<!doctype html><html><head>
    <meta charset="UTF-8" />
    <meta
      http-equiv="Content-Security-Policy"
      content="default-src 'self'; script-src 'self'"
    />
    <script type="module" src="/@vite/client"></script>
    <script type="module">import "/@react-refresh";</script>
  </head><body><script>
  console.log(1)
</script></body></html>`;

  it('finds the meta policy and replaces it in place', () => {
    expect(metaCsp(html)).toBe("default-src 'self'; script-src 'self'");
    const replaced = replaceMetaCsp(html, "default-src 'none'");
    expect(metaCsp(replaced)).toBe("default-src 'none'");
    expect(replaced.replace("default-src 'none'", "default-src 'self'; script-src 'self'")).toBe(html);
  });

  it('returns null and leaves the page alone without a meta policy', () => {
    expect(metaCsp('<html><head></head></html>')).toBeNull();
    expect(replaceMetaCsp('<html><head></head></html>', 'x')).toBe('<html><head></head></html>');
  });

  it('lists inline script bodies only', () => {
    expect(inlineScripts(html)).toEqual(['import "/@react-refresh";', '\n  console.log(1)\n']);
  });
});
