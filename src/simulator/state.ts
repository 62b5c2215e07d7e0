/**
 * The initial state of the simulated router: six WANs (two ethernet, Wi-Fi,
 * dual-SIM cellular, USB modem, a disabled VLAN WAN), AP, GPIO, SMS inbox,
 * SSID profiles, LANs, clients, GPS and PepVPN. Shapes and values follow the
 * reference's examples and the captures in test/fixtures/real.
 */
import type { AllowanceConfig, CarrierInfo, DeviceConfig, DeviceState, HealthcheckConfig, SimCard, Wan, WanConfig } from "./model";

export type * from "./model";

export interface InitialStateOptions {
  now: number;
  firmware: string;
  model: string;
  apSupport: boolean;
  gpsSupport: boolean;
}

/** The id of the dual-SIM cellular WAN of the initial state. */
export const CELLULAR_WAN_ID = 4;
/** The id of the Wi-Fi WAN of the initial state. */
export const WIFI_WAN_ID = 3;

function allowance(enable: boolean, monthlyMb: number, start = 1): AllowanceConfig {
  return enable ? { enable, action: ["email"], start, monthlyMb } : { enable: false, action: [], start, monthlyMb };
}

function healthcheck(method: HealthcheckConfig["method"], hosts: string[]): HealthcheckConfig {
  return { enable: true, method, timeoutMs: 5000, interval: 5, retry: 3, recovery: 3, hosts, includePublic: false, urls: [] };
}

function wanConfig(name: string, priority: number, extra: Partial<WanConfig> = {}): WanConfig {
  return {
    name,
    enable: true,
    priority,
    method: "dhcp",
    dhcpHostname: "",
    routingMode: "NAT",
    icmpPing: true,
    pepvpnNat: false,
    dns: { auto: true, host: [] },
    ddns: { enable: false },
    bandwidth: { uploadKbps: 100000, downloadKbps: 100000 },
    schedule: null,
    idleTimeout: null,
    hotStandby: true,
    multipleIp: [],
    physical: { mtu: null, mss: null, mac: null },
    healthcheck: healthcheck("nslookup", ["208.67.222.222", "208.67.220.220"]),
    allowance: allowance(false, 0),
    ...extra,
  };
}

function initialConfig(): DeviceConfig {
  return {
    wan: {
      "1": wanConfig("WAN 1", 1, { physical: { speed: "Auto", advertise: true, mtu: null, mss: null, mac: null } }),
      "2": wanConfig("WAN 2", 2, {
        method: "staticIp",
        staticIp: { ip: "198.51.100.20", mask: 24, gateway: "198.51.100.1" },
        dns: { auto: false, host: ["198.51.100.1"] },
        physical: { speed: "Auto", advertise: true, mtu: null, mss: null, mac: null },
        allowance: allowance(true, 51200, 1),
      }),
      "3": wanConfig("Wi-Fi WAN", 1, { method: "dhcp", healthcheck: healthcheck("ping", ["8.8.8.8"]) }),
      "4": wanConfig("Cellular", 2, {
        healthcheck: healthcheck("smartcheck", []),
        cellular: {
          simCardScheme: "",
          preferredSim: 1,
          useExternalAntenna: false,
          sim: {
            "1": { allowance: allowance(true, 10240, 1), apn: "internet.carrier1.example", autoApn: true },
            "2": { allowance: allowance(true, 5120, 15), apn: "web.carrier2.example", autoApn: true },
          },
        },
      }),
      "5": wanConfig("USB", 3, { method: "ppp", healthcheck: { ...healthcheck("ping", []), enable: false } }),
      "6": wanConfig("VLAN WAN 1", 3, { enable: false, physical: { mtu: null, mss: null, mac: null } }),
    },
    ssid: {
      "1": {
        name: "Vehicle Wi-Fi",
        enable: true,
        captivePortal: false,
        incontrolManaged: false,
        broadcast: true,
        security: { policy: "WPA2 Personal", wpa2Personal: { fastTransition: true, key: "drive-safe-2024" } },
      },
      "2": {
        name: "Passenger Wi-Fi",
        enable: true,
        vlanId: 10,
        captivePortal: true,
        incontrolManaged: false,
        broadcast: true,
        security: { policy: "WPA/WPA2 Personal", wpaWpa2Personal: { key: "welcome-aboard" } },
      },
    },
    ssidOrder: [1, 2],
    gpio: {
      "1": { enable: true, type: "digital_output", mode: "wan_status" },
      "2": { enable: true, type: "digital_input", mode: "input_sensing", delay: 3 },
    },
  };
}

