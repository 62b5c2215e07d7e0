/**
 * The parts of every discovery config that are the same for all entities of
 * a router: the device block, availability and origin.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DeviceSettings } from "../shared/device-settings";
import type { RouterIdentity } from "./identity";
import type { WillAvailability } from "./mqtt-link";
import type { DiscoveryContext } from "./publisher";

function packageInfo(): { version: string; homepage: string } {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")) as {
      version?: string;
      homepage?: string;
    };
    return { version: pkg.version ?? "", homepage: pkg.homepage ?? "" };
  } catch {
    return { version: "", homepage: "" };
  }
}

const PACKAGE = packageInfo();

/** The router's web admin, from the peplink-device settings. */
export function configurationUrl(settings: Readonly<DeviceSettings>): string | undefined {
  const host = String(settings.host ?? "").trim();
  if (!host) return undefined;
  const protocol = settings.protocol === "http" ? "http" : "https";
  const port = String(settings.port ?? "").trim();
  const shownHost = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  const defaultPort = protocol === "https" ? "443" : "80";
  return `${protocol}://${shownHost}${port && port !== defaultPort ? `:${port}` : ""}/`;
}

export const availabilityTopic = (base: string): string => `${base}/availability`;

export interface ContextInput {
  identity: RouterIdentity;
  prefix: string;
  baseTopic: string;
  /** Device name: the node's setting, else the router's name, else the peplink-device's label. */
  name: string;
  configurationUrl: string | undefined;
  will: WillAvailability | undefined;
}

export function discoveryContext(input: ContextInput): DiscoveryContext {
  const { identity: id } = input;
  const base = `${input.baseTopic}/${id.id}`;
  const nodeId = `peplink_${id.id}`;
  const device: Record<string, unknown> = { identifiers: [nodeId], name: input.name, manufacturer: "Peplink" };
  if (id.model) device.model = id.model;
  if (id.serial) device.serial_number = id.serial;
  if (id.hwVersion) device.hw_version = id.hwVersion;
  if (id.firmware) device.sw_version = id.firmware;
  if (input.configurationUrl) device.configuration_url = input.configurationUrl;
  const availability: Array<Record<string, string>> = [{ topic: availabilityTopic(base) }];
  // With the broker's Last Will, Home Assistant also sees Node-RED itself go away (mode "all").
  if (input.will) availability.push({ ...input.will });
  const origin: Record<string, string> = { name: "node-red-contrib-peplink" };
  if (PACKAGE.version) origin.sw_version = PACKAGE.version;
  if (PACKAGE.homepage) origin.support_url = PACKAGE.homepage;
  return { prefix: input.prefix, base, nodeId, device, availability, origin };
}
