/**
 * How addresses are written on the wire (docs/protocol-v1.md §1.6 "Addresses"):
 * `ip:port`, IPv6 as `[ip]:port`, IPv4-mapped IPv6 as plain IPv4. Pure.
 */

const IPV4_MAPPED = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/** `::ffff:1.2.3.4` → `1.2.3.4`; surrounding brackets removed; anything else unchanged. */
export function normalizeIp(ip: string): string {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const mapped = IPV4_MAPPED.exec(bare);
  return mapped?.[1] ?? bare;
}

/** True for an IPv6 literal (after normalization), which needs brackets before `:port`. */
export function isIpv6(ip: string): boolean {
  return normalizeIp(ip).includes(':');
}

/** `1.2.3.4:5`, `[2001:db8::1]:5`, `1.2.3.4:5` for `::ffff:1.2.3.4`. */
export function formatAddress(ip: string, port: number): string {
  const host = normalizeIp(ip);
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * §1.3: a `call_accept` whose `host` is a wildcard gets the callee's address
 * filled in by the server, as if it were absent.
 */
export function isWildcardHost(host: string): boolean {
  const bare = normalizeIp(host);
  if (bare === '0.0.0.0') return true;
  // `::`, `::0`, `0:0:0:0:0:0:0:0` and other spellings of the IPv6 unspecified address.
  return bare.includes(':') && /^[0:]+$/.test(bare);
}
