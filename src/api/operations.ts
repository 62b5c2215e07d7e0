/**
 * One typed, documented method per operation of the Peplink API reference.
 * The real client (`PeplinkClient extends PeplinkOperations`) implements
 * `get`/`post`; everything else is a thin, typed call on top of them.
 *
 * login, logout and auth.token.grant have no named method: the client logs
 * in, refreshes tokens and logs out by itself (they stay in the endpoint map
 * and OPERATIONS). Methods whose operation has exactly one `action` value fill
 * it in, so callers pass only the interesting fields.
 */
import type { CallOptions } from "./call-options";
import type { GetEndpointName, GetEndpoints, PostEndpointName, PostEndpoints } from "./endpoints";
import type * as T from "./types";

export abstract class PeplinkOperations {
  /** Calls a GET endpoint; resolves with the `response` part of the answer. */
  abstract get<E extends GetEndpointName>(
    endpoint: E,
    params?: GetEndpoints[E]["params"],
    options?: CallOptions,
  ): Promise<GetEndpoints[E]["response"]>;

  /** Calls a POST endpoint; resolves with the `response` part of the answer. */
  abstract post<E extends PostEndpointName>(
    endpoint: E,
    body?: PostEndpoints[E]["params"],
    options?: CallOptions,
  ): Promise<PostEndpoints[E]["response"]>;

  // ------------------------------------------------------------ Authentication

  /** GET auth.client — the API clients, with their secrets. Admin permission. Since 7.1.1. */
  authClientList(options?: CallOptions): Promise<T.AuthClientListResponse> {
    return this.get("auth.client", undefined, options);
  }

  /**
   * POST auth.client — create (`action: "add"`, with `name` and `scope`) or
   * remove (`action: "remove"`, with `clientId`) an API client. Admin
   * permission. Resolves with the new client for `add`. Since 7.1.1.
   * See also {@link authClientAdd} and {@link authClientRemove}.
   */
  authClient(params: T.AuthClientParams, options?: CallOptions): Promise<T.AuthClientResponse> {
    return this.post("auth.client", params, options);
  }

  /**
   * POST auth.client `action: "add"` — creates an API client; `scope` is
   * `api` (read-write) or `api.read-only`. Resolves with its ID and secret.
   * Clients created in quick succession are rate-limited (about 1 s apart).
   */
  authClientAdd(params: Omit<T.AuthClientAddParams, "action">, options?: CallOptions): Promise<T.AuthClient> {
    // The reference answers `add` with the new client, so `undefined` is not expected here.
    return this.post("auth.client", { ...params, action: "add" }, options) as Promise<T.AuthClient>;
  }

  /** POST auth.client `action: "remove"` — deletes an API client by ID. */
  async authClientRemove(params: Omit<T.AuthClientRemoveParams, "action">, options?: CallOptions): Promise<void> {
    await this.post("auth.client", { ...params, action: "remove" }, options);
  }

  /** GET auth.client.token — the access tokens of one client, or of all when `clientId` is absent. Admin permission. Since 7.1.1. */
  authClientToken(params?: T.AuthClientTokenParams, options?: CallOptions): Promise<T.AuthClientTokenResponse> {
    return this.get("auth.client.token", params, options);
  }

  /** POST auth.token.revoke — revokes an access token (admin permission, or the token revoking itself). Since 7.1.1. */
  authTokenRevoke(params: T.AuthTokenRevokeParams, options?: CallOptions): Promise<T.NoResponse> {
    return this.post("auth.token.revoke", params, options);
  }

  // ------------------------------------------------------------------ Cellular

  /**
   * POST cmd.billing.newCycle — starts a new billing cycle for a WAN
   * connection and SIM (`simId` 1 = SIM A, 2 = SIM B; 1 on single-SIM
   * models; ignored for non-cellular WANs). Since 8.1.0.
   */
  cmdBillingNewCycle(params: T.CmdBillingNewCycleParams, options?: CallOptions): Promise<T.NoResponse> {
    return this.post("cmd.billing.newCycle", params, options);
  }

