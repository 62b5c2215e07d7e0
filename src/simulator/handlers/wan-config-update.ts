/**
 * POST config.wan.connection input: validates one list item and applies it to
 * the saved config. The input shape differs from the GET output (method
 * {type, detail}, bandwidth {value, unit}, health check timeout in ms); both
 * follow the reference.
 */
import { badRequest } from "../envelope";
import type { AllowanceConfig, DeviceState, Wan, WanConfig } from "../state";
import { isObject, missing, toArray, toBool, toEnum, toInt, toIpv4, toMac, toObject, toStr } from "../validate";

function kbps(value: unknown, name: string): number {
  const o = toObject(value, name);
  if (o.value === undefined) throw missing(`${name}.value`);
  if (o.unit === undefined) throw missing(`${name}.unit`);
  const v = toInt(o.value, `${name}.value`, { min: 1 });
  const unit = toEnum(o.unit, `${name}.unit`, ["kbps", "Mbps", "Gbps"] as const);
  const result = unit === "kbps" ? v : unit === "Mbps" ? v * 1000 : v * 1000000;
  if (result > 10000000) throw badRequest(`Invalid ${name}: at most 10 Gbps`);
  return result;
}

function allowanceUpdate(current: AllowanceConfig, value: unknown, name: string): AllowanceConfig {
  const o = toObject(value, name);
  const next = { ...current, action: [...current.action] };
  if (o.enable !== undefined) next.enable = toBool(o.enable, `${name}.enable`);
  if (o.action !== undefined)
    next.action = toArray(o.action, `${name}.action`).map((a) => toEnum(a, `${name}.action`, ["email", "disconnect", "restrict"] as const));
  if (o.start !== undefined) next.start = toInt(o.start, `${name}.start`, { min: 0, max: 28 });
  if (o.monthlyAllowance !== undefined) {
    const m = toObject(o.monthlyAllowance, `${name}.monthlyAllowance`);
    if (m.value === undefined) throw missing(`${name}.monthlyAllowance.value`);
    if (m.unit === undefined) throw missing(`${name}.monthlyAllowance.unit`);
    const v = toInt(m.value, `${name}.monthlyAllowance.value`, { min: 1 });
    const unit = toEnum(m.unit, `${name}.monthlyAllowance.unit`, ["MB", "GB", "TB"] as const);
    next.monthlyMb = unit === "MB" ? v : unit === "GB" ? v * 1024 : v * 1024 * 1024;
  }
  return next;
}

