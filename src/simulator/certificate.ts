/**
 * Self-signed X.509 v3 certificate for the simulator's HTTPS listener.
 *
 * Generated at start so that no private key is ever committed and no openssl
 * binary is needed: an EC P-256 key from node:crypto, a TBSCertificate built
 * with the DER encoder in der.ts, signed with ecdsa-with-SHA256.
 */
import * as crypto from "node:crypto";
import * as net from "node:net";
import * as os from "node:os";
import * as der from "./der";

/** PEM-encoded key pair; what `SimulatorOptions.certificate` accepts. */
export interface CertificatePem {
  /** PKCS#8 private key, PEM. */
  key: string;
  /** X.509 certificate, PEM. */
  cert: string;
}

export interface GeneratedCertificate extends CertificatePem {
  /** SHA-256 fingerprint in Node's `fingerprint256` format (`AB:CD:…`). */
  fingerprint: string;
}

export interface CertificateOptions {
  /** Extra subjectAltName entries: IP literals become iPAddress, anything else dNSName. */
  hosts?: readonly string[];
  /** Common name of subject and issuer. Default `Peplink Simulator`. */
  commonName?: string;
  /** Validity start; default now minus one day (tolerates clock skew between processes). */
  notBefore?: Date;
  /** Validity end; default ten years after now. */
  notAfter?: Date;
}

const OID = {
  commonName: "2.5.4.3",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectKeyIdentifier: "2.5.29.14",
  serverAuth: "1.3.6.1.5.5.7.3.1",
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

function ipBytes(ip: string): Buffer | undefined {
  if (net.isIPv4(ip)) return Buffer.from(ip.split(".").map((p) => Number(p)));
  if (!net.isIPv6(ip)) return undefined;
  let text = ip;
  // IPv4-mapped tail (::ffff:1.2.3.4): turn the dotted quad into two hex groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4 && v4[1]) {
    const b = v4[1].split(".").map((p) => Number(p));
    const tail = `${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
    text = text.slice(0, text.length - v4[1].length) + tail;
  }
  const [head = "", rest] = text.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = rest === undefined ? [] : rest ? rest.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...(rest === undefined ? [] : new Array<string>(missing).fill("0")), ...tailGroups];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function name(commonName: string): Buffer {
  return der.sequence(der.set(der.sequence(der.objectIdentifier(OID.commonName), der.utf8String(commonName))));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? der.sequence(der.objectIdentifier(oid), der.boolean(true), der.octetString(value))
    : der.sequence(der.objectIdentifier(oid), der.octetString(value));
}

function subjectAltNames(hosts: readonly string[]): Buffer {
  const seen = new Set<string>();
  const names: Buffer[] = [];
  for (const raw of hosts) {
    const host = raw.replace(/^\[|\]$/g, "").trim();
    if (!host || seen.has(host.toLowerCase())) continue;
    seen.add(host.toLowerCase());
    const ip = ipBytes(host);
    // GeneralName: dNSName [2] IA5String, iPAddress [7] OCTET STRING, both IMPLICIT.
    names.push(ip ? der.implicitPrimitive(7, ip) : der.implicitPrimitive(2, Buffer.from(host, "ascii")));
  }
  return der.sequence(...names);
}

function toPem(label: string, body: Buffer): string {
  const lines = body.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** Node's `X509Certificate.fingerprint256` format for a DER certificate. */
export function fingerprintOfDer(certDer: Buffer): string {
  const hex = crypto.createHash("sha256").update(certDer).digest("hex").toUpperCase();
  return (hex.match(/.{2}/g) ?? []).join(":");
}

/** The last certificate fingerprinted, and its fingerprint. */
let lastFingerprint: { pem: string; fingerprint: string } | undefined;

/**
 * SHA-256 fingerprint of a PEM certificate (the first one in the text).
 * perf: parsing takes ~0.6 ms; tests and benchmarks start hundreds or
 * thousands of simulators with one certificate, so the last one is remembered.
 */
export function fingerprintOfPem(certPem: string): string {
  if (lastFingerprint?.pem !== certPem) lastFingerprint = { pem: certPem, fingerprint: new crypto.X509Certificate(certPem).fingerprint256 };
  return lastFingerprint.fingerprint;
}

/** Hosts that always go into subjectAltName, plus the bind host and, for wildcard binds, this machine's name. */
export function defaultCertificateHosts(bindHost?: string): string[] {
  const hosts = ["localhost", "127.0.0.1", "::1"];
  if (bindHost) {
    if (bindHost === "0.0.0.0" || bindHost === "::") hosts.push(os.hostname());
    else hosts.push(bindHost);
  }
  return hosts;
}

/**
 * Builds a new EC P-256 key and a self-signed certificate for it.
 * Synchronous and cheap (about a millisecond); share the result between
 * instances when starting hundreds of them.
 */
export function createCertificate(options: CertificateOptions = {}): GeneratedCertificate {
  const now = Date.now();
  const commonName = options.commonName ?? "Peplink Simulator";
  const notBefore = options.notBefore ?? new Date(now - DAY_MS);
  const notAfter = options.notAfter ?? new Date(now + 3652 * DAY_MS);
  const hosts = [...defaultCertificateHosts(), ...(options.hosts ?? [])];

  const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const spki = publicKey.export({ type: "spki", format: "der" });
  // The key identifier is the SHA-1 of the public key bits (RFC 5280 4.2.1.2 method 1, approximated over the SPKI).
  const keyId = crypto.createHash("sha1").update(spki).digest();

  const serial = crypto.randomBytes(16);
  serial[0] = serial[0] & 0x7f; // positive, at most 20 octets (RFC 5280 4.1.2.2)

  const signatureAlgorithm = der.sequence(der.objectIdentifier(OID.ecdsaWithSha256));
  const extensions = der.sequence(
    extension(OID.basicConstraints, true, der.sequence()), // cA defaults to FALSE
    // keyUsage digitalSignature (bit 0): BIT STRING with 7 unused bits, value 0x80.
    extension(OID.keyUsage, true, der.tlv(0x03, Buffer.from([0x07, 0x80]))),
    extension(OID.extKeyUsage, false, der.sequence(der.objectIdentifier(OID.serverAuth))),
    extension(OID.subjectKeyIdentifier, false, der.octetString(keyId)),
    extension(OID.subjectAltName, false, subjectAltNames(hosts)),
  );

  const tbs = der.sequence(
    der.explicit(0, der.integer(2)), // v3
    der.integer(serial),
    signatureAlgorithm,
    name(commonName),
    der.sequence(der.time(notBefore), der.time(notAfter)),
    name(commonName),
    spki,
    der.explicit(3, extensions),
  );
  const signature = crypto.sign("sha256", tbs, privateKey); // DER ECDSA-Sig-Value by default
  const certDer = der.sequence(tbs, signatureAlgorithm, der.bitString(signature));

  return {
    key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    cert: toPem("CERTIFICATE", certDer),
    fingerprint: fingerprintOfDer(certDer),
  };
}
