/**
 * TLS trust for routers, which almost always present a self-signed certificate.
 *
 * - `verify`: normal CA-chain and host-name verification (optionally with the
 *   router's own CA in `ca`).
 * - `pin`: accept exactly the certificate whose SHA-256 fingerprint was pinned;
 *   any other certificate is refused before a single request byte is sent.
 * - `insecure`: accept any certificate (testing only).
 */
import * as net from "node:net";
import * as tls from "node:tls";
import { describe, normalizeFingerprint } from "./connection-rules";
import { PeplinkInputError, PeplinkTransportError } from "./errors";
import { describeSocketError } from "./socket-errors";

export { normalizeFingerprint };

export type TlsTrust = { mode: "verify"; ca?: string } | { mode: "pin"; fingerprint: string } | { mode: "insecure" };

/** Validates a trust setting and returns it with the fingerprint normalized. */
export function checkTrust(trust: TlsTrust): TlsTrust {
  if (trust.mode === "pin") {
    const fingerprint = normalizeFingerprint(trust.fingerprint ?? "");
    if (!fingerprint) {
      throw new PeplinkInputError("fingerprint", describe({ rule: "fingerprint" }));
    }
    return { mode: "pin", fingerprint };
  }
  // Only the two other modes by name: the node's rule reads an empty mode as its default (pin), which here,
  // without a fingerprint, would fall through to an unchecked connection.
  if (trust.mode !== "verify" && trust.mode !== "insecure") throw new PeplinkInputError("tls", describe({ rule: "trust" }));
  return trust;
}

/** Options for `tls.connect`/`https.Agent` for a trust mode. Pin checks happen after the handshake. */
export function tlsConnectOptions(trust: TlsTrust): tls.ConnectionOptions {
  if (trust.mode === "verify") return trust.ca ? { rejectUnauthorized: true, ca: trust.ca } : { rejectUnauthorized: true };
  return { rejectUnauthorized: false };
}

/** One TLS context per CA (none for pin/insecure), shared by every connection of the process. */
const contexts = new Map<string, tls.SecureContext>();

/**
 * perf: without a context of its own each connection builds one (0.3 ms and
 * an OpenSSL context in memory per router); the settings do not differ
 * between connections of the same trust, so they share it.
 */
export function sharedSecureContext(trust: TlsTrust): tls.SecureContext {
  const ca = trust.mode === "verify" ? (trust.ca ?? "") : "";
  let context = contexts.get(ca);
  if (!context) {
    context = tls.createSecureContext(ca ? { ca } : {});
    contexts.set(ca, context);
  }
  return context;
}

export interface CertificateInfo {
  /** SHA-256 fingerprint, `AB:CD:…`. */
  fingerprint: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  selfSigned: boolean;
  /** Whether the certificate chains to a trusted CA and matches the host name. */
  trusted: boolean;
  /** Why it is not trusted, e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  trustError: string | undefined;
}

function distinguishedName(name: tls.PeerCertificate["subject"] | undefined): string {
  if (!name) return "";
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : String(v)}`)
    .join(", ");
}

/**
 * Connects to a router and reads its certificate without sending any request,
 * so the editor can offer "trust this certificate" (pin its fingerprint).
 */
export function readCertificate(host: string, port: number, timeoutMs = 10_000): Promise<CertificateInfo> {
  return new Promise((resolve, reject) => {
    const servername = net.isIP(host) ? undefined : host;
    const socket = tls.connect({ host, port, servername, rejectUnauthorized: false });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new PeplinkTransportError(undefined, "timeout", `no TLS answer from ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once("secureConnect", () => {
      clearTimeout(timer);
      const cert = socket.getPeerCertificate();
      const authError = socket.authorizationError;
      let trustError = authError ? String(authError) : undefined;
      if (!trustError) {
        const identityError = tls.checkServerIdentity(host, cert);
        if (identityError) trustError = identityError.message;
      }
      socket.end();
      resolve({
        fingerprint: cert.fingerprint256,
        subject: distinguishedName(cert.subject),
        issuer: distinguishedName(cert.issuer),
        validFrom: cert.valid_from,
        validTo: cert.valid_to,
        selfSigned: distinguishedName(cert.subject) === distinguishedName(cert.issuer),
        trusted: !trustError,
        trustError,
      });
    });
    socket.once("error", (err) => {
      clearTimeout(timer);
      reject(describeSocketError(undefined, err, `${host}:${port}`));
    });
  });
}