function applyConnection(wan: Wan, c: WanConfig, value: unknown, n: string): void {
  const o = toObject(value, n);
  if (o.routingMode !== undefined) c.routingMode = toEnum(o.routingMode, `${n}.routingMode`, ["NAT", "IP Forwarding"] as const);
  if (o.pepvpnNat !== undefined) c.pepvpnNat = toBool(o.pepvpnNat, `${n}.pepvpnNat`);
  if (o.useLanIp !== undefined) toBool(o.useLanIp, `${n}.useLanIp`);
  if (o.priority !== undefined) c.priority = toInt(o.priority, `${n}.priority`, { min: 1, max: 99 });
  if (o.groupSet !== undefined) toInt(o.groupSet, `${n}.groupSet`, { min: 0 });
  if (o.ignoreDefaultGateway !== undefined) toBool(o.ignoreDefaultGateway, `${n}.ignoreDefaultGateway`);
  if (o.hotStandBy !== undefined) c.hotStandby = toBool(o.hotStandBy, `${n}.hotStandBy`);
  if (o.idleTimeout !== undefined) c.idleTimeout = o.idleTimeout === null ? null : toInt(o.idleTimeout, `${n}.idleTimeout`, { min: 1 });
  if (o.icmpPing !== undefined) c.icmpPing = toBool(o.icmpPing, `${n}.icmpPing`);
  if (o.dns !== undefined) {
    const d = toObject(o.dns, `${n}.dns`);
    if (d.auto !== undefined) c.dns.auto = toBool(d.auto, `${n}.dns.auto`);
    if (d.host !== undefined) c.dns.host = toArray(d.host, `${n}.dns.host`).map((h) => toIpv4(h, `${n}.dns.host`));
    if (!c.dns.auto && c.dns.host.length === 0) throw badRequest(`Invalid ${n}.dns: give at least one host when auto is false`);
  }
  if (o.bandwidth !== undefined) {
    const b = toObject(o.bandwidth, `${n}.bandwidth`);
    if (b.upload !== undefined) c.bandwidth.uploadKbps = kbps(b.upload, `${n}.bandwidth.upload`);
    if (b.download !== undefined) c.bandwidth.downloadKbps = kbps(b.download, `${n}.bandwidth.download`);
  }
  if (o.cellularModule !== undefined) {
    if (wan.type !== "cellular") throw badRequest(`Invalid ${n}.cellularModule: WAN connection ${wan.id} is not a cellular WAN`);
    const m = toObject(o.cellularModule, `${n}.cellularModule`);
    if (m.networkMode !== undefined) toStr(m.networkMode, `${n}.cellularModule.networkMode`);
  }
  if (o.method !== undefined) {
    const m = toObject(o.method, `${n}.method`);
    if (m.type === undefined) throw badRequest(`Missing parameter: ${n}.method.type (required to update the connection method)`);
    const type = toEnum(m.type, `${n}.method.type`, ["staticIp", "dhcp", "pppoe", "l2tp", "gre", "openvpn"] as const);
    if (wan.type !== "ethernet" && wan.type !== "wovlan" && type !== "dhcp") {
      throw badRequest(`Invalid ${n}.method.type: WAN connection ${wan.id} only supports dhcp`);
    }
    const detail = m.detail === undefined ? {} : toObject(m.detail, `${n}.method.detail`);
    const need = (key: string): unknown => {
      if (detail[key] === undefined) throw missing(`${n}.method.detail.${key}`);
      return detail[key];
    };
    if (type === "staticIp") {
      c.staticIp = {
        ip: toIpv4(need("ip"), `${n}.method.detail.ip`),
        mask: toInt(need("mask"), `${n}.method.detail.mask`, { min: 0, max: 32 }),
        gateway: toIpv4(need("gateway"), `${n}.method.detail.gateway`),
      };
    } else if (type === "dhcp") {
      if (detail.hostname !== undefined) c.dhcpHostname = toStr(detail.hostname, `${n}.method.detail.hostname`, { max: 63 });
    } else if (type === "pppoe" || type === "l2tp") {
      toStr(need("username"), `${n}.method.detail.username`, { nonEmpty: true });
      toStr(need("password"), `${n}.method.detail.password`);
      if (type === "l2tp") toIpv4(need("host"), `${n}.method.detail.host`);
    } else if (type === "gre") {
      for (const k of ["host", "local", "remote"]) toIpv4(need(k), `${n}.method.detail.${k}`);
    }
    c.method = type === "openvpn" ? "dhcp" : type;
  }
}

function applyPhysical(wan: Wan, c: WanConfig, value: unknown, n: string): void {
  const o = toObject(value, n);
  const ethernetOnly = (key: string): void => {
    if (wan.type !== "ethernet") throw badRequest(`Invalid ${n}.${key}: only for ethernet WAN connections`);
  };
  if (o.speed !== undefined) {
    ethernetOnly("speed");
    c.physical.speed = toEnum(o.speed, `${n}.speed`, [
      "Auto",
      "1000baseTx-FD",
      "100baseTx-FD",
      "100baseTx-HD",
      "10baseT-FD",
      "10baseT-HD",
    ] as const);
  }
  if (o.advertise !== undefined) {
    ethernetOnly("advertise");
    c.physical.advertise = toBool(o.advertise, `${n}.advertise`);
  }
  if (o.mtu !== undefined) {
    const max = c.method === "pppoe" ? 1492 : 1500;
    c.physical.mtu = o.mtu === null ? null : toInt(o.mtu, `${n}.mtu`, { min: 576, max });
  }
  if (o.mss !== undefined) {
    const mtu = c.physical.mtu ?? 1500;
    c.physical.mss = o.mss === null ? null : toInt(o.mss, `${n}.mss`, { min: 536, max: mtu - 40 });
  }
  if (o.ttl !== undefined && o.ttl !== null) toInt(o.ttl, `${n}.ttl`, { min: 1, max: 255 });
  if (o.mac !== undefined) {
    ethernetOnly("mac");
    c.physical.mac = o.mac === null ? null : toMac(o.mac, `${n}.mac`);
  }
  if (o.vlan !== undefined && o.vlan !== null) {
    ethernetOnly("vlan");
    toInt(o.vlan, `${n}.vlan`, { min: 1, max: 4094 });
  }
}

