import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type BlockList, type LookupFunction } from "node:net";
import { addressAllowList, isAllowed, nonPublicReason } from "./address-ranges.ts";

/**
 * The gate for requests the service itself makes to URLs that users give it (webhooks first).
 * Three checks, because each alone can be dodged: the URL as written (scheme, userinfo, an IP
 * literal in any spelling), the addresses its host resolves to, and the address the socket
 * actually connects to (a DNS answer that changes between check and connect, "rebinding", is
 * caught by doing the lookup inside the connection: see `guardedLookup`).
 */

export interface OutboundPolicy {
  /** Internal addresses an administrator allowed (SSC_OUTBOUND_ALLOW); empty by default. */
  allow: BlockList;
}

/** @example outboundPolicy(["127.0.0.1"]) // lets tests reach their local receiver */
export function outboundPolicy(allow: readonly string[] = []): OutboundPolicy {
  return { allow: addressAllowList(allow) };
}

/** Thrown when a target is not allowed; `reason` is fit to show the person who gave the URL. */
export class RefusedTarget extends Error {
  constructor(
    public readonly reason: string,
    public readonly target: string,
  ) {
    super(reason);
    this.name = "RefusedTarget";
  }
}

/** Why this address may not be reached under the policy, or undefined when it may. */
export function refusal(address: string, policy: OutboundPolicy): string | undefined {
  const why = nonPublicReason(address);
  if (!why || isAllowed(policy.allow, address)) return undefined;
  return (
    `${address} is ${why}: the service only sends to public addresses (an administrator can allow an internal ` +
    `receiver with SSC_OUTBOUND_ALLOW)`
  );
}

/**
 * Checks a URL as written: http(s) only, no user:password@ (credentials in a URL end up in logs,
 * and `https://trusted@evil` misleads readers), and an IP-literal host must be allowed.
 * @example checkUrl("http://2852039166/", policy) // throws RefusedTarget: 169.254.169.254 is link-local ...
 */
export function checkUrl(raw: string, policy: OutboundPolicy): URL {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:"))
    throw new RefusedTarget(`"${raw}" is not an http(s) URL`, raw);
  if (url.username || url.password)
    throw new RefusedTarget("The URL must not contain a user name or password (user:password@host)", raw);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    const why = refusal(host, policy);
    if (why) throw new RefusedTarget(why, raw);
  }
  return url;
}

const lookupAll = (host: string) =>
  new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

/**
 * Resolves the URL's host now and refuses it if any of its addresses is not allowed (a name with
 * one public and one private address would otherwise reach the private one half the time).
 * Returns the addresses, or an empty list when the name does not resolve (yet): that is not a
 * reason to refuse, and the connect-time check still applies.
 */
export async function checkResolved(url: URL, policy: OutboundPolicy): Promise<string[]> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return [host];
  let addresses: LookupAddress[];
  try {
    addresses = await lookupAll(host);
  } catch {
    return [];
  }
  for (const a of addresses) {
    const why = refusal(a.address, policy);
    if (why) throw new RefusedTarget(`${host} resolves to ${why}`, url.href);
  }
  return addresses.map((a) => a.address);
}

/**
 * A `lookup` for http.request / net.connect that resolves, refuses any address the policy does
 * not allow, and hands the checked address to the socket: what was checked is what is connected
 * to, so a second DNS answer cannot swap in an internal address.
 */
export function guardedLookup(policy: OutboundPolicy): LookupFunction {
  return function publicOnlyLookup(hostname, options, callback) {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as LookupAddress[];
      const refused = list.map((a) => refusal(a.address, policy)).find(Boolean);
      if (refused || !list.length) {
        const e = Object.assign(new RefusedTarget(refused ?? `${hostname} has no address`, hostname), {
          code: "EREFUSEDTARGET",
        });
        return callback(e, "", 0);
      }
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}
