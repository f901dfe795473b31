/** What the daemon reads of a request line. */
export interface RequestTarget {
  /** As sent, still percent-escaped; known to decode to text without a NUL. */
  pathname: string;
  query: URLSearchParams;
}

/**
 * Reads a request line's target, or undefined when it is not one a browser would send (`//a:b`, `/%ff`, a NUL):
 * any page can make a browser send any of these to the daemon's port, so nothing here may throw.
 */
export function requestTarget(url: string | undefined): RequestTarget | undefined {
  try {
    const { pathname, searchParams } = new URL(url ?? '/', 'http://127.0.0.1');
    if (decodeURIComponent(pathname).includes('\0')) return undefined;
    return { pathname, query: searchParams };
  } catch {
    return undefined;
  }
}