function applyHealthcheck(c: WanConfig, value: unknown, n: string): void {
  const o = toObject(value, n);
  if (o.enable === undefined) throw missing(`${n}.enable`);
  const h = c.healthcheck;
  h.enable = toBool(o.enable, `${n}.enable`);
  if (o.method !== undefined) {
    const m = toObject(o.method, `${n}.method`);
    if (m.type === undefined) throw missing(`${n}.method.type`);
    h.method = toEnum(m.type, `${n}.method.type`, ["ping", "nslookup", "http", "smartcheck", "openvpn"] as const);
    const detail = m.detail === undefined ? {} : toObject(m.detail, `${n}.method.detail`);
    if (detail.includedPublic !== undefined) {
      if (h.method !== "nslookup") throw badRequest(`Invalid ${n}.method.detail.includedPublic: only for nslookup`);
      h.includePublic = toBool(detail.includedPublic, `${n}.method.detail.includedPublic`);
    }
    if (detail.host !== undefined) {
      const hosts = toArray(detail.host, `${n}.method.detail.host`);
      if (hosts.length > 2) throw badRequest(`Invalid ${n}.method.detail.host: at most 2 entries`);
      if (h.method === "http") {
        h.urls = hosts.map((u) => {
          const uo = toObject(u, `${n}.method.detail.host[]`);
          if (uo.url === undefined) throw missing(`${n}.method.detail.host[].url`);
          const url = toStr(uo.url, `${n}.method.detail.host[].url`, { nonEmpty: true });
          return uo.pattern === undefined ? { url } : { url, pattern: toStr(uo.pattern, `${n}.method.detail.host[].pattern`) };
        });
        h.hosts = [];
      } else {
        h.hosts = hosts.map((x) => toIpv4(x, `${n}.method.detail.host`));
      }
    }
  }
  if (o.timeout !== undefined) {
    const t = toInt(o.timeout, `${n}.timeout`, { min: 200, max: 10000 });
    if (t <= 800 && h.method !== "ping") throw badRequest(`Invalid ${n}.timeout: 200-800 ms is for ping only, otherwise 801-10000`);
    h.timeoutMs = t;
  }
  if (o.interval !== undefined) h.interval = toInt(o.interval, `${n}.interval`, { min: 5, max: 3600 });
  if (o.retry !== undefined) h.retry = toInt(o.retry, `${n}.retry`, { min: 1, max: 20 });
  if (o.recovery !== undefined) h.recovery = toInt(o.recovery, `${n}.recovery`, { min: 1, max: 20 });
}

