/**
 * Cellular commands: billing cycle, carrier scan/selection, USSD, module
 * reset/rescan, SIM selection (reference § cmd.billing.newCycle …
 * cmd.wan.cellular).
 */
import type { ConnId, Open, SimId, YesNo } from "./common";

/** POST cmd.billing.newCycle. */
export interface CmdBillingNewCycleParams {
  connId: ConnId;
  /** SIM whose billing cycle restarts; always 1 on single-SIM models; ignored for non-cellular WANs. */
  simId?: SimId;
}

/** Radio generation of a discovered carrier. */
export type MobileType = Open<"2G" | "3G" | "LTE">;

/** A carrier found by a scan (`<Scan_Carrier_Obj>`). */
export interface ScannedCarrier {
  name: string;
  mobileType?: MobileType;
  /** Mobile Country Code, 3 digits. */
  mcc: string;
  /** Mobile Network Code, 2–3 digits. */
  mnc: string;
  pcs?: number;
}

/** A carrier as selected (`<Carrier_Obj>`). */
export interface CarrierRef {
  name?: string;
  mcc: string;
  mnc: string;
  pcs?: number;
}

/** The active SIM and its carrier selection (`<In_Use_SIM_Obj>`). */
export interface CarrierScanActiveSim {
  simId: SimId;
  /** The selected network; `null` when selection is automatic. */
  selectedCarrier?: CarrierRef | null;
  /** The reference's example uses this name for `selectedCarrier`; accept both. */
  cellularNetwork?: CarrierRef | null;
}

/** Current configuration (`<Reference_Obj>`), when `reference=yes`. */
export interface CarrierScanReference {
  /** `null` when no SIM is active. */
  activeSim: CarrierScanActiveSim | null;
}

/** GET cmd.carrier.scan: read the result of the last scan. */
export interface CmdCarrierScanParams {
  connId: ConnId;
  /** Also return the current selection (`reference`); the reference marks it required. */
  reference: YesNo;
}

/** POST cmd.carrier.scan: start a scan. */
export interface CmdCarrierScanStartParams {
  /** `start` triggers a new scan. */
  action?: "start";
  connId: ConnId;
  reference?: YesNo;
}

export interface CmdCarrierScanResponse {
  scanStatus: Open<"scanning" | "done">;
  /** When the list was taken. */
  timestamp?: number;
  list: ScannedCarrier[];
  reference?: CarrierScanReference;
}

/** POST cmd.carrier.select. */
export interface CmdCarrierSelectParams {
  connId: ConnId;
  simId?: SimId;
  selectedCarrier: {
    mcc: string;
    mnc: string;
    pcs: 0 | 1;
    name?: string;
  };
}

/** POST cmd.sendUssd. */
export interface CmdSendUssdParams {
  connId: ConnId;
  /** The active SIM when absent. */
  simId?: SimId;
  /** USSD code: digits, `*` and `#`, e.g. `*109#`. */
  ussd: string;
}

export interface CmdSendUssdResponse {
  message: string;
}

/** POST cmd.cellularModule.reset / cmd.cellularModule.rescanNetwork. */
export interface CmdCellularModuleParams {
  connId: ConnId;
}

/** GET cmd.wan.cellular. */
export interface CmdWanCellularParams {
  connId: ConnId;
}

export interface CmdWanCellularResponse {
  /** SIMs in use: 1 for slot A, 2 for slot B. */
  enabledSim: SimId[];
  /** Preferred slot; `null` for no preference (only meaningful with both SIMs enabled). */
  preferredSim: SimId | null;
}

/** POST cmd.wan.cellular. */
export interface CmdWanCellularSetParams {
  connId: ConnId;
  enabledSim?: readonly SimId[];
  /** `null` clears the preference: the one place the API wants an explicit `null`. */
  preferredSim?: SimId | null;
}