  /**
   * GET cmd.carrier.scan — the cellular networks found by the last scan
   * (`scanStatus` `scanning` or `done`), and with `reference: "yes"` the
   * current selection. Fails when the WAN does not support carrier scan. Since 8.0.1.
   */
  cmdCarrierScan(params: T.CmdCarrierScanParams, options?: CallOptions): Promise<T.CmdCarrierScanResponse> {
    return this.get("cmd.carrier.scan", params, options);
  }

  /**
   * POST cmd.carrier.scan with `action: "start"` — starts a carrier scan and
   * answers like GET cmd.carrier.scan; poll that until `scanStatus` is `done`.
   * Since 8.1.0.
   */
  cmdCarrierScanStart(params: Omit<T.CmdCarrierScanStartParams, "action">, options?: CallOptions): Promise<T.CmdCarrierScanResponse> {
    return this.post("cmd.carrier.scan", { ...params, action: "start" }, options);
  }

  /** POST cmd.carrier.select — selects the cellular network (`mcc`, `mnc`, `pcs`) of a WAN connection and optionally SIM. Since 8.0.1. */
  cmdCarrierSelect(params: T.CmdCarrierSelectParams, options?: CallOptions): Promise<T.NoResponse> {
    return this.post("cmd.carrier.select", params, options);
  }

  /** POST cmd.sendUssd — sends a USSD code (e.g. `*109#`) from a cellular WAN; the active SIM when `simId` is absent. Since 8.1.0. */
  cmdSendUssd(params: T.CmdSendUssdParams, options?: CallOptions): Promise<T.CmdSendUssdResponse> {
    return this.post("cmd.sendUssd", params, options);
  }

  /** POST cmd.cellularModule.rescanNetwork — rescans the network of a WAN connection's cellular module. Since 8.0.0. */
  cmdCellularModuleRescanNetwork(params: T.CmdCellularModuleParams, options?: CallOptions): Promise<T.NoResponse> {
    return this.post("cmd.cellularModule.rescanNetwork", params, options);
  }

  /** POST cmd.cellularModule.reset — resets the cellular module of a WAN connection. Since 8.0.0. */
  cmdCellularModuleReset(params: T.CmdCellularModuleParams, options?: CallOptions): Promise<T.NoResponse> {
    return this.post("cmd.cellularModule.reset", params, options);
  }

  /** GET cmd.wan.cellular — the enabled SIMs and the preferred SIM (`null`: no preference) of a cellular WAN. Since 8.0.0. */
  cmdWanCellular(params: T.CmdWanCellularParams, options?: CallOptions): Promise<T.CmdWanCellularResponse> {
    return this.get("cmd.wan.cellular", params, options);
  }

  /**
   * POST cmd.wan.cellular — changes the enabled SIMs (`[1]`, `[2]`, `[1, 2]`)
   * and the preferred SIM (`null` clears the preference; only meaningful with
   * both SIMs enabled). Since 8.0.0.
   */
  cmdWanCellularSet(params: T.CmdWanCellularSetParams, options?: CallOptions): Promise<T.NoResponse> {
    return this.post("cmd.wan.cellular", params, options);
  }

  // -------------------------------------------------------------- Config changes

  /** POST cmd.config.apply — applies the pending configuration; may answer a `warning`. Since 7.1.1 ("internal testing"). */
  cmdConfigApply(options?: CallOptions): Promise<T.CmdConfigApplyResponse> {
    return this.post("cmd.config.apply", undefined, options);
  }

  /** POST cmd.config.discard — discards the pending configuration. Since 7.1.1 ("internal testing"). */
  cmdConfigDiscard(options?: CallOptions): Promise<T.NoResponse> {
    return this.post("cmd.config.discard", undefined, options);
  }

  // ----------------------------------------------------------------------- SMS

  /**
   * GET cmd.sms.get — the SMS inbox of the active SIM of a WAN connection,
   * grouped by sender; multipart messages are separate parts. The text is in
   * `content` or `message` depending on firmware. Since 8.1.0.
   */
  cmdSmsGet(params: T.CmdSmsGetParams, options?: CallOptions): Promise<T.CmdSmsGetResponse> {
    return this.get("cmd.sms.get", params, options);
  }

  /**
   * POST cmd.sms.sendMessage — sends an SMS to `address` (`+` then 2–15
   * digits, first digit not 0), from `connId` or a WAN the router picks. Since 8.0.0.
   */
  cmdSmsSendMessage(params: T.CmdSmsSendMessageParams, options?: CallOptions): Promise<T.NoResponse> {
    return this.post("cmd.sms.sendMessage", params, options);
  }