function applyCellular(wan: Wan, c: WanConfig, value: unknown, n: string): void {
  const cell = c.cellular;
  if (wan.type !== "cellular" || !cell) throw badRequest(`Invalid ${n}: WAN connection ${wan.id} is not a cellular WAN`);
  const o = toObject(value, n);
  if (o.useExternalAntenna !== undefined) cell.useExternalAntenna = toBool(o.useExternalAntenna, `${n}.useExternalAntenna`);
  if (o.simCardScheme !== undefined) {
    const scheme = toEnum(o.simCardScheme, `${n}.simCardScheme`, ["", "1", "2", "alternate", "remote_sim"] as const);
    if (scheme === "remote_sim") throw badRequest(`Invalid ${n}.simCardScheme: remote SIM is not supported on this device`);
    cell.simCardScheme = scheme;
  }
  if (o.preferredSim !== undefined) cell.preferredSim = toInt(o.preferredSim, `${n}.preferredSim`, { min: 1, max: 2 }) as 1 | 2;
  for (const key of ["idleTimeout", "failbackTimeout"]) {
    if (o[key] !== undefined && o[key] !== null) toInt(o[key], `${n}.${key}`, { min: 0 });
  }
  if (o.alternateSim !== undefined) {
    if (cell.simCardScheme !== "alternate") throw badRequest(`Invalid ${n}.alternateSim: only when simCardScheme is alternate`);
    const a = toObject(o.alternateSim, `${n}.alternateSim`);
    toInt(a.day, `${n}.alternateSim.day`, { min: 0 });
    toInt(a.hour, `${n}.alternateSim.hour`, { min: 0, max: 23 });
  }
  if (o.sim !== undefined) {
    for (const raw of toArray(o.sim, `${n}.sim`)) {
      const s = toObject(raw, `${n}.sim[]`);
      if (s.id === undefined) throw missing(`${n}.sim[].id`);
      const id = String(toInt(s.id, `${n}.sim[].id`, { min: 1, max: 2 })) as "1" | "2";
      if (s.mobileType !== undefined) toEnum(s.mobileType, `${n}.sim[].mobileType`, ["LTE", "3G", "2G"] as const);
      if (s.operator !== undefined && s.operator !== null) {
        const op = toObject(s.operator, `${n}.sim[].operator`);
        if (op.apn !== undefined) {
          cell.sim[id].apn = toStr(op.apn, `${n}.sim[].operator.apn`, { max: 64 });
          cell.sim[id].autoApn = false;
        }
      } else if (s.operator === null) {
        cell.sim[id].autoApn = true; // clearing the operator goes back to automatic APN
      }
      if (s.bandwidthAllowanceMonitor !== undefined) {
        cell.sim[id].allowance = allowanceUpdate(
          cell.sim[id].allowance,
          s.bandwidthAllowanceMonitor,
          `${n}.sim[].bandwidthAllowanceMonitor`,
        );
      }
    }
  }
  if (
    cell.preferredSim !== null &&
    cell.simCardScheme !== "" &&
    cell.simCardScheme !== "alternate" &&
    String(cell.preferredSim) !== cell.simCardScheme
  ) {
    cell.preferredSim = null;
  }
}

function applyDdns(c: WanConfig, value: unknown, n: string): void {
  const o = toObject(value, n);
  const d = { ...c.ddns };
  if (o.enable !== undefined) d.enable = toBool(o.enable, `${n}.enable`);
  if (o.provider !== undefined)
    d.provider = toEnum(o.provider, `${n}.provider`, ["changeip", "dyndns", "noip", "tzo", "dnsomatic", "others"] as const);
  if (o.customUrl !== undefined) toStr(o.customUrl, `${n}.customUrl`);
  if (o.useWanIp !== undefined) toBool(o.useWanIp, `${n}.useWanIp`);
  if (o.username !== undefined) d.username = toStr(o.username, `${n}.username`);
  if (o.password !== undefined) d.password = toStr(o.password, `${n}.password`);
  if (o.host !== undefined) d.host = toArray(o.host, `${n}.host`).map((h) => toStr(h, `${n}.host`, { nonEmpty: true }));
  if (d.enable) {
    if (d.username === undefined) throw missing(`${n}.username`);
    if (d.password === undefined) throw missing(`${n}.password`);
    if (d.host === undefined || (d.host.length === 0 && d.provider !== "dnsomatic")) throw missing(`${n}.host`);
  }
  c.ddns = d;
}