function sim(detected: boolean, imsi: string, iccid: string, carrier: CarrierInfo, apn: string, usageMb: number, mtn?: string): SimCard {
  return { detected, imsi, iccid, carrier, apn, autoApn: true, usageMb, selectedCarrier: null, sms: [], ...(mtn ? { mtn } : {}) };
}

/** Seconds since epoch of a fixed calendar time this year (so the reference's example SMS look recent enough). */
function exampleSmsTime(now: number, month: number, day: number, hour: number, minute: number): number {
  const year = new Date(now).getUTCFullYear();
  let t = Date.UTC(year, month, day, hour, minute);
  if (t > now) t = Date.UTC(year - 1, month, day, hour, minute);
  return Math.floor(t / 1000);
}

export function createInitialState(opts: InitialStateOptions): DeviceState {
  const { now } = opts;
  const config = initialConfig();
  const carrier1: CarrierInfo = { name: "Carrier1", country: "Germany", mcc: "262", mnc: "02" };
  const carrier2: CarrierInfo = { name: "Carrier2", country: "Germany", mcc: "262", mnc: "01" };

  const cellSims: Record<"1" | "2", SimCard> = {
    "1": sim(true, "262021234567890", "89490200001234567890", carrier1, "internet.carrier1.example", 2345),
    "2": sim(true, "262011234567891", "89490120001234567891", carrier2, "web.carrier2.example", 120, "1705550142"),
  };
  // The reference's cmd.sms.get example, kept as the SIM A inbox.
  const feb17 = exampleSmsTime(now, 1, 17, 13, 55);
  const feb05 = exampleSmsTime(now, 1, 5, 1, 55);
  cellSims["1"].sms.push(
    { id: 1, sender: "988", timestamp: feb17, content: "The is the 1st line SMS,\nand this is the 2nd line." },
    { id: 2, sender: "+81325359875", timestamp: feb05, content: "Multipart message part 1" },
    { id: 6, sender: "+81325359875", timestamp: feb05, content: "Multipart message part 2" },
  );

  const wans: Record<string, Wan> = {
    "1": {
      id: 1,
      type: "ethernet",
      link: "connected",
      connectedSince: now - 86400 * 1000 * 3,
      address: { ip: "203.0.113.10", mask: 24, gateway: "203.0.113.1", dns: ["203.0.113.1", "1.1.1.1"] },
      mac: "02:1A:DD:00:00:01",
      portId: 1,
      usageMb: 18231,
    },
    "2": {
      id: 2,
      type: "ethernet",
      link: "standby",
      connectedSince: now,
      address: { ip: "198.51.100.20", mask: 24, gateway: "198.51.100.1", dns: ["198.51.100.1"] },
      mac: "02:1A:DD:00:00:02",
      portId: 2,
      usageMb: 731,
    },
    "3": {
      id: 3,
      type: "wifi",
      link: "disconnected",
      connectedSince: now,
      address: { ip: "192.168.77.23", mask: 24, gateway: "192.168.77.1", dns: ["192.168.77.1"] },
      mac: "02:1A:DD:00:00:03",
      usageMb: 0,
      wifi: {
        scan: [
          { ssid: "Depot Wi-Fi", bssid: "02:50:43:00:00:01", channel: 6, signal: -58, securityPolicy: "wpa-psk", key: "depot-passw0rd" },
          { ssid: "Office WPA2", bssid: "02:50:43:00:00:02", channel: 36, signal: -64, securityPolicy: "wpa-psk", key: "office-secret-42" },
          { ssid: "Cafe Guest", bssid: "02:50:43:00:00:03", channel: 11, signal: -71, securityPolicy: "open" },
          { ssid: "Legacy WEP", bssid: "02:50:43:00:00:04", channel: 1, signal: -80, securityPolicy: "wep", key: "12345" },
          {
            ssid: "Campus EAP",
            bssid: "02:50:43:00:00:05",
            channel: 44,
            signal: -67,
            securityPolicy: "wpa-eap",
            loginId: "student",
            password: "campus-pass",
          },
          {
            ssid: "Far Away Wi-Fi",
            bssid: "02:50:43:00:00:06",
            channel: 149,
            signal: -91,
            securityPolicy: "wpa-psk",
            key: "far-away-key",
            unreachable: true,
          },
        ],
        profiles: [{ profileId: 1, ssid: "Depot Wi-Fi", securityPolicy: "wpa-psk", key: "depot-passw0rd", automatic: true }],
        nextProfileId: 2,
        lastResult: {
          result: "TIMEOUT",
          timestamp: Math.floor(now / 1000) - 3600,
          ssid: "Depot Wi-Fi",
          bssid: "02:50:43:00:00:01",
          securityPolicy: "wpa-psk",
          message: "connection to Depot Wi-Fi timed out",
        },
      },
    },
    "4": {
      id: 4,
      type: "cellular",
      link: "standby",
      connectedSince: now,
      address: { ip: "100.72.15.34", mask: 30, gateway: "100.72.15.33", dns: ["10.10.1.1", "10.10.1.2"] },
      mac: "02:1A:DD:00:00:04",
      usageMb: 0,
      cellular: {
        imei: "356938035643809",
        manufacturer: "Quectel",
        model: "RM520N-GL",
        firmware: "RM520NGLAAR01A08M4G",
        mobileType: "LTE",
        dataTechnology: "LTE",
        signalLevel: 4,
        band: { name: "LTE Band 3 (1800 MHz)", channel: 1300, channelWidth: "20 MHz" },
        signal: { rssi: -63, sinr: 19.4, rsrp: -90, rsrq: -8 },
        cellTower: { cellId: 11111, cellPlmn: 26202, cellUtranId: 333333, tac: 33333 },
        sims: cellSims,
        availableCarriers: [
          { name: "Carrier1", mobileType: "LTE", mcc: "262", mnc: "02", pcs: 0 },
          { name: "Carrier2", mobileType: "LTE", mcc: "262", mnc: "01", pcs: 0 },
          { name: "Carrier3", mobileType: "3G", mcc: "262", mnc: "03", pcs: 0 },
        ],
        scan: { status: "done", doneAt: 0, list: [] },
      },
    },
    "5": {
      id: 5,
      type: "modem",
      link: "disconnected",
      connectedSince: now,
      address: { ip: "10.64.64.64", mask: 32, gateway: "10.64.64.1", dns: [] },
      mac: "02:1A:DD:00:00:05",
      usageMb: 0,
    },
    "6": {
      id: 6,
      type: "wovlan",
      link: "disconnected",
      connectedSince: now,
      address: { ip: "172.16.20.2", mask: 24, gateway: "172.16.20.1", dns: [] },
      mac: "02:1A:DD:00:00:06",
      usageMb: 0,
    },
  };

  const inUse = opts.firmware;
  return {
    bootTime: now,
    device: {
      model: opts.model,
      serialNumber: "1934-A1B2-C3D4",
      name: "Simulated Router",
      productCode: "MAX-BR1-PRO-5G",
      hardwareRevision: "1",
      host: "peplink-simulator",
      pepvpnVersion: "9.1.0",
      firmware: inUse,
    },
    firmwareSlots: [
      { version: inUse === "8.2.0s036 build 4979" ? "8.1.3 build 5087" : "8.2.0s036 build 4979", bootable: true, inUse: false },
      { version: inUse, bootable: true, inUse: true },
    ],
    wanOrder: [1, 2, 3, 4, 5, 6],
    wans,
    saved: config,
    active: structuredClone(config),
    ap: { support: opts.apSupport, enable: opts.apSupport, wanDependent: false },
    gpioReference: {
      "1": {
        name: "Digital I/O",
        type: ["digital_input", "digital_output"],
        // toggle_high is not in the reference's mode table but is its own config.gpio example.
        mode: { digital_input: ["input_sensing", "ignition_sensing"], digital_output: ["wan_status", "toggle_high"] },
      },
      "2": {
        name: "Analog Input",
        type: ["digital_input", "analog_input"],
        mode: {
          digital_input: ["input_sensing", "ignition_sensing"],
          analog_input: ["input_sensing", "voltage_measurement", "analog_testing"],
        },
      },
    },
    lans: [
      { index: 0, ip: "192.168.50.1", mask: 24 },
      { index: 1, name: "PASSENGER", ip: "10.10.10.1", mask: 24, vlanId: 10 },
    ],
    clients: [
      {
        ip: "192.168.50.30",
        mac: "02:00:5E:10:20:30",
        name: "Dashcam NVR",
        connectionType: "ethernet",
        active: true,
        leaseExpiresIn: 53128,
        speed: { download: 120, upload: 2400 },
        port: 1,
      },
      {
        ip: "192.168.50.11",
        mac: "E4:25:E7:8A:D3:12",
        name: "macOS client",
        connectionType: "ethernet",
        active: false,
        leaseExpiresIn: 0,
        speed: { download: 0, upload: 0 },
        port: 2,
      },
      {
        ip: "192.168.50.20",
        mac: "02:00:5E:10:20:31",
        name: "Driver Laptop",
        connectionType: "wireless",
        active: true,
        ssidProfileId: 1,
        bssid: "02:1A:DD:10:00:01",
        signal: -48,
        leaseExpiresIn: 80211,
        speed: { download: 860, upload: 95 },
      },
      {
        ip: "192.168.50.17",
        mac: "34:12:98:9B:11:D7",
        name: "iOS client",
        connectionType: "wireless",
        active: false,
        ssidProfileId: 1,
        bssid: "02:1A:DD:10:00:01",
        signal: -70,
        leaseExpiresIn: 0,
        speed: { download: 0, upload: 0 },
      },
      {
        ip: "10.10.10.51",
        mac: "AA:BB:CC:DD:EE:FF",
        name: "Passenger Tablet",
        connectionType: "wireless",
        active: true,
        vlanId: 10,
        ssidProfileId: 2,
        bssid: "02:1A:DD:10:00:02",
        signal: -61,
        leaseExpiresIn: 3122,
        speed: { download: 2150, upload: 310 },
      },
      {
        ip: "10.10.10.52",
        mac: "11:22:33:44:55:66",
        name: "Passenger Phone",
        connectionType: "wireless",
        active: true,
        vlanId: 10,
        ssidProfileId: 2,
        bssid: "02:1A:DD:10:00:02",
        signal: -66,
        leaseExpiresIn: 3391,
        speed: { download: 410, upload: 52 },
      },
    ],
    location: opts.gpsSupport
      ? {
          gps: true,
          location: {
            latitude: 22.340134,
            longitude: 114.152588,
            altitude: 55.1,
            speed: 0.026751,
            heading: 356.887,
            pdop: 1.3,
            hdop: 1,
            vdop: 0.8,
            timestamp: Math.floor(now / 1000),
          },
        }
      : null,
    pepvpn: {
      siteId: "999",
      profiles: [
        {
          id: 1,
          name: "HQ",
          master: true,
          status: "CONNECTED",
          conflictCount: 0,
          peerCount: 1,
          userShared: false,
          userCount: 0,
          type: "l3",
        },
      ],
      peers: [
        {
          serialNumber: "1825-4131-B4E7",
          status: "CONNECTED",
          name: "HQ-Balance-380",
          profileId: 1,
          secure: true,
          type: "l3",
          username: "vehicle-01",
          route: ["192.168.30.0/24"],
          peerId: "1-1",
        },
        {
          serialNumber: "1150-5A5A-0F0F",
          status: "CONNECTED",
          name: "SFC-NYC-021",
          profileId: 60000,
          type: "SFC Client",
          username: "SFC-NYC-021",
          dataUseTcp: false,
          bandwidthLimit: { upload: { value: 200000, unit: "kbps" }, download: { value: 200000, unit: "kbps" } },
          wanSmoothing: "normal",
          latencyDiffCutoff: 500,
          peerId: "60000-1",
        },
      ],
    },
    nextSmsId: 7,
  };
}
