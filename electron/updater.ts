// Whether the app looks for updates, and where. electron-builder writes the feed from build/electron-builder.yml
// (publish: generic, url from CHIBO_UPDATE_URL at packaging time) into resources/app-update.yml; a build made without
// that variable carries the placeholder host "updates.invalid" and never checks. CHIBO_UPDATE_URL set when the app
// runs overrides the packaged feed (an administrator pointing a ward at its superior committee's server). Pure.

export type UpdateFeed =
  | { kind: 'off'; reason: 'development' | 'no-feed-file' | 'placeholder-feed' | 'insecure-feed' }
  /** Use the packaged app-update.yml as it is. */
  | { kind: 'packaged'; url: string }
  | { kind: 'override'; url: string };

function httpsUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

const isPlaceholder = (url: URL) => url.hostname === 'invalid' || url.hostname.endsWith('.invalid');

/** The `url:` of an app-update.yml (a flat YAML file electron-builder writes), or null. */
export function feedUrlFromAppUpdateYml(yml: string): string | null {
  const match = /^url:\s*(['"]?)(.*?)\1\s*$/m.exec(yml);
  return match?.[2] ? match[2] : null;
}

export function resolveUpdateFeed(options: { isPackaged: boolean; env: NodeJS.ProcessEnv; appUpdateYml: string | null }): UpdateFeed {
  if (!options.isPackaged) return { kind: 'off', reason: 'development' };
  const override = options.env.CHIBO_UPDATE_URL?.trim();
  if (override) {
    const url = httpsUrl(override);
    if (!url) return { kind: 'off', reason: 'insecure-feed' };
    if (isPlaceholder(url)) return { kind: 'off', reason: 'placeholder-feed' };
    return { kind: 'override', url: url.href };
  }
  if (options.appUpdateYml === null) return { kind: 'off', reason: 'no-feed-file' };
  const packaged = feedUrlFromAppUpdateYml(options.appUpdateYml);
  if (!packaged) return { kind: 'off', reason: 'no-feed-file' };
  const url = httpsUrl(packaged);
  if (!url) return { kind: 'off', reason: 'insecure-feed' };
  if (isPlaceholder(url)) return { kind: 'off', reason: 'placeholder-feed' };
  return { kind: 'packaged', url: url.href };
}
