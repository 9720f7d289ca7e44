// Identifiers as a visitor types them versus as the shop stored them: one canonical form each, so
// that an ownership check compares like with like. Conservative on purpose: two links are made
// equal only when they certainly name the same thing, because a false match discloses an order.

export const MAX_LINK_LENGTH = 2048;
export const MAX_EMAIL_LENGTH = 254;
export const MAX_ACCOUNT_ID_LENGTH = 128;

/** Panel and shop order ids: digits mostly, a few panels use letters, dashes or underscores. */
export const ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function normaliseOrderId(raw: string | number): string | null {
  const text = String(raw).trim().replace(/^#/, '');
  return ORDER_ID_PATTERN.test(text) ? text : null;
}

/** Lower-cased and trimmed; dots and +tags are kept (only some providers ignore them). */
export function normaliseEmail(raw: string): string | null {
  const text = raw.trim().toLowerCase();
  return text.length > 0 && text.length <= MAX_EMAIL_LENGTH && /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+$/u.test(text) ? text : null;
}

/** Trimmed only: account ids are the shop's own strings and may be case-sensitive. */
export function normaliseAccountId(raw: string): string | null {
  const text = raw.trim();
  return text.length > 0 && text.length <= MAX_ACCOUNT_ID_LENGTH && !/[\s\p{Cc}]/u.test(text) ? text : null;
}

/** Trimmed free text with a length cap (payment references, shop order numbers); no control characters. */
export function normaliseReference(raw: string, max = 128): string | null {
  const text = raw.trim();
  return text.length > 0 && text.length <= max && !/\p{Cc}/u.test(text) ? text : null;
}

// Platforms whose profile handles are case-insensitive, with the path form of a profile.
// `at`: the handle is written `/@name` there (TikTok, YouTube, Threads); otherwise `/name`.
const HANDLE_HOSTS: Readonly<Record<string, { at: boolean }>> = {
  'instagram.com': { at: false },
  'x.com': { at: false },
  'tiktok.com': { at: true },
  'youtube.com': { at: true },
  'threads.net': { at: true },
};

// Single path segments on those hosts that are pages, not profiles.
const NOT_A_PROFILE = new Set(['p', 'reel', 'reels', 'tv', 'stories', 'explore', 'accounts', 'watch', 'shorts', 'channel', 'c', 'user', 'video', 'home', 'i', 'search', 'hashtag']);

const HOST_ALIASES: Readonly<Record<string, string>> = {
  'twitter.com': 'x.com',
  'instagr.am': 'instagram.com',
  'fb.com': 'facebook.com',
  'threads.com': 'threads.net',
};

// Query parameters that *are* the identity of the page; every other parameter is tracking noise.
const IDENTITY_PARAMS: Readonly<Record<string, readonly string[]>> = {
  'youtube.com/watch': ['v'],
  'facebook.com/profile.php': ['id'],
  'facebook.com/permalink.php': ['story_fbid', 'id'],
};

const HANDLE = /^@([a-z0-9._-]{1,64})$/i;

/**
 * The canonical form of a link or handle: lower-case host without scheme, `www.` or `m.`, no
 * trailing slash, no query (except a page's identity parameter, e.g. YouTube's `v`), no fragment.
 * A bare `@name` becomes `@name` lower-cased; a profile on a handle platform keeps its host and
 * gets a lower-cased handle. `null` when the input is empty, too long or not a link.
 */
export function normaliseLink(raw: string): string | null {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_LINK_LENGTH || /\s/.test(text)) return null;
  const handle = HANDLE.exec(text);
  if (handle) return `@${(handle[1] as string).toLowerCase()}`;

  const withoutScheme = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const hostEnd = withoutScheme.search(/[/?#]/);
  const rawHost = (hostEnd === -1 ? withoutScheme : withoutScheme.slice(0, hostEnd)).toLowerCase();
  const rest = hostEnd === -1 ? '' : withoutScheme.slice(hostEnd);
  const hostNoAuth = rawHost.replace(/^.*@/, '').replace(/:(80|443)$/, '').replace(/\.$/, '');
  if (!/^[a-z0-9.-]+(:\d+)?$/.test(hostNoAuth) || !hostNoAuth.includes('.')) return null;
  let host = hostNoAuth.replace(/^(www|m|mobile)\./, '');
  host = HOST_ALIASES[host] ?? host;

  const [pathAndQuery = ''] = rest.split('#');
  const queryStart = pathAndQuery.indexOf('?');
  let path = (queryStart === -1 ? pathAndQuery : pathAndQuery.slice(0, queryStart)).replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  const query = queryStart === -1 ? '' : pathAndQuery.slice(queryStart + 1);

  // youtu.be/<id> is youtube.com/watch?v=<id>.
  if (host === 'youtu.be' && /^\/[\w-]+$/.test(path)) return `youtube.com/watch?v=${path.slice(1)}`;

  const profile = HANDLE_HOSTS[host];
  const segments = path.split('/').filter(Boolean);
  if (profile && segments.length === 1) {
    const segment = segments[0] as string;
    const name = segment.startsWith('@') ? segment.slice(1) : profile.at ? null : segment;
    if (name && /^[A-Za-z0-9._-]{1,64}$/.test(name) && !NOT_A_PROFILE.has(name.toLowerCase())) {
      path = `/${profile.at ? '@' : ''}${name.toLowerCase()}`;
    }
  }

  const keep = IDENTITY_PARAMS[`${host}${path}`] ?? [];
  const params = new URLSearchParams(query);
  const kept = keep.flatMap((name) => {
    const value = params.get(name);
    return value ? [`${name}=${encodeURIComponent(value)}`] : [];
  });
  return `${host}${path}${kept.length ? `?${kept.join('&')}` : ''}`;
}

/** The lower-cased handle a canonical link names, if it is a handle or a profile on a handle platform. */
export function handleOf(canonical: string): string | null {
  if (canonical.startsWith('@')) return canonical.slice(1);
  const slash = canonical.indexOf('/');
  if (slash === -1) return null;
  const host = canonical.slice(0, slash);
  const profile = HANDLE_HOSTS[host];
  if (!profile) return null;
  const match = (profile.at ? /^\/@([a-z0-9._-]{1,64})$/ : /^\/@?([a-z0-9._-]{1,64})$/).exec(canonical.slice(slash));
  return match && !NOT_A_PROFILE.has(match[1] as string) ? (match[1] as string) : null;
}

/**
 * Whether two canonical links name the same page. Equal forms match; a bare `@name` matches a
 * profile with that handle on a handle platform. A bare host (`instagram.com`) never matches:
 * it proves nothing about ownership.
 */
export function canonicalLinksMatch(a: string, b: string): boolean {
  const hasPath = (c: string) => c.startsWith('@') || /\/./.test(c);
  if (!hasPath(a) || !hasPath(b)) return false;
  if (a === b) return true;
  if (!a.startsWith('@') && !b.startsWith('@')) return false;
  const ha = handleOf(a);
  const hb = handleOf(b);
  return ha !== null && ha === hb;
}
