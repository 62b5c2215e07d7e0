/**
 * What the node knows about the router, from the shared pollers' answers:
 * WANs (state, signal, carrier, priority, SIM slots), data usage and
 * allowances, LAN clients, the access point, GPS, SIM selection. Each read
 * replaces its part; nothing here talks to the router or to MQTT.
 */
import type { CmdApResponse, CmdWanCellularResponse, GpsLocation } from "../../api/types";
import { summarize, type WanEventPayload } from "../wan-events/wan-state";
import { wanIds } from "../shared/wan-list";

export type WanSummary = Omit<WanEventPayload, "previousState" | "changed" | "event">;

export interface WanView {
  summary: WanSummary;
  /** SIM slots of a cellular WAN (from its `sim` map), e.g. [1, 2]. */
  simSlots: number[];
}

export interface Allowance {
  enable: boolean;
  /** MB. */
  usage?: number;
  /** MB. */
  limit?: number;
}

/** Per WAN: one allowance, or one per SIM slot for a cellular WAN. */
export type WanAllowance = { kind: "wan"; allowance: Allowance } | { kind: "sims"; sims: Map<number, Allowance> };

export interface ClientCount {
  total: number;
  wireless: number;
  ethernet: number;
}

export interface Location {
  fix: boolean;
  location: Partial<GpsLocation> & { latitude: number; longitude: number };
}

type Raw = Record<string, unknown>;

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function obj(value: unknown): Raw | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Raw) : undefined;
}

function allowanceOf(value: Raw): Allowance {
  return { enable: value.enable === true, usage: num(value.usage), limit: num(value.limit) };
}

function simSlotsOf(wan: Raw): number[] {
  const cell = obj(wan.cellular) ?? obj(wan.gobi);
  const sims = obj(cell?.sim);
  if (!sims) return [];
  return Object.keys(sims)
    .filter((k) => /^\d+$/.test(k) && obj(sims[k]))
    .map(Number)
    .sort((a, b) => a - b);
}

export class RouterModel {
  /** WANs in the router's order. */
  readonly wans = new Map<number, WanView>();
  /** The last status.wan.connection answer (the identity's MAC fallback reads it). */
  wanResponse: unknown;
  readonly allowances = new Map<number, WanAllowance>();
  clients: ClientCount | undefined;
  ap: CmdApResponse | undefined;
  location: Location | undefined;
  readonly sims = new Map<number, CmdWanCellularResponse>();

  /** Reads status.wan.connection; returns the ids of WANs that are gone. */
  applyWans(response: unknown): number[] {
    this.wanResponse = response;
    const map = obj(response) ?? {};
    const seen = new Set<number>();
    const next = new Map<number, WanView>();
    for (const key of wanIds(response)) {
      const id = Number(key);
      const raw = obj(map[key]) ?? {};
      seen.add(id);
      next.set(id, { summary: summarize(id, raw), simSlots: simSlotsOf(raw) });
    }
    const gone = [...this.wans.keys()].filter((id) => !seen.has(id));
    this.wans.clear();
    for (const [id, view] of next) this.wans.set(id, view);
    for (const id of gone) {
      this.allowances.delete(id);
      this.sims.delete(id);
    }
    return gone;
  }

  /** Cellular WANs (their SIM selection and SMS inbox are read per WAN). */
  cellularIds(): number[] {
    return [...this.wans].filter(([, w]) => w.summary.type === "cellular").map(([id]) => id);
  }

  applyAllowance(response: unknown): void {
    const map = obj(response) ?? {};
    this.allowances.clear();
    for (const key of wanIds(response)) {
      const entry = obj(map[key]);
      if (!entry) continue;
      if ("enable" in entry) {
        this.allowances.set(Number(key), { kind: "wan", allowance: allowanceOf(entry) });
        continue;
      }
      // A cellular WAN: one allowance per SIM, keyed by slot (`order` may be missing).
      const sims = new Map<number, Allowance>();
      for (const slot of Object.keys(entry).filter((k) => /^\d+$/.test(k))) {
        const sim = obj(entry[slot]);
        if (sim) sims.set(Number(slot), allowanceOf(sim));
      }
      this.allowances.set(Number(key), { kind: "sims", sims });
    }
  }

  applyClients(response: unknown): void {
    const list = Array.isArray(obj(response)?.list) ? (obj(response)!.list as unknown[]) : [];
    const types = list.map((c) => obj(c)?.connectionType);
    this.clients = {
      total: list.length,
      wireless: types.filter((t) => t === "wireless" || t === "wifi").length,
      ethernet: types.filter((t) => t === "ethernet").length,
    };
  }

  applyAp(response: unknown): void {
    const r = obj(response);
    this.ap = { support: r?.support === true, enable: r?.enable === true };
  }

  /** With `gps: false` the router may still send the last (stale) location: kept, marked without fix. */
  applyLocation(response: unknown): void {
    const r = obj(response);
    const loc = obj(r?.location);
    const latitude = num(loc?.latitude);
    const longitude = num(loc?.longitude);
    if (!loc || latitude === undefined || longitude === undefined) {
      if (this.location) this.location = { ...this.location, fix: false };
      return;
    }
    this.location = { fix: r?.gps === true, location: { ...(loc as Partial<GpsLocation>), latitude, longitude } };
  }

  applySim(connId: number, response: unknown): void {
    const r = obj(response);
    if (!r) return;
    this.sims.set(connId, {
      enabledSim: Array.isArray(r.enabledSim) ? (r.enabledSim as CmdWanCellularResponse["enabledSim"]) : [],
      preferredSim: (r.preferredSim ?? null) as CmdWanCellularResponse["preferredSim"],
    });
  }
}
