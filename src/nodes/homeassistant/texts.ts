/**
 * The catalogue keys (nodes/locales/<lang>/peplink-homeassistant.json) of
 * every status and log text of peplink-homeassistant, in one place.
 */
export const TEXT = {
  // Status (short: the editor shows about 40 characters).
  statusNoBroker: "peplink-homeassistant.status.no-broker",
  statusMqttDown: "peplink-homeassistant.status.mqtt-down",
  statusWaiting: "peplink-homeassistant.status.waiting",
  statusOffline: "peplink-homeassistant.status.offline",
  /** __entities__ */
  statusOnline: "peplink-homeassistant.status.online",
  statusDuplicate: "peplink-homeassistant.status.duplicate",
  /** __key__, __value__ */
  statusCommand: "peplink-homeassistant.status.command",
  /** __key__ */
  statusCommandFailed: "peplink-homeassistant.status.command-failed",

  // Log and Catch-able errors.
  noBroker: "peplink-homeassistant.log.no-broker",
  /** __id__ */
  duplicate: "peplink-homeassistant.log.duplicate",
  /** __mac__ */
  identityFromMac: "peplink-homeassistant.log.identity-from-mac",
  /** __id__ */
  identityFromConfig: "peplink-homeassistant.log.identity-from-config",
  /** __what__, __reason__ */
  unsupported: "peplink-homeassistant.log.unsupported",
  routerBack: "peplink-homeassistant.log.router-back",
  /** __before__, __after__ */
  identityChanged: "peplink-homeassistant.log.identity-changed",
  /** __topic__, __message__ */
  commandFailed: "peplink-homeassistant.log.command-failed",
  /** __count__ */
  staleRemoved: "peplink-homeassistant.log.stale-removed",
  /** __topic__ */
  retainedCommand: "peplink-homeassistant.log.retained-command",
} as const;
