/**
 * Whether `NO_PROXY` exempts a host, read the way curl and most tools read it: entries split by commas or spaces,
 * `*` for every host, a name for itself and its subdomains (`.example.com` and `*.example.com` the same), an
 * optional `:port` that must match too. IP addresses match exactly; ranges (CIDR) are not understood.
 */
export function bypassesProxy(noProxy: string | undefined, hostname: string, port: string): boolean {
  if (!noProxy) return false;
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const { name, entryPort } = splitEntry(entry);
      if (entryPort !== undefined && entryPort !== port) return false;
      const domain = name.replace(/^\*?\./, '').toLowerCase();
      return host === domain || host.endsWith(`.${domain}`);
    });
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 address, whose colons are not a port's. */
function splitEntry(entry: string): { name: string; entryPort: string | undefined } {
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1] ?? '', entryPort: bracketed[2] };
  const hostPort = /^([^:]*):(\d+)$/.exec(entry);
  if (hostPort) return { name: hostPort[1] ?? '', entryPort: hostPort[2] };
  return { name: entry, entryPort: undefined };
}
