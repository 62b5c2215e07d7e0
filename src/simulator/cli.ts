#!/usr/bin/env node
/**
 * peplink-simulator: run a simulated Peplink router from the command line.
 * Prints where it listens, the certificate fingerprint, the credentials it
 * accepts (its own demo credentials) and the control API; Ctrl-C stops it.
 */
import * as crypto from "node:crypto";
import { startSimulator } from "./index";
import { DEFAULT_USERS } from "./sessions";
import type { SimulatorClient, SimulatorOptions, SimulatorUser } from "./types";

const HELP = `Usage: peplink-simulator [options]

Serves the Peplink router API (firmware 8.x) from a simulated device.

Options:
  --port <n>              TCP port (default 8443 with HTTPS, 8080 with HTTP; 0 = any free port)
  --https | --http        protocol (default HTTPS with a self-signed certificate made at start)
  --host <address>        bind address (default 127.0.0.1)
  --user <name>           admin user name (default admin)
  --password <secret>     admin password (default admin)
  --client-id <id>        register an API client with this ID (scope api) ...
  --client-secret <s>     ... and this secret (both default to random values when only one is given)
  --expires-in-as-string  answer expiresIn / authorizationType as strings, like some firmware
  --firmware <version>    firmware to report (default "8.3.0 build 5229")
  --model <name>          model to report (default "MAX BR1 Pro 5G")
  --help                  this text

The control API for tests and demos is under /_simulator (GET /_simulator lists it).
`;

interface CliArgs {
  options: SimulatorOptions;
  help: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): CliArgs {
  const options: SimulatorOptions = {};
  let help = false;
  let user: string | undefined;
  let password: string | undefined;
  let clientId: string | undefined;
  let clientSecret: string | undefined;
  let portGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string => {
      if (eq > 0) return raw.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--help":
      case "-h":
        help = true;
        break;
      case "--https":
        options.https = true;
        break;
      case "--http":
        options.https = false;
        break;
      case "--port": {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port must be a number from 0 to 65535");
        options.port = port;
        portGiven = true;
        break;
      }
      case "--host":
        options.host = value();
        break;
      case "--user":
        user = value();
        break;
      case "--password":
        password = value();
        break;
      case "--client-id":
        clientId = value();
        break;
      case "--client-secret":
        clientSecret = value();
        break;
      case "--expires-in-as-string":
        options.expiresInAsString = true;
        break;
      case "--firmware":
        options.firmware = value();
        break;
      case "--model":
        options.model = value();
        break;
      default:
        throw new UsageError(`unknown option ${raw}`);
    }
  }
  if (!portGiven) options.port = options.https === false ? 8080 : 8443;
  if (user !== undefined || password !== undefined) {
    const admin: SimulatorUser = { username: user ?? "admin", password: password ?? "admin", role: "admin" };
    options.users = [admin, ...DEFAULT_USERS.filter((u) => u.role !== "admin" && u.username !== admin.username)];
  }
  if (clientId !== undefined || clientSecret !== undefined) {
    const random = (): string => crypto.randomBytes(16).toString("hex");
    const client: SimulatorClient = {
      name: "CLI client",
      clientId: clientId ?? random(),
      clientSecret: clientSecret ?? random(),
      scope: "api",
    };
    options.clients = [client];
  }
  return { options, help };
}

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`peplink-simulator: ${err.message}\n\n${HELP}`);
      process.exit(2);
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  const sim = await startSimulator(args.options);
  const users = args.options.users ?? DEFAULT_USERS;
  const lines = [
    `Peplink simulator (${args.options.model ?? "MAX BR1 Pro 5G"}, firmware ${args.options.firmware ?? "8.3.0 build 5229"}) listening on ${sim.url}`,
  ];
  if (sim.fingerprint) lines.push(`  Certificate SHA-256 fingerprint: ${sim.fingerprint}`);
  lines.push(`  Web admin users: ${users.map((u) => `${u.username} / ${u.password} (${u.role})`).join(", ")}`);
  for (const c of args.options.clients ?? []) lines.push(`  API client: id ${c.clientId}, secret ${c.clientSecret} (scope ${c.scope})`);
  lines.push(`  Control API: ${sim.url}/_simulator`);
  const admin = users.find((u) => u.role === "admin") ?? users[0];
  if (admin) {
    const body = JSON.stringify({ username: admin.username, password: admin.password });
    lines.push(`  Try: curl -k -c cookies.txt ${sim.url}/api/login -H 'content-type: application/json' -d '${body}'`);
    lines.push(`       curl -k -b cookies.txt ${sim.url}/api/status.wan.connection`);
  }
  lines.push("Press Ctrl-C to stop.");
  process.stdout.write(`${lines.join("\n")}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(
    `peplink-simulator: ${code === "EADDRINUSE" ? "the port is already in use; try --port 0 or another port" : message}\n`,
  );
  process.exit(1);
});
