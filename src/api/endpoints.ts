/**
 * The typed endpoint map: one entry per operation of the Peplink API reference,
 * with its parameter and response types, plus runtime metadata (OPERATIONS)
 * used by the client (write calls, auth needs) and by the editor pickers.
 *
 * Endpoints seen on real routers but missing from the reference are typed in
 * types/observed.ts and deliberately left out of this map.
 */
import type * as T from "./types";

export type HttpMethod = "GET" | "POST";

export interface GetEndpoints {
  "auth.client": { params: T.NoParams; response: T.AuthClientListResponse };
  "auth.client.token": { params: T.AuthClientTokenParams; response: T.AuthClientTokenResponse };
  "cmd.carrier.scan": { params: T.CmdCarrierScanParams; response: T.CmdCarrierScanResponse };
  "cmd.sms.get": { params: T.CmdSmsGetParams; response: T.CmdSmsGetResponse };
  "cmd.ap": { params: T.NoParams; response: T.CmdApResponse };
  "cmd.wan.cellular": { params: T.CmdWanCellularParams; response: T.CmdWanCellularResponse };
  "cmd.wifi.result": { params: T.CmdWifiResultParams; response: T.CmdWifiResultResponse };
  "cmd.wifi.scan": { params: T.CmdWifiScanParams; response: T.CmdWifiScanResponse };
  "config.ssid.profile": { params: T.ConfigSsidProfileParams; response: T.ConfigSsidProfileResponse };
  "config.wan.connection": { params: T.ConfigWanConnectionParams; response: T.ConfigWanConnectionResponse };
  "info.firmware": { params: T.NoParams; response: T.InfoFirmwareResponse };
  "info.location": { params: T.NoParams; response: T.InfoLocationResponse };
  "status.client": { params: T.StatusClientParams; response: T.StatusClientResponse };
  "status.lan.profile": { params: T.StatusLanProfileParams; response: T.StatusLanProfileResponse };
  "status.pepvpn": { params: T.StatusPepvpnParams; response: T.StatusPepvpnResponse };
  "status.wan.connection": { params: T.StatusWanConnectionParams; response: T.StatusWanConnectionResponse };
  "status.wan.connection.allowance": {
    params: T.StatusWanConnectionAllowanceParams;
    response: T.StatusWanConnectionAllowanceResponse;
  };
  "status.wan.connection.signal": {
    params: T.StatusWanConnectionSignalParams;
    response: T.StatusWanConnectionSignalResponse;
  };
}

export interface PostEndpoints {
  login: { params: T.LoginParams; response: T.LoginResponse };
  logout: { params: T.NoParams; response: T.NoResponse };
  "auth.client": { params: T.AuthClientParams; response: T.AuthClientResponse };
  "auth.token.grant": { params: T.AuthTokenGrantParams; response: T.AuthTokenGrantResponse };
  "auth.token.revoke": { params: T.AuthTokenRevokeParams; response: T.NoResponse };
  "cmd.billing.newCycle": { params: T.CmdBillingNewCycleParams; response: T.NoResponse };
  "cmd.carrier.scan": { params: T.CmdCarrierScanStartParams; response: T.CmdCarrierScanResponse };
  "cmd.carrier.select": { params: T.CmdCarrierSelectParams; response: T.NoResponse };
  "cmd.config.apply": { params: T.NoParams; response: T.CmdConfigApplyResponse };
  "cmd.config.discard": { params: T.NoParams; response: T.NoResponse };
  "cmd.sendUssd": { params: T.CmdSendUssdParams; response: T.CmdSendUssdResponse };
  "cmd.sms.sendMessage": { params: T.CmdSmsSendMessageParams; response: T.NoResponse };
  "cmd.ap": { params: T.CmdApSetParams; response: T.CmdApResponse };
  "cmd.cellularModule.rescanNetwork": { params: T.CmdCellularModuleParams; response: T.NoResponse };
  "cmd.cellularModule.reset": { params: T.CmdCellularModuleParams; response: T.NoResponse };
  "cmd.wan.cellular": { params: T.CmdWanCellularSetParams; response: T.NoResponse };
  "cmd.wifi.connect": { params: T.CmdWifiConnectParams; response: T.NoResponse };
  "cmd.wifi.disconnect": { params: T.CmdWifiDisconnectParams; response: T.NoResponse };
  "cmd.wifi.forget": { params: T.CmdWifiForgetParams; response: T.NoResponse };
  "config.gpio": { params: T.ConfigGpioParams; response: T.ConfigGpioResponse };
  "config.ssid.profile": { params: T.ConfigSsidProfileUpdateParams; response: T.ConfigSsidProfileResponse };
  "config.wan.connection": { params: T.ConfigWanConnectionUpdateParams; response: T.ConfigWanConnectionResponse };
  "config.wan.connection.priority": {
    params: T.ConfigWanConnectionPriorityParams;
    response: T.ConfigWanConnectionPriorityResponse;
  };
}

