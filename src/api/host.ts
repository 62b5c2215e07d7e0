/**
 * The one rule for a router address, used by the client library and by the
 * config node (so a host the node refuses cannot reach the library another way).
 * The rule itself is in connection-rules.ts, which the editor shares.
 *
 * Accepted: an IPv4 address, an IPv6 address (with or without brackets), or a
 * DNS host name. Refused: anything that would change where a request goes once
 * it is put into a URL or a socket call — `user@host`, `host#@other`,
 * `host:port`, `host?x`, `host/path`, a scheme, spaces.
 */
import { describe, hostProblem, normalizeHost } from "./connection-rules";
import { PeplinkInputError } from "./errors";

/** The normalized router address (trimmed; IPv6 without brackets); throws PeplinkInputError naming `host`. */
export function checkHost(value: unknown): string {
  const problem = hostProblem(value);
  if (problem) throw new PeplinkInputError("host", describe(problem));
  return normalizeHost(value as string);
}
