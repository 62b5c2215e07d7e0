/**
 * Firmware version handling: a few response fields changed names between
 * firmware releases, and the simulator answers in the style of the firmware
 * it was started with so clients can be tested against both.
 */

export type Version = readonly [number, number, number];

/** Parses "8.3.0 build 5229" or "8.2.0s036 build 4979" into [8, 3, 0]; unknown parts are 0. */
export function parseVersion(text: string): Version {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  if (!m) return [0, 0, 0];
  return [Number(m[1] ?? 0), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

export function atLeast(version: Version, major: number, minor: number, patch: number): boolean {
  if (version[0] !== major) return version[0] > major;
  if (version[1] !== minor) return version[1] > minor;
  return version[2] >= patch;
}

/** Which spelling of the renamed fields a firmware uses. */
export interface FirmwareStyle {
  /** `cellular` from 8.0.1, `gobi` before (WAN `type` and the detail object key). */
  cellularKey: "cellular" | "gobi";
  /** Wi-Fi scan `signalStrength` + `signalLevel` from 8.1.0, `signal` before. */
  wifiSignalStrength: boolean;
  /** status.client `signal {strength, level}` from 8.1.0, `signalStrength {value, unit}` before. */
  clientSignalDetail: boolean;
  /** config.wan.connection `pepvpnNat` from 8.0.0, `pepVpnNat` before. */
  pepvpnNatKey: "pepvpnNat" | "pepVpnNat";
  /** status.wan.connection `routingMode` and cellular `rat[].band[]` (as on 8.3/8.5 devices) versus `mode` and `band[]` (the 8.1 reference). */
  newWanStatus: boolean;
}

export function firmwareStyle(firmware: string): FirmwareStyle {
  const v = parseVersion(firmware);
  return {
    cellularKey: atLeast(v, 8, 0, 1) ? "cellular" : "gobi",
    wifiSignalStrength: atLeast(v, 8, 1, 0),
    clientSignalDetail: atLeast(v, 8, 1, 0),
    pepvpnNatKey: atLeast(v, 8, 0, 0) ? "pepvpnNat" : "pepVpnNat",
    newWanStatus: atLeast(v, 8, 2, 0),
  };
}