export type GetEndpointName = keyof GetEndpoints;
export type PostEndpointName = keyof PostEndpoints;

export interface ParamInfo {
  name: string;
  /** `numlist`/`list`: several values allowed, sent space-separated in a query. */
  type: "string" | "number" | "boolean" | "numlist" | "list" | "object" | "array";
  required: boolean;
  /** Allowed values, when the reference lists them. */
  values?: readonly string[];
  description: string;
}

export interface OperationInfo {
  endpoint: string;
  method: HttpMethod;
  /** Changes the router: refused before sending on read-only sessions/clients. */
  write: boolean;
  /** `none`: works without a session (login, token grant); `admin`: needs an admin session. */
  auth: "none" | "required" | "admin";
  /** Group for pickers, e.g. "WAN status" (one of OPERATION_AREAS). */
  area: string;
  summary: string;
  /** Firmware version the reference says the operation appeared in. */
  since: string;
  /** The reference flags some operations as not final. */
  stability?: "alpha" | "beta" | "internal testing";
  params: readonly ParamInfo[];
  /**
   * Name of the typed method on PeplinkOperations. Empty for login, logout and
   * auth.token.grant: the client performs those itself (sessions and tokens
   * are automatic) and has no named method for them.
   */
  methodName: string;
}

/** Picker groups, in display order. */
export const OPERATION_AREAS = [
  "WAN status",
  "Cellular",
  "SMS",
  "Access point",
  "Wi-Fi WAN",
  "GPIO",
  "SSID profiles",
  "WAN config",
  "Clients & LAN",
  "PepVPN",
  "Location",
  "Firmware",
  "Config changes",
  "Authentication",
] as const;
export type OperationArea = (typeof OPERATION_AREAS)[number];

// --------------------------------------------------------------- the table

type OperationKey = `GET ${GetEndpointName}` | `POST ${PostEndpointName}`;

/** One row of the table: the key gives method and endpoint. */
interface OperationSpec {
  write: boolean;
  auth: OperationInfo["auth"];
  area: OperationArea;
  summary: string;
  since: string;
  stability?: OperationInfo["stability"];
  params: readonly ParamInfo[];
  /**
   * A method of PeplinkOperations, or "". Checked by test/api/endpoints.test.ts
   * rather than typed as keyof PeplinkOperations: operations.ts imports this
   * file's endpoint maps, and a type import back would make a cycle.
   */
  methodName: string;
}

function param(name: string, type: ParamInfo["type"], required: boolean, description: string, values?: readonly string[]): ParamInfo {
  return values ? { name, type, required, values, description } : { name, type, required, description };
}

const CONN_ID = (what: string): ParamInfo => param("connId", "number", true, `WAN connection ID ${what}`);
const SIM_ID = (what: string): ParamInfo => param("simId", "number", false, `SIM ${what} (1 = SIM A, 2 = SIM B)`, ["1", "2"]);
const SECURITY_POLICIES = ["open", "wep", "wpa-eap", "wpa-psk", "8021x"] as const;
const YES_NO = ["yes", "no"] as const;