export function applyItem(state: DeviceState, raw: unknown): number {
  const n = "list[]";
  if (!isObject(raw)) throw badRequest("Invalid list: each item must be an object with an id");
  if (raw.id === undefined) throw missing("list[].id");
  const id = toInt(raw.id, "list[].id", { min: 1 });
  const wan = state.wans[String(id)];
  const c = state.saved.wan[String(id)];
  if (!wan || !c) throw badRequest(`Invalid list[].id: WAN connection ${id} does not exist`);
  if (raw.name !== undefined) c.name = toStr(raw.name, `${n}.name`, { nonEmpty: true, max: 32 });
  if (raw.enable !== undefined) c.enable = toBool(raw.enable, `${n}.enable`);
  if (raw.schedule !== undefined) c.schedule = raw.schedule === null ? null : toInt(raw.schedule, `${n}.schedule`, { min: 1 });
  if (raw.connection !== undefined) applyConnection(wan, c, raw.connection, `${n}.connection`);
  if (raw.physical !== undefined) applyPhysical(wan, c, raw.physical, `${n}.physical`);
  if (raw.healthcheck !== undefined) applyHealthcheck(c, raw.healthcheck, `${n}.healthcheck`);
  if (raw.bandwidthAllowanceMonitor !== undefined) {
    if (c.cellular) throw badRequest(`Invalid ${n}.bandwidthAllowanceMonitor: cellular WANs set it per SIM in cellular.sim[]`);
    c.allowance = allowanceUpdate(c.allowance, raw.bandwidthAllowanceMonitor, `${n}.bandwidthAllowanceMonitor`);
  }
  if (raw.multipleIp !== undefined) c.multipleIp = toArray(raw.multipleIp, `${n}.multipleIp`).map((ip) => toIpv4(ip, `${n}.multipleIp`));
  if (raw.ddns !== undefined) applyDdns(c, raw.ddns, `${n}.ddns`);
  if (raw.cellular !== undefined) applyCellular(wan, c, raw.cellular, `${n}.cellular`);
  if (raw.modem !== undefined) {
    if (wan.type !== "modem") throw badRequest(`Invalid ${n}.modem: WAN connection ${id} is not a modem WAN`);
    toObject(raw.modem, `${n}.modem`);
  }
  if (raw.wifi !== undefined || raw.wifiProfile !== undefined) {
    if (wan.type !== "wifi") throw badRequest(`Invalid ${n}.wifi: WAN connection ${id} is not a Wi-Fi WAN`);
    if (raw.wifi !== undefined) toObject(raw.wifi, `${n}.wifi`);
  }
  return id;
}

/** Fields where the reference gives `null` a meaning (clear / disable). */
export const NULLABLE = [
  "list[].schedule",
  "list[].connection.idleTimeout",
  "list[].connection.method.detail.service",
  "list[].connection.method.detail.ip",
  "list[].connection.method.detail.modemAccess",
  "list[].connection.method.detail.keepaliveInterval",
  "list[].connection.method.detail.keepaliveRetry",
  "list[].connection.method.detail.staticIp",
  "list[].physical.mtu",
  "list[].physical.mss",
  "list[].physical.ttl",
  "list[].physical.mac",
  "list[].physical.vlan",
  "list[].modem.operator",
  "list[].modem.simPin",
  "list[].cellular.idleTimeout",
  "list[].cellular.failbackTimeout",
  "list[].cellular.remoteSim",
  "list[].cellular.sim[].carrierSelection",
  "list[].cellular.sim[].optimalNetwork",
  "list[].cellular.sim[].bandSelection",
  "list[].cellular.sim[].operator",
  "list[].cellular.sim[].simPin",
  "list[].cellular.sim[].roaming.accessControlList",
  "list[].cellular.sim[].roaming.mode",
  ...["signalLevel", "rsrp", "sinr", "rssi"].flatMap((k) => [`list[].cellular.signalThreshold.${k}`, `list[].wifi.signalThreshold.${k}`]),
];
