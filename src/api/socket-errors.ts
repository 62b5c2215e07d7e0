/**
 * Turns Node's socket/TLS errors into PeplinkTransportError with a message that
 * says what happened and what to check. Only the error code is kept: Node's own
 * messages can contain request details, so they are not copied.
 */
import { PeplinkCertificateMismatchError, PeplinkError, PeplinkTransportError, type TransportFailure } from "./errors";

const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "EPROTO",
  "ERR_SSL_WRONG_VERSION_NUMBER",
]);

function classify(code: string | undefined): TransportFailure {
  if (!code) return "other";
  if (code === "ECONNREFUSED") return "refused";
  if (code === "ECONNRESET" || code === "EPIPE" || code === "ECONNABORTED") return "reset";
  if (code === "ETIMEDOUT" || code === "ESOCKETTIMEDOUT") return "timeout";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "dns";
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "EHOSTDOWN" || code === "ENETDOWN") return "unreachable";
  if (code === "ABORT_ERR") return "aborted";
  if (TLS_CODES.has(code) || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_") || code.startsWith("CERT_")) return "tls";
  return "other";
}

function textFor(reason: TransportFailure, where: string, code: string | undefined): string {
  switch (reason) {
    case "refused":
      return `connection refused by ${where}: check host, port and protocol, and that the router's web admin is reachable`;
    case "reset":
      return `the connection to ${where} was reset before the router answered; it may be restarting or overloaded`;
    case "timeout":
      return `no answer from ${where} in time; check that the router is reachable`;
    case "dns":
      return `cannot resolve the router's host name (${where}); check the host setting`;
    case "unreachable":
      return `${where} is unreachable from this machine; check the network path to the router`;
    case "aborted":
      return "the request was aborted";
    case "tls":
      if (code === "ERR_SSL_WRONG_VERSION_NUMBER" || code === "EPROTO") {
        return `TLS handshake with ${where} failed (${code}); the port may serve plain HTTP — check the protocol setting`;
      }
      return (
        `the router's certificate is not trusted (${code}). Routers use self-signed certificates: ` +
        `pin its fingerprint (device settings ▸ TLS trust ▸ pin, "read certificate") or add its CA`
      );
    default:
      return `request to ${where} failed${code ? ` (${code})` : ""}`;
  }
}

export function describeSocketError(endpoint: string | undefined, err: unknown, where: string): PeplinkError {
  if (err instanceof PeplinkCertificateMismatchError && !err.endpoint && endpoint) {
    return new PeplinkCertificateMismatchError(endpoint, err.expectedFingerprint, err.presentedFingerprint);
  }
  if (err instanceof PeplinkError) return err;
  const code = err && typeof err === "object" && "code" in err && typeof err.code === "string" ? (err as { code: string }).code : undefined;
  const reason = classify(code);
  // A bare "socket hang up" has code ECONNRESET; anything else without code is "other".
  return new PeplinkTransportError(endpoint, reason, textFor(reason, where, code), code, err);
}
