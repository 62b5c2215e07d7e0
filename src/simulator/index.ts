/**
 * Peplink router simulator: library entry point.
 *
 *   const sim = await startSimulator();
 *   // sim.url, sim.fingerprint, sim.control.injectSms(...), await sim.close()
 */
import { createCertificate, fingerprintOfPem, type CertificatePem } from "./certificate";
import { createControl } from "./control";
import { createControlRoutes } from "./control-http";
import { SimulatorCore, resolveOptions } from "./core";
import { SimulatorServer } from "./server";
import type { Simulator, SimulatorOptions } from "./types";

export { createCertificate, fingerprintOfPem } from "./certificate";
export type { CertificatePem, CertificateOptions, GeneratedCertificate } from "./certificate";
export { CELLULAR_WAN_ID, WIFI_WAN_ID } from "./state";
export type * from "./state";
export type * from "./types";

function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

function checkCertificate(c: CertificatePem): void {
  if (typeof c !== "object" || c === null || typeof c.key !== "string" || typeof c.cert !== "string") {
    throw new TypeError("certificate must be { key: string, cert: string } (PEM)");
  }
}

/** Starts one simulated router; resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const resolved = resolveOptions(options);
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  const useHttps = options.https ?? true;
  let certificate: CertificatePem | undefined;
  let fingerprint: string | undefined;
  if (useHttps) {
    if (options.certificate) {
      checkCertificate(options.certificate);
      certificate = { key: options.certificate.key, cert: options.certificate.cert };
      fingerprint = fingerprintOfPem(certificate.cert);
    } else {
      const generated = createCertificate({ hosts: [host] });
      certificate = { key: generated.key, cert: generated.cert };
      fingerprint = generated.fingerprint;
    }
  }
  const core = new SimulatorCore(resolved);
  const server = new SimulatorServer(core, { host, port, https: useHttps, certificate, keepAliveTimeoutMs: resolved.keepAliveTimeoutMs });
  const control = createControl(core);
  server.control = createControlRoutes(control);
  const actualPort = await server.listen();
  const protocol = useHttps ? "https" : "http";
  return {
    url: `${protocol}://${urlHost(host)}:${actualPort}`,
    host,
    port: actualPort,
    protocol,
    fingerprint,
    certificate,
    control,
    close: () => server.close(),
  };
}
