import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as tls from "node:tls";
import { createCertificate, startSimulator, type Simulator } from "../../dist/simulator";
import { ApiClient } from "./helpers";

const DAY = 24 * 60 * 60 * 1000;

describe("simulator certificate", () => {
  it("is a valid self-signed X.509 v3 EC P-256 certificate with the required extensions", () => {
    const before = Date.now();
    const generated = createCertificate({ hosts: ["10.1.2.3", "router.example"] });
    const x509 = new crypto.X509Certificate(generated.cert);

    assert.equal(x509.subject, "CN=Peplink Simulator");
    assert.equal(x509.issuer, "CN=Peplink Simulator");
    assert.equal(x509.ca, false);
    assert.equal(x509.verify(x509.publicKey), true);
    assert.equal(x509.verify(crypto.createPublicKey(generated.key)), true);
    assert.equal(x509.publicKey.asymmetricKeyType, "ec");
    assert.equal(x509.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1");
    assert.equal(x509.checkPrivateKey(crypto.createPrivateKey(generated.key)), true);

    const san = x509.subjectAltName ?? "";
    for (const expected of [
      "DNS:localhost",
      "IP Address:127.0.0.1",
      "IP Address:0:0:0:0:0:0:0:1",
      "IP Address:10.1.2.3",
      "DNS:router.example",
    ]) {
      assert.ok(san.includes(expected), `subjectAltName ${san} lacks ${expected}`);
    }
    assert.equal(x509.checkIP("127.0.0.1"), "127.0.0.1");
    assert.equal(x509.checkHost("localhost"), "localhost");

    const from = Date.parse(x509.validFrom);
    const to = Date.parse(x509.validTo);
    assert.ok(from <= before - DAY + 2000 && from >= before - DAY - 2000, `validFrom ${x509.validFrom} is not now - 1 day`);
    assert.ok(to >= before + 3650 * DAY - DAY, `validTo ${x509.validTo} is not ~10 years ahead`);

    assert.match(generated.fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.equal(generated.fingerprint, x509.fingerprint256);
  });

  it("makes a fresh key every time", () => {
    assert.notEqual(createCertificate().fingerprint, createCertificate().fingerprint);
  });

  describe("on the HTTPS listener", () => {
    let sim: Simulator;
    before(async () => {
      sim = await startSimulator({ host: "127.0.0.1" });
    });
    after(() => sim.close());

    it("serves the certificate whose fingerprint it reports, valid for 127.0.0.1", async () => {
      assert.equal(sim.protocol, "https");
      assert.ok(sim.certificate);
      assert.equal(sim.fingerprint, new crypto.X509Certificate(sim.certificate.cert).fingerprint256);
      const peer = await new Promise<tls.PeerCertificate>((resolve, reject) => {
        // Strict verification against the simulator's own certificate as the only CA.
        const socket = tls.connect({ host: "127.0.0.1", port: sim.port, ca: sim.certificate?.cert }, () => {
          const cert = socket.getPeerCertificate();
          socket.end();
          resolve(cert);
        });
        socket.on("error", reject);
      });
      assert.equal(peer.fingerprint256, sim.fingerprint);
    });

    it("can be restarted with the same certificate", async () => {
      const again = await startSimulator({ certificate: sim.certificate });
      try {
        assert.equal(again.fingerprint, sim.fingerprint);
        const client = new ApiClient(again);
        assert.equal((await client.login()).stat, "ok");
        client.destroy();
      } finally {
        await again.close();
      }
    });

    it("puts a bind host name into subjectAltName", async () => {
      const named = await startSimulator({ host: "localhost" });
      try {
        const x509 = new crypto.X509Certificate(named.certificate?.cert ?? "");
        assert.ok((x509.subjectAltName ?? "").includes("DNS:localhost"));
        assert.match(named.url, /^https:\/\/localhost:\d+$/);
      } finally {
        await named.close();
      }
    });
  });

  it("has no certificate over plain HTTP", async () => {
    const sim = await startSimulator({ https: false });
    try {
      assert.equal(sim.protocol, "http");
      assert.equal(sim.fingerprint, undefined);
      assert.equal(sim.certificate, undefined);
      assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await sim.close();
    }
  });
});