  // -------------------------------------------------------------- Access point

  /** GET cmd.ap — whether the device's access point is supported and on. Since 7.0.2 (alpha). */
  cmdAp(options?: CallOptions): Promise<T.CmdApResponse> {
    return this.get("cmd.ap", undefined, options);
  }

  /** POST cmd.ap — switches the device's access point on (`enable: true`) or off; answers the new state. Since 7.0.2 (alpha). */
  cmdApSet(params: T.CmdApSetParams, options?: CallOptions): Promise<T.CmdApResponse> {
    return this.post("cmd.ap", params, options);
  }

  // ----------------------------------------------------------------- Wi-Fi WAN

  /**
   * POST cmd.wifi.connect — connects a Wi-Fi WAN to an SSID. A saved SSID
   * profile supplies the credentials; otherwise give `securityPolicy` and
   * `key` (WEP, WPA-PSK) or the EAP fields. Read the outcome with
   * {@link cmdWifiResult}. Since 7.1.1.
   */
  cmdWifiConnect(params: T.CmdWifiConnectParams, options?: CallOptions): Promise<T.NoResponse> {
    return this.post("cmd.wifi.connect", params, options);
  }

  /** POST cmd.wifi.disconnect — disconnects a Wi-Fi WAN (from `ssid`, or the connected SSID). Since 7.1.1. */
  cmdWifiDisconnect(params: T.CmdWifiDisconnectParams, options?: CallOptions): Promise<T.NoResponse> {
    return this.post("cmd.wifi.disconnect", params, options);
  }

  /** POST cmd.wifi.forget — removes a saved SSID profile (and disconnects if it is in use). Since 7.1.1. */
  cmdWifiForget(params: T.CmdWifiForgetParams, options?: CallOptions): Promise<T.NoResponse> {
    return this.post("cmd.wifi.forget", params, options);
  }

  /** GET cmd.wifi.result — the outcome of the last connection attempt (`CONNECTED`, `PSK_AUTH_FAIL`, …). Since 7.1.1. */
  cmdWifiResult(params: T.CmdWifiResultParams, options?: CallOptions): Promise<T.CmdWifiResultResponse> {
    return this.get("cmd.wifi.result", params, options);
  }

  /**
   * GET cmd.wifi.scan — nearby access points; `infoType` adds `status`
   * and/or `config`. Signal is `signalStrength` from 8.1.0, `signal` before.
   * Since 7.1.1.
   */
  cmdWifiScan(params: T.CmdWifiScanParams, options?: CallOptions): Promise<T.CmdWifiScanResponse> {
    return this.get("cmd.wifi.scan", params, options);
  }

  // ---------------------------------------------------------------------- GPIO

  /**
   * POST config.gpio — updates GPIOs and answers their configuration; with
   * no `list` (or an empty one) nothing changes and it only reads; an
   * absent `list` is sent as `[]`, the form the reference documents for reading.
   * `reference: true` adds the types and modes each pin supports. A POST, so
   * it needs read-write permission even to read. Since 8.1.1 (beta).
   */
  configGpio(params?: T.ConfigGpioParams, options?: CallOptions): Promise<T.ConfigGpioResponse> {
    return this.post("config.gpio", { ...params, list: params?.list ?? [] }, options);
  }

  // -------------------------------------------------------------- SSID profiles

  /** GET config.ssid.profile — SSID profiles by ID (all when `id` is absent). Since 7.1.1. */
  configSsidProfile(params?: T.ConfigSsidProfileParams, options?: CallOptions): Promise<T.ConfigSsidProfileResponse> {
    return this.get("config.ssid.profile", params, options);
  }

  /** POST config.ssid.profile with `action: "update"` — updates one profile; only the given fields change. Answers the profile. Since 7.1.1. */
  configSsidProfileUpdate(
    params: Omit<T.ConfigSsidProfileUpdateParams, "action">,
    options?: CallOptions,
  ): Promise<T.ConfigSsidProfileResponse> {
    return this.post("config.ssid.profile", { ...params, action: "update" }, options);
  }

  // ---------------------------------------------------------------- WAN config

