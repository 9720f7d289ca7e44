// The key a client address is counted under by the limits per address: an IPv6 host picks any
// address in its subscriber's /64, so the /64 is what identifies it.
import { isIPv4, isIPv6 } from 'node:net';

/** The key an address is counted under: an IPv4 address itself (also when IPv4-mapped), an IPv6 address's /64. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]?.split('::') ?? [];
  const groups = (part: string) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  // An embedded IPv4 tail (::1.2.3.4) is two groups; only the first four groups matter here.
  const rightCount = right.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const full = address.includes('::') ? [...left, ...Array<string>(8 - left.length - rightCount).fill('0'), ...right] : left;
  return `${full.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