/**
 * Every operation, in the reference's order. Keyed by "METHOD endpoint" so
 * that the compiler checks this table against GetEndpoints/PostEndpoints both
 * ways (a missing or unknown operation does not compile); each methodName is
 * checked against PeplinkOperations by test/api/endpoints.test.ts.
 */
const SPECS: { readonly [K in OperationKey]: OperationSpec } = {
  "POST login": {
    write: false,
    auth: "none",
    area: "Authentication",
    summary: "Log in with an admin user name and password; the session cookie authorises later calls",
    since: "7.0.0",
    params: [param("username", "string", true, "User name"), param("password", "string", true, "Password")],
    methodName: "",
  },
  "POST logout": {
    write: false,
    auth: "required",
    area: "Authentication",
    summary: "Log out the current session",
    since: "7.0.0",
    params: [],
    methodName: "",
  },
  "GET auth.client": {
    write: false,
    auth: "admin",
    area: "Authentication",
    summary: "List the API clients (admin permission)",
    since: "7.1.1",
    params: [],
    methodName: "authClientList",
  },
  "POST auth.client": {
    write: true,
    auth: "admin",
    area: "Authentication",
    summary: "Create (action add) or remove (action remove) an API client (admin permission)",
    since: "7.1.1",
    params: [
      param("action", "string", true, "add or remove", ["add", "remove"]),
      param("name", "string", false, "Client name (add: required)"),
      param("scope", "string", false, "api = read-write, api.read-only = read-only (add: required)", ["api", "api.read-only"]),
      param("clientId", "string", false, "Client ID to remove (remove: required)"),
    ],
    methodName: "authClient",
  },
  "GET auth.client.token": {
    write: false,
    auth: "admin",
    area: "Authentication",
    summary: "List the access tokens, of one client or of all (admin permission)",
    since: "7.1.1",
    params: [param("clientId", "string", false, "Client ID; all tokens when absent")],
    methodName: "authClientToken",
  },
  "POST auth.token.grant": {
    write: false,
    auth: "none",
    area: "Authentication",
    summary: "Get an access token for a client ID and secret",
    since: "7.1.1",
    params: [
      param("clientId", "string", true, "Client ID"),
      param("clientSecret", "string", true, "Client secret"),
      param("scope", "string", false, "Narrower scope for the token", ["api", "api.read-only"]),
    ],
    methodName: "",
  },
  "POST auth.token.revoke": {
    // Self-revocation is how a token-based client logs out, so it must work
    // on read-only tokens too: not a write.
    write: false,
    auth: "required",
    area: "Authentication",
    summary: "Revoke an access token (admin permission, or the token itself)",
    since: "7.1.1",
    params: [param("accessToken", "string", true, "Access token to revoke")],
    methodName: "authTokenRevoke",
  },
  "POST cmd.billing.newCycle": {
    write: true,
    auth: "required",
    area: "Cellular",
    summary: "Start a new billing cycle for a WAN connection and SIM",
    since: "8.1.0",
    params: [CONN_ID("whose billing cycle restarts"), SIM_ID("whose cycle restarts; 1 on single-SIM models")],
    methodName: "cmdBillingNewCycle",
  },
  "GET cmd.carrier.scan": {
    write: false,
    auth: "required",
    area: "Cellular",
    summary: "Read the cellular networks found by the last carrier scan",
    since: "8.0.1",
    params: [CONN_ID("to read the scan of"), param("reference", "string", true, "Also return the current selection", YES_NO)],
    methodName: "cmdCarrierScan",
  },
  "POST cmd.carrier.scan": {
    write: true,
    auth: "required",
    area: "Cellular",
    summary: "Start a carrier scan and return the networks found so far",
    since: "8.1.0",
    params: [
      param("action", "string", false, "start triggers a new scan", ["start"]),
      CONN_ID("to scan with"),
      param("reference", "string", false, "Also return the current selection", YES_NO),
    ],
    methodName: "cmdCarrierScanStart",
  },
  "POST cmd.carrier.select": {
    write: true,
    auth: "required",
    area: "Cellular",
    summary: "Select the cellular network (carrier) of a WAN connection",
    since: "8.0.1",
    params: [
      CONN_ID("whose carrier selection changes"),
      SIM_ID("whose carrier selection changes"),
      param("selectedCarrier", "object", true, "{ mcc, mnc, pcs (0|1), name? } of the carrier to select"),
    ],
    methodName: "cmdCarrierSelect",
  },
  "POST cmd.config.apply": {
    write: true,
    auth: "required",
    area: "Config changes",
    summary: "Apply the pending configuration changes",
    since: "7.1.1",
    stability: "internal testing",
    params: [],
    methodName: "cmdConfigApply",
  },
  "POST cmd.config.discard": {
    write: true,
    auth: "required",
    area: "Config changes",
    summary: "Discard the pending configuration changes",
    since: "7.1.1",
    stability: "internal testing",
    params: [],
    methodName: "cmdConfigDiscard",
  },
  "POST cmd.sendUssd": {
    write: true,
    auth: "required",
    area: "Cellular",
    summary: "Send a USSD code from a cellular WAN",
    since: "8.1.0",
    params: [
      CONN_ID("that sends the USSD code"),
      SIM_ID("that sends; the active SIM when absent"),
      param("ussd", "string", true, "USSD code (digits, * and #), e.g. *109#"),
    ],
    methodName: "cmdSendUssd",
  },
  "GET cmd.sms.get": {
    write: false,
    auth: "required",
    area: "SMS",
    summary: "Read the SMS inbox of the active SIM of a WAN connection",
    since: "8.1.0",
    params: [CONN_ID("to read the SMS of")],
    methodName: "cmdSmsGet",
  },
  "POST cmd.sms.sendMessage": {
    write: true,
    auth: "required",
    area: "SMS",
    summary: "Send an SMS",
    since: "8.0.0",
    params: [
      param("connId", "number", false, "WAN connection ID that sends the SMS"),
      param("address", "string", true, "Recipient: + then 2–15 digits, first digit not 0"),
      param("content", "string", false, "Message text"),
    ],
    methodName: "cmdSmsSendMessage",
  },
  "GET cmd.ap": {
    write: false,
    auth: "required",
    area: "Access point",
    summary: "Read whether the device's access point is supported and on",
    since: "7.0.2",
    stability: "alpha",
    params: [],
    methodName: "cmdAp",
  },
  "POST cmd.ap": {
    write: true,
    auth: "required",
    area: "Access point",
    summary: "Switch the device's access point on or off",
    since: "7.0.2",
    stability: "alpha",
    params: [param("enable", "boolean", true, "true switches the AP on, false off")],
    methodName: "cmdApSet",
  },
  "POST cmd.cellularModule.rescanNetwork": {
    write: true,
    auth: "required",
    area: "Cellular",
    summary: "Rescan the network of a WAN connection's cellular module",
    since: "8.0.0",
    params: [CONN_ID("of the cellular module to rescan")],
    methodName: "cmdCellularModuleRescanNetwork",
  },
  "POST cmd.cellularModule.reset": {
    write: true,
    auth: "required",
    area: "Cellular",
    summary: "Reset the cellular module of a WAN connection",
    since: "8.0.0",
    params: [CONN_ID("of the cellular module to reset")],
    methodName: "cmdCellularModuleReset",
  },
  "GET cmd.wan.cellular": {
    write: false,
    auth: "required",
    area: "Cellular",
    summary: "Read the enabled SIMs and the preferred SIM of a cellular WAN",
    since: "8.0.0",
    params: [CONN_ID("of the cellular module")],
    methodName: "cmdWanCellular",
  },
  "POST cmd.wan.cellular": {
    write: true,
    auth: "required",
    area: "Cellular",
    summary: "Change the enabled SIMs and the preferred SIM of a cellular WAN",
    since: "8.0.0",
    params: [
      CONN_ID("of the cellular module"),
      param("enabledSim", "array", false, "SIMs to use: [1], [2] or [1, 2]"),
      param("preferredSim", "number", false, "Preferred SIM; null for no preference", ["1", "2", "null"]),
    ],
    methodName: "cmdWanCellularSet",
  },
  "POST cmd.wifi.connect": {
    write: true,
    auth: "required",
    area: "Wi-Fi WAN",
    summary: "Connect a Wi-Fi WAN to an SSID, with a saved profile or the given credentials",
    since: "7.1.1",
    params: [
      CONN_ID("of the Wi-Fi WAN"),
      param("ssid", "string", true, "SSID to connect to"),
      param("securityPolicy", "string", false, "Security policy; needed when no SSID profile exists", SECURITY_POLICIES),
      param("key", "string", false, "Key for WEP and WPA-PSK"),
      param("loginId", "string", false, "EAP login ID"),
      param("password", "string", false, "EAP password"),
      param("eapMethod", "string", false, "EAP method", ["TTLS", "PEAP"]),
      param("eapPhase2", "string", false, "EAP phase 2 method", ["CHAP", "MSCHAP", "MSCHAPV2", "PAP"]),
      param("eapAuthenticationId", "string", false, "EAP outer identity: anonymous, credentials or a custom string"),
      param("preferredBssid", "string", false, "Preferred BSSID (MAC)"),
    ],
    methodName: "cmdWifiConnect",
  },
  "POST cmd.wifi.disconnect": {
    write: true,
    auth: "required",
    area: "Wi-Fi WAN",
    summary: "Disconnect a Wi-Fi WAN",
    since: "7.1.1",
    params: [CONN_ID("of the Wi-Fi WAN"), param("ssid", "string", false, "SSID to disconnect; the connected one when absent")],
    methodName: "cmdWifiDisconnect",
  },
  "POST cmd.wifi.forget": {
    write: true,
    auth: "required",
    area: "Wi-Fi WAN",
    summary: "Remove a saved SSID profile (and disconnect if it is in use)",
    since: "7.1.1",
    params: [
      CONN_ID("of the Wi-Fi WAN"),
      param("ssid", "string", true, "SSID to forget"),
      param("securityPolicy", "string", true, "Security policy of the SSID", SECURITY_POLICIES),
    ],
    methodName: "cmdWifiForget",
  },
  "GET cmd.wifi.result": {
    write: false,
    auth: "required",
    area: "Wi-Fi WAN",
    summary: "Read the outcome of the last Wi-Fi WAN connection attempt",
    since: "7.1.1",
    params: [CONN_ID("of the Wi-Fi WAN")],
    methodName: "cmdWifiResult",
  },
  "GET cmd.wifi.scan": {
    write: false,
    auth: "required",
    area: "Wi-Fi WAN",
    summary: "Discover nearby Wi-Fi access points",
    since: "7.1.1",
    params: [
      CONN_ID("of the Wi-Fi WAN"),
      param("infoType", "list", false, "Extra sections: status (connected/in use), config (saved profile)", ["status", "config"]),
      param("sortBy", "string", false, "Sort key; by name with saved SSIDs first when absent", ["name", "security", "signal", "channel"]),
      param("sortOrder", "string", false, "Sort order", ["asc", "desc"]),
    ],
    methodName: "cmdWifiScan",
  },
  "POST config.gpio": {
    // A POST, so it needs read-write permission even when it only reads (an
    // empty or absent list changes nothing): a read-only session that wants
    // the GPIO config must use the generic call at its own risk.
    write: true,
    auth: "required",
    area: "GPIO",
    summary: "Read and update the GPIO configuration; an empty list only reads it",
    since: "8.1.1",
    stability: "beta",
    params: [
      param("list", "array", false, "GPIOs to update: { id, enable?, type?, mode?, delay? }"),
      param("reference", "boolean", false, "Also return the types and modes each GPIO supports"),
    ],
    methodName: "configGpio",
  },
  "GET config.ssid.profile": {
    write: false,
    auth: "required",
    area: "SSID profiles",
    summary: "Read SSID profiles",
    since: "7.1.1",
    params: [param("id", "numlist", false, "Profile IDs; all profiles when absent")],
    methodName: "configSsidProfile",
  },
  "POST config.ssid.profile": {
    write: true,
    auth: "required",
    area: "SSID profiles",
    summary: "Update an SSID profile; only the given fields change",
    since: "7.1.1",
    params: [
      param("action", "string", true, "update", ["update"]),
      param("id", "number", true, "Profile ID"),
      param("name", "string", false, "SSID"),
      param("enable", "boolean", false, "Enable the profile"),
      param("vlanId", "number", false, "VLAN ID"),
      param("broadcast", "boolean", false, "Broadcast the SSID"),
      param("security", "object", false, "{ policy?, wpa2Personal?: { fastTransition?, key? }, wpaWpa2Personal?: { key? } }"),
    ],
    methodName: "configSsidProfileUpdate",
  },
  "GET config.wan.connection": {
    write: false,
    auth: "required",
    area: "WAN config",
    summary: "Read the WAN connection settings",
    since: "8.1.1",
    stability: "beta",
    params: [
      param("id", "numlist", false, "WAN IDs; all WANs when absent"),
      param("infoType", "list", false, "Sections to return; all when absent", [
        "multipleIp",
        "connection",
        "physical",
        "healthcheck",
        "bandwidthAllowanceMonitor",
        "cellular",
      ]),
    ],
    methodName: "configWanConnection",
  },
  "POST config.wan.connection": {
    write: true,
    auth: "required",
    area: "WAN config",
    summary: "Update WAN connection settings; only the given fields change",
    since: "8.1.1",
    stability: "beta",
    params: [
      param("action", "string", true, "update", ["update"]),
      param("list", "array", true, "WANs to update: { id, name?, enable?, connection?, cellular?, wifi?, physical?, healthcheck?, … }"),
    ],
    methodName: "configWanConnectionUpdate",
  },
  "POST config.wan.connection.priority": {
    write: true,
    auth: "required",
    area: "WAN config",
    summary: "Change WAN priorities or enable/disable WANs, at once or pending apply",
    since: "7.1.1",
    params: [
      param("instantActive", "boolean", false, "Apply at once; otherwise saved pending cmd.config.apply"),
      param("list", "array", false, "{ connId, priority?, enable? } per WAN"),
    ],
    methodName: "configWanConnectionPriority",
  },
  "GET info.firmware": {
    // Answers before login too (running version only), but a client always
    // has a session by the time it calls it, so it is listed as "required".
    write: false,
    auth: "required",
    area: "Firmware",
    summary: "Read the firmware versions installed and which one runs",
    since: "7.1.1",
    stability: "internal testing",
    params: [],
    methodName: "infoFirmware",
  },
  "GET info.location": {
    write: false,
    auth: "required",
    area: "Location",
    summary: "Read the GPS location (fails on devices without GPS)",
    since: "8.0.1",
    params: [],
    methodName: "infoLocation",
  },
  "GET status.client": {
    write: false,
    auth: "required",
    area: "Clients & LAN",
    summary: "List the LAN clients",
    since: "8.0.1",
    params: [
      param("vlanId", "number", false, "Only clients of this VLAN"),
      param("activeOnly", "string", false, "yes: active clients only", YES_NO),
      param("connectionType", "list", false, "Only these connection types", [
        "ethernet",
        "wireless",
        "pptp",
        "stroute",
        "l2tp",
        "openvpn",
        "pepvpn",
        "other",
      ]),
      param("size", "number", false, "At most this many clients (default 1000)"),
      param("outputWeight", "string", false, "How much of each client to return (default normal)", ["full", "normal", "lite"]),
      param("infoType", "list", false, "Fields to return; overrides outputWeight", [
        "ip",
        "connectionType",
        "lease",
        "name",
        "mac",
        "bssid",
        "port",
        "vlanId",
        "essid",
        "active",
        "signalStrength",
        "speed",
      ]),
    ],
    methodName: "statusClient",
  },
  "GET status.lan.profile": {
    write: false,
    auth: "required",
    area: "Clients & LAN",
    summary: "Read the LAN / VLAN status",
    since: "7.1.0",
    params: [param("id", "numlist", false, "LAN indexes; all LANs when absent")],
    methodName: "statusLanProfile",
  },
  "GET status.pepvpn": {
    write: false,
    auth: "required",
    area: "PepVPN",
    summary: "Read PepVPN / SpeedFusion profiles, peers and tunnels",
    since: "7.1.0",
    stability: "beta",
    params: [
      param("infoType", "list", false, "Sections to return", ["profile", "peer", "tunnel"]),
      param("lite", "string", false, "yes: less detail", YES_NO),
      param("tunnelOption", "list", false, "Peer IDs (e.g. 1-1) to return tunnel details for"),
      param("start", "number", false, "First peer to return"),
      param("size", "number", false, "Number of peers to return"),
      param("searchPattern", "string", false, "Only peers matching this text"),
      param("serialNumber", "string", false, "Only the peer with this serial number"),
    ],
    methodName: "statusPepvpn",
  },
  "GET status.wan.connection": {
    write: false,
    auth: "required",
    area: "WAN status",
    summary: "Read the status of the WAN connections",
    since: "8.0.0",
    params: [
      param("id", "numlist", false, "WAN IDs; all WANs when absent"),
      param("lite", "string", false, "yes: less detail (no effect on MAX devices)", YES_NO),
    ],
    methodName: "statusWanConnection",
  },
  "GET status.wan.connection.allowance": {
    write: false,
    auth: "required",
    area: "WAN status",
    summary: "Read the bandwidth allowance of WAN connections (per SIM for cellular)",
    since: "8.0.0",
    params: [param("connId", "numlist", false, "WAN IDs; required and cellular-only on 8.0.0, all WANs when absent from 8.0.1")],
    methodName: "statusWanConnectionAllowance",
  },
  "GET status.wan.connection.signal": {
    write: false,
    auth: "required",
    area: "WAN status",
    summary: "Read the signal of cellular, modem and Wi-Fi WANs",
    since: "8.0.1",
    stability: "beta",
    params: [
      param("connId", "numlist", false, "WAN IDs; all WANs when absent"),
      param("virtualType", "list", false, "Only these WAN types", ["wireless", "cellular", "modem"]),
      param("infoType", "list", false, "Sections to return", ["virtualType", "signal", "activeSim", "wifi", "band", "signalLevel"]),
    ],
    methodName: "statusWanConnectionSignal",
  },
};

function toInfo(key: OperationKey, spec: OperationSpec): OperationInfo {
  const space = key.indexOf(" ");
  const method = key.slice(0, space) as HttpMethod;
  return Object.freeze({ endpoint: key.slice(space + 1), method, ...spec });
}

/** Every operation of the API reference (41), in the reference's order. */
export const OPERATIONS: readonly OperationInfo[] = Object.freeze(
  (Object.keys(SPECS) as OperationKey[]).map((key) => toInfo(key, SPECS[key])),
);

const BY_KEY = new Map<string, OperationInfo>(OPERATIONS.map((op) => [`${op.method} ${op.endpoint}`, op]));

export function findOperation(method: HttpMethod, endpoint: string): OperationInfo | undefined {
  return BY_KEY.get(`${method} ${endpoint}`);
}
