/**
 * Every status and log text of peplink-homeassistant, in one table, so that
 * they can move to a message catalogue in one step.
 */
export const TEXT = {
  // Status (short: the editor shows about 40 characters).
  statusNoBroker: "no MQTT broker",
  statusSettings: "settings invalid",
  statusMqttDown: "MQTT disconnected",
  statusWaiting: "waiting for the router",
  statusOffline: "router unreachable: offline",
  statusOnline: (entities: number): string => `online · ${entities} entities`,
  statusDuplicate: "router published by another node",
  statusCommand: (key: string, value: string): string => `${key} ← ${value}`,
  statusCommandFailed: (key: string): string => `command failed: ${key}`,

  // Log and Catch-able errors.
  noBroker: "no MQTT broker: open the node and choose (or add) an mqtt-broker config node",
  duplicate: (id: string): string =>
    `router ${id} is already published by another peplink-homeassistant node in this Node-RED; this one publishes nothing (two nodes would announce the same unique ids)`,
  identityFromMac: (mac: string): string =>
    `the router does not answer status.system.info (no serial number): it is identified by its WAN MAC address ${mac}; the Home Assistant device changes if that MAC changes`,
  identityFromConfig: (id: string): string =>
    `the router gives neither a serial number (status.system.info) nor a WAN MAC address: it is identified by its peplink-device config node (${id}); the Home Assistant device changes if that config node is replaced`,
  unsupported: (what: string, reason: string): string =>
    `${what}: not available on this router (${reason}); its entities are not announced`,
  routerBack: "the router answers again: availability online",
  identityChanged: (before: string, after: string): string =>
    `the router at this address is now ${after} (was ${before}): the entities of ${before} are removed and those of ${after} announced`,
  commandFailed: (topic: string, message: string): string => `command on ${topic}: ${message}`,
  staleRemoved: (count: number): string => `removed ${count} retained discovery config(s) of entities this router no longer has`,
} as const;
