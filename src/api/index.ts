/**
 * The typed Peplink router API client, usable without Node-RED:
 *   import { PeplinkClient } from "node-red-contrib-peplink";
 */
export * from "./client";
export * from "./errors";
export * from "./endpoints";
export * from "./operations";
export * from "./ordered";
export type * from "./types";
export type { CallOptions } from "./call-options";
export type { AuthSettings, BackoffSettings } from "./auth";
export { parseExpiresIn } from "./auth";
export { buildQuery } from "./query";
export { checkHost } from "./host";
export { normalizeFingerprint, readCertificate, type CertificateInfo, type TlsTrust } from "./tls";