  /** GET config.wan.connection — WAN settings by ID, optionally only some sections (`infoType`). Since 8.1.1 (beta). */
  configWanConnection(params?: T.ConfigWanConnectionParams, options?: CallOptions): Promise<T.ConfigWanConnectionResponse> {
    return this.get("config.wan.connection", params, options);
  }

  /** POST config.wan.connection with `action: "update"` — updates WAN settings; only the given fields change. Since 8.1.1 (beta). */
  configWanConnectionUpdate(
    params: Omit<T.ConfigWanConnectionUpdateParams, "action">,
    options?: CallOptions,
  ): Promise<T.ConfigWanConnectionResponse> {
    return this.post("config.wan.connection", { ...params, action: "update" }, options);
  }

  /**
   * POST config.wan.connection.priority — changes WAN priorities and/or
   * enables/disables WANs. With `instantActive: true` it takes effect at
   * once; otherwise it is saved pending {@link cmdConfigApply}. Answers the
   * WANs just updated. Since 7.1.1.
   */
  configWanConnectionPriority(
    params: T.ConfigWanConnectionPriorityParams,
    options?: CallOptions,
  ): Promise<T.ConfigWanConnectionPriorityResponse> {
    return this.post("config.wan.connection.priority", params, options);
  }

  // ------------------------------------------------------- Firmware, location

  /** GET info.firmware — the installed firmware versions, which is bootable and which runs. Since 7.1.1 ("internal testing"). */
  infoFirmware(options?: CallOptions): Promise<T.InfoFirmwareResponse> {
    return this.get("info.firmware", undefined, options);
  }

  /**
   * GET info.location — the GPS fix. With `gps: false` a stale `location`
   * may still be present. Fails on devices without GPS. Since 8.0.1.
   */
  infoLocation(options?: CallOptions): Promise<T.InfoLocationResponse> {
    return this.get("info.location", undefined, options);
  }

  // ------------------------------------------------------------- Clients & LAN

  /** GET status.client — LAN clients, filtered by VLAN, activity and connection type. Since 8.0.1. */
  statusClient(params?: T.StatusClientParams, options?: CallOptions): Promise<T.StatusClientResponse> {
    return this.get("status.client", params, options);
  }

  /** GET status.lan.profile — LAN/VLAN status, keyed by LAN index (not VLAN ID). Since 7.1.0. */
  statusLanProfile(params?: T.StatusLanProfileParams, options?: CallOptions): Promise<T.StatusLanProfileResponse> {
    return this.get("status.lan.profile", params, options);
  }

  // -------------------------------------------------------------------- PepVPN

  /** GET status.pepvpn — PepVPN/SpeedFusion profiles, peers and (with `tunnelOption`) tunnels. Since 7.1.0 (beta). */
  statusPepvpn(params?: T.StatusPepvpnParams, options?: CallOptions): Promise<T.StatusPepvpnResponse> {
    return this.get("status.pepvpn", params, options);
  }

  // ---------------------------------------------------------------- WAN status

  /**
   * GET status.wan.connection — every WAN's state by ID. Iterate with
   * `entriesInOrder()`; `message` is the human state, `statusLed` the
   * machine hint. Since 8.0.0.
   */
  statusWanConnection(params?: T.StatusWanConnectionParams, options?: CallOptions): Promise<T.StatusWanConnectionResponse> {
    return this.get("status.wan.connection", params, options);
  }

  /**
   * GET status.wan.connection.allowance — bandwidth allowance per WAN; per
   * SIM for cellular WANs. On 8.0.0 `connId` is required and cellular only.
   * Since 8.0.0.
   */
  statusWanConnectionAllowance(
    params?: T.StatusWanConnectionAllowanceParams,
    options?: CallOptions,
  ): Promise<T.StatusWanConnectionAllowanceResponse> {
    return this.get("status.wan.connection.allowance", params, options);
  }

  /** GET status.wan.connection.signal — signal of cellular, modem and Wi-Fi WANs (`null` for other WANs). Since 8.0.1 (beta). */
  statusWanConnectionSignal(
    params?: T.StatusWanConnectionSignalParams,
    options?: CallOptions,
  ): Promise<T.StatusWanConnectionSignalResponse> {
    return this.get("status.wan.connection.signal", params, options);
  }
}
