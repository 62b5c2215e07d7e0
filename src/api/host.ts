/**
 * The one rule for a router address, used by the client library and by the
 * config node (so a host the node refuses cannot reach the library another way).
 *
 * Accepted: an IPv4 address, an IPv6 address (with or without brackets), or a
 * DNS host name. Refused: anything that would change where a request goes once
 * it is put into a URL or a socket call — `user@host`, `host#@other`,
 * `host:port`, `host?x`, `host/path`, a scheme, spaces.
 */
import { isIPv4, isIPv6 } from "node:net";
import { PeplinkInputError } from "./errors";

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Why `host` is not a router address, or undefined when it is one. */
function problemOf(host: string): string | undefined {
  if (!host) return "is required: the router's IP address or host name (e.g. 192.168.50.1)";
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) return "must be an IP address or host name, without http:// or https://";
  if (isIPv4(host)) return undefined;
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (isIPv6(bare)) return undefined;
  if (host.length > 253) return "must be at most 253 characters";
  if (/^[0-9.]+$/.test(host)) return "is not a valid IPv4 address";
  const labels = host.split(".");
  if (labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels[labels.length - 1]!)) return undefined;
  if (/:\d*$/.test(host)) return "must not include a port: put the port in the port setting";
  return "must be an IP address or host name only (letters, digits, dots and hyphens), without user@, a port, a path, ? or #";
}

/** The normalized router address (trimmed; IPv6 without brackets); throws PeplinkInputError naming `host`. */
export function checkHost(value: unknown): string {
  const host = typeof value === "string" ? value.trim() : "";
  const problem = problemOf(host);
  if (problem) throw new PeplinkInputError("host", problem);
  return host.startsWith("[") ? host.slice(1, -1) : host;
}
