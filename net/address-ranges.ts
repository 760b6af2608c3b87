import { BlockList, isIP, isIPv4, isIPv6 } from "node:net";

/**
 * Which IP addresses the service may send its own requests to (webhooks, any URL a user gives).
 * Only public unicast addresses: a webhook aimed at 169.254.169.254, 10.0.0.1 or [::1]:22 would
 * otherwise turn the alert worker into a proxy into the machine's own network. Addresses are
 * judged after parsing (WHATWG URL already turns `2852039166`, `0x7f.1` and `0177.0.0.1` into
 * dotted quads) and IPv6 forms that carry an IPv4 address are judged by that address.
 */

type Family = "ipv4" | "ipv6";

/** Special-purpose ranges (IANA registries), each with the reason shown when a target falls in it. */
const RANGES: Array<[string, number, Family, string]> = [
  ["0.0.0.0", 8, "ipv4", "unspecified ('this network')"],
  ["10.0.0.0", 8, "ipv4", "private"],
  ["100.64.0.0", 10, "ipv4", "private (shared address space)"],
  ["127.0.0.0", 8, "ipv4", "loopback"],
  ["169.254.0.0", 16, "ipv4", "link-local (cloud metadata lives here)"],
  ["172.16.0.0", 12, "ipv4", "private"],
  ["192.0.0.0", 24, "ipv4", "reserved (IETF protocol assignments)"],
  ["192.0.2.0", 24, "ipv4", "reserved (documentation)"],
  ["192.88.99.0", 24, "ipv4", "reserved (6to4 relay)"],
  ["192.168.0.0", 16, "ipv4", "private"],
  ["198.18.0.0", 15, "ipv4", "reserved (benchmarking)"],
  ["198.51.100.0", 24, "ipv4", "reserved (documentation)"],
  ["203.0.113.0", 24, "ipv4", "reserved (documentation)"],
  ["224.0.0.0", 4, "ipv4", "multicast"],
  ["240.0.0.0", 4, "ipv4", "reserved (including broadcast)"],
  ["::", 128, "ipv6", "unspecified"],
  ["::1", 128, "ipv6", "loopback"],
  ["::", 96, "ipv6", "reserved (IPv4-compatible)"],
  ["64:ff9b::", 96, "ipv6", "reserved (NAT64)"],
  ["64:ff9b:1::", 48, "ipv6", "reserved (NAT64)"],
  ["100::", 64, "ipv6", "reserved (discard)"],
  ["2001::", 23, "ipv6", "reserved (IETF protocol assignments, Teredo)"],
  ["2001:db8::", 32, "ipv6", "reserved (documentation)"],
  ["2002::", 16, "ipv6", "reserved (6to4)"],
  ["fc00::", 7, "ipv6", "private (unique local)"],
  ["fe80::", 10, "ipv6", "link-local"],
  ["fec0::", 10, "ipv6", "reserved (site-local)"],
  ["ff00::", 8, "ipv6", "multicast"],
];

const LISTS = RANGES.map(([network, prefix, family, reason]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, family, reason };
});

/** Global unicast: every public IPv6 address lies in 2000::/3; anything outside it is reserved. */
const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet("2000::", 3, "ipv6");

/** The eight 16-bit groups of a valid IPv6 address (brackets and zone allowed). */
function ipv6Groups(ip: string): number[] {
  let s = ip.replace(/^\[|\]$/g, "").split("%")[0];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    s = `${s.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = s.includes("::") ? 8 - h.length - t.length : 0;
  return [...h, ...Array<string>(fill).fill("0"), ...t].map((g) => Number.parseInt(g, 16));
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), if it is one. */
export function mappedIpv4(ip: string): string | undefined {
  const bare = ip.replace(/^\[|\]$/g, "");
  if (!isIPv6(bare)) return undefined;
  const g = ipv6Groups(bare);
  if (g.slice(0, 5).some((x) => x !== 0) || g[5] !== 0xffff) return undefined;
  return [g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff].join(".");
}

/**
 * Why an address is not public, or undefined when it is. Anything that is not an IP address at
 * all is refused too, so a caller cannot pass a host name by mistake and have it waved through.
 * @example nonPublicReason("169.254.169.254") // "link-local (cloud metadata lives here)"
 * @example nonPublicReason("::ffff:7f00:1") // "loopback (IPv4-mapped)"
 * @example nonPublicReason("93.184.215.14") // undefined
 */
export function nonPublicReason(address: string): string | undefined {
  const ip = address.replace(/^\[|\]$/g, "").split("%")[0];
  const mapped = mappedIpv4(ip);
  if (mapped) {
    const inner = nonPublicReason(mapped);
    return inner && `${inner} (IPv4-mapped)`;
  }
  const family: Family | undefined = isIPv4(ip) ? "ipv4" : isIPv6(ip) ? "ipv6" : undefined;
  if (!family) return "not an IP address";
  const hit = LISTS.find((l) => l.family === family && l.list.check(ip, family));
  if (hit) return hit.reason;
  if (family === "ipv6" && !GLOBAL_UNICAST.check(ip, "ipv6")) return "reserved (outside global unicast)";
  return undefined;
}

/** @example isAddressRange("10.1.0.0/16") // true; isAddressRange("hooks.internal") // false */
export function isAddressRange(entry: string): boolean {
  const [ip, prefix, extra] = entry.split("/");
  if (extra !== undefined || !isIP(ip)) return false;
  if (prefix === undefined) return true;
  const max = isIPv4(ip) ? 32 : 128;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= max;
}

/**
 * The addresses an administrator allows although they are internal (SSC_OUTBOUND_ALLOW, e.g. an
 * internal webhook receiver). Entries were validated by config.ts with isAddressRange.
 */
export function addressAllowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [ip, prefix] = entry.split("/");
    const family = isIPv4(ip) ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(ip, family);
    else list.addSubnet(ip, Number(prefix), family);
  }
  return list;
}

/** True when the allow-list names this address (IPv4-mapped IPv6 counts as its IPv4 address). */
export function isAllowed(list: BlockList, address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "").split("%")[0];
  const v4 = mappedIpv4(ip) ?? (isIPv4(ip) ? ip : undefined);
  return v4 ? list.check(v4, "ipv4") : isIPv6(ip) && list.check(ip, "ipv6");
}
