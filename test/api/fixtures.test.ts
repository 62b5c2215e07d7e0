/**
 * The response types against real routers' answers (test/fixtures/real) and
 * against the reference's own examples.
 *
 * Each fixture is checked at run time by a validator whose shape is tied to
 * the response type at compile time: `shape<T>()` demands one check per
 * property of T, a required property cannot get an optional check, and a
 * closed union cannot get a plain `str` check. So a fixture that a type would
 * reject fails here, and a type changed without its validator does not
 * compile. Keys a fixture has but the type does not declare are reported
 * too: the types must describe every field seen on a real router.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as T from "../../dist/api/types";
import { entriesInOrder, idsInOrder, valuesInOrder } from "../../dist/api/ordered";

const FIXTURES = path.resolve(__dirname, "../../test/fixtures/real");

// ------------------------------------------------------------ compile-time checks

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function expectType<Cond extends true>(): Cond | undefined {
  return undefined;
}

// entriesInOrder yields typed IDs and values for each kind of ordered map.
expectType<Equal<ReturnType<typeof entriesInOrder<T.StatusWanConnectionResponse>>, Array<[number, T.WanStatus]>>>();
expectType<Equal<ReturnType<typeof entriesInOrder<T.StatusWanConnectionSignalResponse>>, Array<[number, T.WanSignal | null]>>>();
expectType<Equal<ReturnType<typeof entriesInOrder<T.PepvpnTunnelMap>>, Array<[T.PeerId, T.PepvpnTunnel | T.PepvpnTunnelWanMap]>>>();
expectType<Equal<ReturnType<typeof entriesInOrder<T.SimAllowanceMap>>, Array<[number, T.AllowanceInfo]>>>();
expectType<Equal<ReturnType<typeof valuesInOrder<T.ConfigGpioResponse>>, T.GpioConfig[]>>();
expectType<Equal<ReturnType<typeof idsInOrder<T.TrafficLifetime>>, Array<"all" | number>>>();

// ------------------------------------------------------------------ validators

interface Ctx {
  errors: string[];
  /** Keys present in the data but not declared by the type. */
  unknown: string[];
}
type Check<V> = (v: unknown, at: string, ctx: Ctx) => v is V;
/** One check per property of V; optional properties need checks that accept `undefined`. */
type Shape<V> = { [K in keyof V]-?: Check<V[K]> };

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
function bad(ctx: Ctx, at: string, expected: string, v: unknown): false {
  ctx.errors.push(`${at}: expected ${expected}, got ${JSON.stringify(v)}`);
  return false;
}
function prim<V>(name: string, test: (v: unknown) => boolean): Check<V> {
  return (v, at, ctx): v is V => test(v) || bad(ctx, at, name, v);
}

const str = prim<string>("string", (v) => typeof v === "string");
const num = prim<number>("number", (v) => typeof v === "number" && Number.isFinite(v));
const bool = prim<boolean>("boolean", (v) => typeof v === "boolean");
const anything: Check<unknown> = (_v, _at, _ctx): _v is unknown => true;
const peerId = prim<T.PeerId>("peer ID <n>-<n>", (v) => typeof v === "string" && /^\d+-\d+$/.test(v));

function lit<L extends string | number>(...values: L[]): Check<L> {
  return prim<L>(values.map((x) => JSON.stringify(x)).join(" | "), (v) => (values as unknown[]).includes(v));
}
function opt<V>(check: Check<V>): Check<V | undefined> {
  return (v, at, ctx): v is V | undefined => v === undefined || check(v, at, ctx);
}
function arr<V>(check: Check<V>): Check<V[]> {
  return (v, at, ctx): v is V[] => {
    if (!Array.isArray(v)) return bad(ctx, at, "array", v);
    let ok = true;
    v.forEach((item, i) => {
      ok = check(item, `${at}[${i}]`, ctx) && ok;
    });
    return ok;
  };
}
function dict<V>(check: Check<V>): Check<{ [key: string]: V }> {
  return (v, at, ctx): v is { [key: string]: V } => {
    if (!isRecord(v)) return bad(ctx, at, "object", v);
    let ok = true;
    for (const [key, value] of Object.entries(v)) ok = check(value, `${at}.${key}`, ctx) && ok;
    return ok;
  };
}
/** Deferred, for recursive types. */
function lazy<V>(get: () => Check<V>): Check<V> {
  return (v, at, ctx): v is V => get()(v, at, ctx);
}
/** The first alternative that fits without errors (and preferably without unknown keys) wins. */
function union<A, B>(a: Check<A>, b: Check<B>): Check<A | B> {
  return (v, at, ctx): v is A | B => {
    const tries = [a, b].map((check) => {
      const scratch: Ctx = { errors: [], unknown: [] };
      check(v, at, scratch);
      return scratch;
    });
    const best = tries.find((t) => t.errors.length === 0 && t.unknown.length === 0) ?? tries.find((t) => t.errors.length === 0);
    if (best) {
      ctx.unknown.push(...best.unknown);
      return true;
    }
    ctx.errors.push(`${at}: fits no alternative: ${tries.map((t) => t.errors.join("; ")).join(" | ")}`);
    return false;
  };
}

/** Checks declared keys, records undeclared ones. */
function checkKeys(v: Record<string, unknown>, at: string, ctx: Ctx, fields: object, skip: ReadonlySet<string>): boolean {
  const checks = fields as Record<string, Check<unknown>>;
  let ok = true;
  for (const [key, check] of Object.entries(checks)) ok = check(v[key], `${at}.${key}`, ctx) && ok;
  for (const key of Object.keys(v)) if (!(key in checks) && !skip.has(key)) ctx.unknown.push(`${at}.${key}`);
  return ok;
}
function shape<V>(fields: Shape<V>): Check<V> {
  return (v, at, ctx): v is V => (isRecord(v) ? checkKeys(v, at, ctx, fields, new Set()) : bad(ctx, at, "object", v));
}

// Returns Check<never> so that the typed wrappers below can claim the precise
// map type; the run-time checks here are what backs that claim.
function idMap<V, Id extends string | number, E>(item: Check<V>, id: Check<Id>, extras: Shape<E>, loose: boolean): Check<never> {
  return (v, at, ctx): v is never => {
    if (!isRecord(v)) return bad(ctx, at, "object", v);
    let ok = true;
    let ids: string[];
    if (v.order === undefined && loose) {
      ids = Object.keys(v).filter((k) => /^\d+$/.test(k));
    } else if (Array.isArray(v.order)) {
      v.order.forEach((x, i) => {
        ok = id(x, `${at}.order[${i}]`, ctx) && ok;
      });
      ids = v.order.map(String);
    } else {
      return bad(ctx, at + ".order", "array of IDs", v.order);
    }
    // Every ID in `order` must have its value (undefined fails the item check).
    for (const key of ids) ok = item(v[key], `${at}.${key}`, ctx) && ok;
    return checkKeys(v, at, ctx, extras, new Set(["order", ...ids])) && ok;
  };
}
function orderedMap<V, Id extends string | number, E>(item: Check<V>, id: Check<Id>, extras: Shape<E>): Check<T.OrderedMap<V, Id> & E> {
  return idMap(item, id, extras, false);
}
/** An ordered map with nothing beside its IDs and `order`. */
function plainOrderedMap<V, Id extends string | number = number>(item: Check<V>, id: Check<Id>): Check<T.OrderedMap<V, Id>> {
  return idMap(item, id, {}, false);
}
function looseOrderedMap<V>(item: Check<V>): Check<T.LooseOrderedMap<V>> {
  return idMap(item, num, {}, true);
}

// --- common / auth
const notice: Check<T.EnvelopeNotice> = (v, at, ctx): v is T.EnvelopeNotice =>
  isRecord(v) ? opt(str)(v.status, `${at}.status`, ctx) : bad(ctx, at, "object", v);
const failEnvelope = shape<T.ApiFailEnvelope>({ stat: lit("fail"), code: opt(num), message: opt(str), notice: opt(notice) });
const okEnvelope = shape<T.ApiOkEnvelope>({ stat: lit("ok"), response: anything, notice: opt(notice) });

const loginResponse = shape<T.LoginResponse>({ permission: shape<T.Permission>({ GET: lit(0, 1), POST: lit(0, 1) }) });
const tokenGrantResponse = shape<T.AuthTokenGrantResponse>({
  accessToken: str,
  authorizationType: opt(union(num, str)),
  scope: opt(str),
  expiresIn: union(num, str),
});
const apResponse = shape<T.CmdApResponse>({ support: bool, enable: opt(bool), wanDependent: opt(bool) });
const firmwareResponse: Check<T.InfoFirmwareResponse> = plainOrderedMap(
  shape<T.FirmwareSlot>({ version: str, bootable: opt(bool), inUse: opt(bool) }),
  num,
);
const infoSystemResponse = shape<T.InfoSystemResponse>({
  routerName: opt(str),
  company: opt(str),
  support: opt(dict(shape<{ support: boolean }>({ support: bool }))),
});

// --- clients & LAN
const signalDetail = shape<{ strength?: number; level?: number }>({ strength: opt(num), level: opt(num) });
const clientInfo = shape<T.ClientInfo>({
  ip: opt(str),
  connectionType: opt(str),
  clientType: opt(str),
  lease: opt(shape<NonNullable<T.ClientInfo["lease"]>>({ expiresIn: num, type: str })),
  name: opt(str),
  mac: opt(str),
  bssid: opt(str),
  vlanId: opt(num),
  essid: opt(str),
  active: opt(bool),
  port: anything,
  signalStrength: opt(shape<NonNullable<T.ClientInfo["signalStrength"]>>({ value: num, unit: str })),
  signal: opt(signalDetail),
  speed: opt(shape<NonNullable<T.ClientInfo["speed"]>>({ download: num, upload: num, unit: str })),
});
const statusClientResponse = shape<T.StatusClientResponse>({ list: arr(clientInfo) });
const lanProfileResponse: Check<T.StatusLanProfileResponse> = plainOrderedMap(
  shape<T.LanStatus>({ name: opt(str), vlanId: opt(num), ip: str, mask: num }),
  num,
);

// --- PepVPN
const pepvpnProfile = shape<T.PepvpnProfile>({
  name: str,
  master: opt(bool),
  vlanId: opt(num),
  status: opt(str),
  conflictCount: opt(num),
  peerCount: opt(num),
  userShared: opt(bool),
  userCount: opt(num),
  type: opt(str),
});
const bandwidthValue = shape<T.PepvpnBandwidthValue>({ value: num, unit: str });
const pepvpnPeer = shape<T.PepvpnPeer>({
  serialNumber: str,
  status: str,
  name: str,
  profileId: num,
  secure: opt(bool),
  type: str,
  username: opt(str),
  conflictRoute: opt(arr(str)),
  inactiveRoute: opt(arr(str)),
  route: opt(arr(str)),
  server: opt(str),
  client: opt(str),
  bridge: opt(str),
  vlanId: opt(num),
  peerId,
  dataUseTcp: opt(bool),
  bandwidthLimit: opt(shape<NonNullable<T.PepvpnPeer["bandwidthLimit"]>>({ upload: opt(bandwidthValue), download: opt(bandwidthValue) })),
  wanSmoothing: opt(str),
  latencyDiffCutoff: opt(num),
});
const counter: Check<T.PepvpnCounter> = union(num, arr(num));
const time = shape<T.PepvpnTime>({ second: num, nanoSecond: num });
const receivePackets = shape<T.PepvpnReceivePackets>({
  wan: opt(counter),
  forward: opt(counter),
  fragment: opt(counter),
  loss: opt(counter),
  outOfOrder: opt(counter),
  recover: opt(counter),
  discard: opt(counter),
});
const transmitPackets = shape<T.PepvpnTransmitPackets>({
  wan: opt(counter),
  forward: opt(counter),
  fragment: opt(counter),
  loss: opt(counter),
  outOfOrder: opt(counter),
  fec: opt(counter),
  redundant: opt(counter),
});
const tunnelWan: Check<T.PepvpnTunnelWan> = shape<T.PepvpnTunnelWan>({
  id: opt(num),
  state: opt(str),
  name: opt(str),
  priority: opt(num),
  time: opt(time),
  nanotime: opt(time),
  rtt: opt(num),
  rx: opt(counter),
  tx: opt(counter),
  loss: opt(counter),
  receive: opt(shape<NonNullable<T.PepvpnTunnelWan["receive"]>>({ byte: opt(counter), packet: opt(receivePackets) })),
  transmit: opt(shape<NonNullable<T.PepvpnTunnelWan["transmit"]>>({ byte: opt(counter), packet: opt(transmitPackets) })),
  remote: opt(lazy(() => tunnelWanMap)),
});
const tunnelWanMap: Check<T.PepvpnTunnelWanMap> = plainOrderedMap(tunnelWan, num);
const tunnel = shape<T.PepvpnTunnel>({
  wan: opt(tunnelWanMap),
  overall: opt(
    shape<NonNullable<T.PepvpnTunnel["overall"]>>({
      time: opt(time),
      receive: opt(shape<{ packet?: T.PepvpnReceivePackets }>({ packet: opt(receivePackets) })),
      transmit: opt(shape<{ packet?: T.PepvpnTransmitPackets }>({ packet: opt(transmitPackets) })),
    }),
  ),
});
const pepvpnResponse = shape<T.StatusPepvpnResponse>({
  profile: opt(orderedMap<T.PepvpnProfile, number, T.PepvpnProfileMapExtras>(pepvpnProfile, num, { siteId: opt(str) })),
  peer: opt(arr(pepvpnPeer)),
  tunnel: opt(plainOrderedMap(union(tunnel, tunnelWanMap), peerId)),
});

// --- system info, traffic (not in the reference)
const systemInfoResponse = shape<T.StatusSystemInfoResponse>({
  device: opt(
    shape<T.SystemDeviceInfo>({
      serialNumber: opt(str),
      name: opt(str),
      model: opt(str),
      descriptionSupport: opt(str),
      productCode: opt(str),
      hardwareRevision: opt(str),
      firmwareVersion: opt(str),
      host: opt(str),
      pepvpnVersion: opt(str),
      modemSupport: opt(shape<NonNullable<T.SystemDeviceInfo["modemSupport"]>>({ version: opt(str), url: opt(str) })),
      company: opt(str),
      legal: opt(bool),
    }),
  ),
  fanSpeed: opt(arr(shape<T.FanSpeed>({ active: bool, value: num, total: num, percentage: num }))),
  thermalSensor: opt(arr(shape<T.ThermalSensor>({ temperature: num, max: opt(num), min: opt(num), threshold: opt(num) }))),
});
const counters = shape<T.TrafficCounters>({ download: num, upload: num });
const trafficSection: Check<T.TrafficSection> = orderedMap<T.TrafficWanEntry, number, T.TrafficSectionExtras>(
  shape<T.TrafficWanEntry>({ name: str, portType: opt(str), virtual: opt(bool), overall: counters, details: opt(dict(counters)) }),
  num,
  { timestamp: opt(num), unit: opt(str) },
);
const trafficLifetime: Check<T.TrafficLifetime> = orderedMap<T.TrafficLifetimeEntry, "all" | number, T.TrafficLifetimeExtras>(
  shape<T.TrafficLifetimeEntry>({ overall: counters }),
  union(lit("all"), num),
  { timestamp: opt(num), datetime: opt(str), unit: opt(str) },
);
const trafficResponse = shape<T.StatusTrafficResponse>({
  lifetime: opt(trafficLifetime),
  bandwidth: opt(trafficSection),
  traffic: opt(trafficSection),
});

// --- WAN status
const allowanceState = shape<T.AllowanceMonitorState>({ enable: bool, hasSmtp: opt(bool) });
const cellularSignal = shape<T.CellularSignal>({
  rssi: opt(num),
  sinr: opt(num),
  snr: opt(num),
  ecio: opt(num),
  rsrp: opt(num),
  rsrq: opt(num),
  rscp: opt(num),
});
const band = shape<T.CellularBand>({ name: opt(str), channel: opt(num), channelWidth: opt(str), signal: cellularSignal });
const carrier = shape<T.CarrierInfo>({ name: str, country: opt(str) });
const simStatus = shape<T.SimStatus>({
  status: opt(str),
  active: bool,
  simCardDetected: opt(bool),
  autoApn: opt(bool),
  apn: opt(str),
  username: opt(str),
  password: opt(str),
  imsi: opt(str),
  iccid: opt(str),
  mtn: opt(str),
  bandwidthAllowanceMonitor: opt(allowanceState),
});
const cellularStatus = shape<T.CellularStatus>({
  roamingStatus: opt(shape<T.RoamingStatus>({ code: num, message: str })),
  network: opt(str),
  mobileType: opt(str),
  modulePowerOn: opt(bool),
  sim: opt(looseOrderedMap(simStatus)),
  remoteSim: opt(shape<T.RemoteSimStatus>({ imsi: opt(str), serialNumber: opt(str), slot: opt(num) })),
  speedfusionConnect5gLte: opt(
    shape<NonNullable<T.CellularStatus["speedfusionConnect5gLte"]>>({ active: bool, iccid: opt(str), imsi: opt(str) }),
  ),
  carrier: opt(carrier),
  carrierAggregation: opt(bool),
  signalLevel: opt(num),
  meid: opt(shape<NonNullable<T.CellularStatus["meid"]>>({ hex: str, dec: str })),
  imei: opt(str),
  esn: opt(str),
  mode: opt(str),
  band: opt(arr(band)),
  rat: opt(arr(shape<T.CellularRat>({ name: opt(str), band: arr(band) }))),
  dataTechnology: opt(str),
  mcc: opt(str),
  mnc: opt(str),
  cellTower: opt(shape<T.CellTower>({ cellId: opt(num), cellPlmn: opt(num), cellUtranId: opt(num), tac: opt(num), lac: opt(num) })),
  manufacturer: opt(str),
  model: opt(str),
  firmware: opt(str),
});
const modemStatus = shape<T.ModemStatus>({
  name: opt(str),
  vendorId: opt(num),
  productId: opt(num),
  manufacturer: opt(str),
  carrier: opt(carrier),
  signalLevel: opt(num),
  network: opt(str),
  imsi: opt(str),
  iccid: opt(str),
  esn: opt(str),
  mtn: opt(str),
  apn: opt(str),
  username: opt(str),
  password: opt(str),
  dialNumber: opt(str),
  band: opt(arr(band)),
});
const wanStatus = shape<T.WanStatus>({
  name: str,
  enable: bool,
  statusLed: str,
  message: str,
  uptime: num,
  type: str,
  virtualType: opt(str),
  asLan: opt(bool),
  locked: opt(bool),
  managementOnly: opt(bool),
  virtual: opt(bool),
  scheduledOff: opt(bool),
  priority: opt(num),
  groupSet: opt(num),
  portId: opt(num),
  ip: opt(str),
  mask: opt(num),
  gateway: opt(str),
  gatewayUrl: opt(str),
  method: opt(str),
  mode: opt(str),
  routingMode: opt(str),
  dns: opt(arr(str)),
  additionalIp: opt(arr(str)),
  mtu: opt(num),
  mss: opt(num),
  mac: opt(str),
  bandwidthAllowanceMonitor: opt(allowanceState),
  wireless: opt(shape<T.WirelessStatus>({ signal: opt(signalDetail), ssid: opt(str), bssid: opt(str) })),
  modem: opt(modemStatus),
  cellular: opt(cellularStatus),
  gobi: opt(cellularStatus),
});
const wanStatusResponse: Check<T.StatusWanConnectionResponse> = orderedMap<T.WanStatus, number, T.WanStatusExtras>(wanStatus, num, {
  timestamp: opt(num),
  reportTimestamp: opt(num),
  supportGatewayProxy: opt(bool),
  connection: opt(arr(anything)),
});

/** Validator of the `response` of each fixture's endpoint (the file name up to `--`). */
const RESPONSE_CHECKS: Record<string, Check<unknown>> = {
  login: loginResponse,
  "auth.token.grant": tokenGrantResponse,
  "cmd.ap": apResponse,
  "info.frw.version": firmwareResponse,
  "info.system": infoSystemResponse,
  "status.client": statusClientResponse,
  "status.lan": lanProfileResponse,
  "status.pepvpn": pepvpnResponse,
  "status.system.info": systemInfoResponse,
  "status.traffic": trafficResponse,
  "status.wan.connection": wanStatusResponse,
};

function validate<V>(check: Check<V>, value: unknown, at = "response"): Ctx {
  const ctx: Ctx = { errors: [], unknown: [] };
  check(value, at, ctx);
  return ctx;
}
function assertValid<V>(check: Check<V>, value: unknown, label: string): asserts value is V {
  const { errors, unknown } = validate(check, value);
  assert.deepEqual(errors, [], `${label}: does not fit its type`);
  assert.deepEqual(unknown, [], `${label}: keys the type does not declare`);
}

function load(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8"));
}
function loadResponse<V>(file: string, check: Check<V>): V {
  const body = load(file);
  assertValid(okEnvelope, body, file);
  const response = body.response;
  assertValid(check, response, file);
  return response;
}

// ------------------------------------------------------------------------ tests

describe("real router answers (test/fixtures/real)", () => {
  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json"));

  it("finds the fixtures", () => {
    assert.ok(files.length >= 20, `only ${files.length} fixtures in ${FIXTURES}`);
  });

  for (const file of files) {
    it(`${file} fits its envelope and response type`, () => {
      const endpoint = file.split("--")[0];
      const body = load(file);
      if (isRecord(body) && body.stat === "fail") {
        assertValid(failEnvelope, body, file);
        return;
      }
      const check = RESPONSE_CHECKS[endpoint];
      assert.ok(check, `no response type mapped for fixture endpoint ${endpoint}`);
      loadResponse(file, check);
    });
  }

  it("status.wan.connection (8 WANs, MAX dual cellular): WANs via order, typed", () => {
    const wans = entriesInOrder(loadResponse("status.wan.connection--mbobakov-1.json", wanStatusResponse));
    assert.deepEqual(
      wans.map(([id, w]) => [id, w.name, w.type, w.statusLed, w.message]),
      [
        [1, "WAN 1", "ethernet", "red", "No Cable Detected"],
        [2, "WAN 2", "ethernet", "red", "No Cable Detected"],
        [3, "Cellular 1", "cellular", "green", "Connected to Carrier1"],
        [4, "Cellular 2", "cellular", "green", "Connected to Carrier2"],
        [5, "USB", "modem", "empty", "No Device Detected"],
        [6, "Wi-Fi WAN on 2.4 GHz", "wifi", "gray", "Disabled"],
        [7, "Wi-Fi WAN on 5 GHz", "wifi", "gray", "Disabled"],
        [8, "VLAN WAN 1", "wovlan", "gray", "Disabled"],
      ],
    );
    const cell = wans[2][1].cellular;
    assert.ok(cell);
    assert.deepEqual(
      entriesInOrder(cell.sim).map(([id, sim]) => [id, sim.active, sim.simCardDetected]),
      [
        [1, true, true],
        [2, false, false],
      ],
    );
    assert.equal(cell.rat?.[0].band[0].signal.rsrq, -8);
    assert.equal(cell.mnc, "02");
    // Disabled WANs carry no priority.
    assert.equal(wans[5][1].priority, undefined);
  });

  it("status.wan.connection (MAX BR1, abridged): standby cellular, SIM map without order", () => {
    const response = loadResponse("status.wan.connection--sctl-maxbr1.json", wanStatusResponse);
    assert.equal(response.timestamp, 1786477965);
    const wans = entriesInOrder(response);
    assert.deepEqual(
      wans.map(([id, w]) => [id, w.statusLed, w.message, w.uptime, w.ip ?? null]),
      [
        [1, "green", "Connected", 10228, "100.98.218.234"],
        [2, "yellow", "Standby", 0, "10.5.217.34"],
        [3, "gray", "Disabled", 0, null],
      ],
    );
    const sims = wans[1][1].cellular?.sim;
    assert.equal(sims?.order, undefined);
    assert.deepEqual(
      entriesInOrder(sims).map(([id, sim]) => [id, sim.active, sim.simCardDetected]),
      [
        [1, false, true],
        [2, false, false],
      ],
    );
    assert.equal(wans[1][1].cellular?.speedfusionConnect5gLte?.active, true);
  });

  it("status.wan.connection (Balance 710): non-WAN keys are not WANs", () => {
    const response = loadResponse("status.wan.connection--halocal-b710.json", wanStatusResponse);
    assert.equal(response.supportGatewayProxy, true);
    assert.deepEqual(idsInOrder(response), [1, 2, 3, 4, 5, 6, 7, 8]);
    const connected = valuesInOrder(response).filter((w) => w.message.startsWith("Connected"));
    assert.deepEqual(
      connected.map((w) => w.name),
      ["Peak Wifi", "T-Mobile (RM550)", "T-Mobile (RM520)"],
    );
    assert.equal(response["3"].gatewayUrl, "../../WAN3/Gateway/");
  });

  it("auth.token.grant: expiresIn and authorizationType as strings", () => {
    const grant = loadResponse("auth.token.grant--mbobakov-1.json", tokenGrantResponse);
    assert.equal(grant.expiresIn, "172800");
    assert.equal(grant.authorizationType, "3");
  });

  it("failure envelopes: 401 inside HTTP 200, and no code at all", () => {
    const expired = load("status.wan.connection--sctl-fail401.json");
    assertValid(failEnvelope, expired, "fail401");
    assert.equal(expired.code, 401);
    const noCode = load("status.wan.connection--peplinkmcp-fail-nocode.json");
    assertValid(failEnvelope, noCode, "nocode");
    assert.equal(noCode.code, undefined);
  });

  it("info.frw.version (= info.firmware shape): slots via order", () => {
    const slots = entriesInOrder(loadResponse("info.frw.version--mbobakov-1.json", firmwareResponse));
    assert.deepEqual(
      slots.map(([id, s]) => [id, s.version, s.inUse]),
      [
        [1, "8.2.0s036 build 4979", false],
        [2, "8.3.0 build 5229", true],
      ],
    );
  });

  it("status.lan (= status.lan.profile shape): keyed by LAN index from 0", () => {
    const lans = entriesInOrder(loadResponse("status.lan--sctl-maxbr1.json", lanProfileResponse));
    assert.deepEqual(
      lans.map(([id, lan]) => [id, lan.name ?? null, lan.ip]),
      [
        [0, null, "192.168.50.1"],
        [1, "PASSENGER", "10.10.10.1"],
      ],
    );
  });

  it("status.client: untagged clients have no vlanId", () => {
    const { list } = loadResponse("status.client--sctl-maxbr1.json", statusClientResponse);
    assert.deepEqual(
      list.map((c) => [c.name, c.vlanId ?? null, c.connectionType]),
      [
        ["S25-Ultra-de-Someone", 10, "wifi"],
        ["Someone-s-iPhone", 10, "wifi"],
        ["iPad", 10, "wifi"],
        ["OpenWrt", null, "ethernet"],
      ],
    );
  });

  it("status.pepvpn: notice beside response, string peer IDs", () => {
    const body = load("status.pepvpn--sjoerger-peer.json");
    assertValid(okEnvelope, body, "pepvpn");
    assert.deepEqual(body.notice, { status: "beta" });
    const { peer } = loadResponse("status.pepvpn--sjoerger-peer.json", pepvpnResponse);
    assert.equal(peer?.[0].peerId, "60000-1");
    assert.equal(peer?.[0].type, "SFC Client");
  });

  it("status.traffic: string ID `all` and numeric WAN IDs, extra keys skipped", () => {
    const traffic = loadResponse("status.traffic--halocal-b710.json", trafficResponse);
    assert.deepEqual(
      entriesInOrder(traffic.lifetime).map(([id, t]) => [id, t.overall.download]),
      [["all", 208003]],
    );
    assert.deepEqual(
      entriesInOrder(traffic.bandwidth).map(([id, t]) => [id, t.name, t.overall.download]),
      [
        [1, "Peak Wifi", 2342],
        [2, "T-Mobile (RM550)", 224],
        [3, "T-Mobile (RM520)", 120],
      ],
    );
  });

  // The validators must reject what the types reject, or the tests above prove nothing.
  describe("the validators are not vacuous", () => {
    const wanFile = "status.wan.connection--mbobakov-1.json";
    function mutated(edit: (response: Record<string, Record<string, unknown>>) => void): unknown {
      const body = load(wanFile);
      assert.ok(isRecord(body) && isRecord(body.response));
      edit(body.response as Record<string, Record<string, unknown>>);
      return body.response;
    }

    it("rejects a missing required field", () => {
      const { errors } = validate(
        wanStatusResponse,
        mutated((r) => delete r["1"].name),
      );
      assert.deepEqual(errors, ["response.1.name: expected string, got undefined"]);
    });
    it("rejects a wrong field type", () => {
      const { errors } = validate(
        wanStatusResponse,
        mutated((r) => (r["3"].enable = "yes")),
      );
      assert.equal(errors.length, 1);
    });
    it("rejects an ID in order without its WAN", () => {
      const { errors } = validate(
        wanStatusResponse,
        mutated((r) => delete r["8"]),
      );
      assert.deepEqual(errors, ["response.8: expected object, got undefined"]);
    });
    it("reports keys the type does not declare", () => {
      const { errors, unknown } = validate(
        wanStatusResponse,
        mutated((r) => (r["2"].surprise = 1)),
      );
      assert.deepEqual([errors, unknown], [[], ["response.2.surprise"]]);
    });
    it("rejects a closed-union value (permission must be 0 or 1)", () => {
      const { errors } = validate(loginResponse, { permission: { GET: 1, POST: 2 } });
      assert.equal(errors.length, 1);
    });
  });
});

describe("entriesInOrder", () => {
  type Item = { n: string };
  it("follows order, skips IDs without a value and duplicates, ignores keys outside order", () => {
    const map = { "2": { n: "b" }, "1": { n: "a" }, "9": { n: "stale" }, order: [2, 1, 5, 2], timestamp: 7 } as T.OrderedMap<Item> & {
      timestamp: number;
    };
    assert.deepEqual(entriesInOrder(map), [
      [2, { n: "b" }],
      [1, { n: "a" }],
    ]);
  });
  it("keeps null values (signal of a WAN without one)", () => {
    const map: T.StatusWanConnectionSignalResponse = { "1": null, "2": { signalLevel: 3 }, order: [1, 2] };
    assert.deepEqual(entriesInOrder(map), [
      [1, null],
      [2, { signalLevel: 3 }],
    ]);
  });
  it("falls back to decimal keys in numeric order when order is missing", () => {
    const map: T.SimAllowanceMap = { "10": { enable: false }, "2": { enable: true } };
    assert.deepEqual(idsInOrder(map), [2, 10]);
  });
  it("answers [] for null and undefined", () => {
    assert.deepEqual(entriesInOrder(undefined), []);
    assert.deepEqual(entriesInOrder(null), []);
  });
  it("does not read inherited properties", () => {
    const map = { order: ["toString"] } as unknown as T.OrderedMap<Item, "toString">;
    assert.deepEqual(entriesInOrder(map), []);
  });
});

// --------------------------------------------- the reference's own examples

// Each literal below is the reference's cURL example answer; `satisfies` makes
// the compiler check it against the response type.
const referenceExamples = {
  "status.wan.connection": {
    "1": {
      name: "CUST WAN 1",
      enable: true,
      asLan: false,
      message: "Connected",
      uptime: 27037017,
      type: "ethernet",
      virtualType: "ethernet",
      priority: 0,
      ip: "192.168.123.144",
      statusLed: "green",
      mask: 24,
      gateway: "12.23.34.0",
      method: "dhcp",
      mode: "NAT",
      dns: ["12.22.32.12", "12.34.67.89"],
      mtu: 576,
    },
    "2": {
      name: "WAN2",
      enable: true,
      asLan: false,
      message: "No Cable Detected",
      uptime: 27066417,
      type: "ethernet",
      virtualType: "ethernet",
      priority: 0,
      statusLed: "red",
      method: "static",
      mode: "IP Forwarding",
      mtu: 1440,
    },
    order: [1, 2],
  } satisfies T.StatusWanConnectionResponse,
  "status.wan.connection.allowance": {
    "1": { "1": { enable: true, usage: 5, limit: 1024, percent: 0, start: 1, unit: "MB" } },
    order: [1],
  } satisfies T.StatusWanConnectionAllowanceResponse,
  "status.wan.connection.signal": {
    "1": { band: [{ name: "LTE Band 7 (2600 MHz)", signal: { rssi: -60, sinr: 9, rsrp: -101 } }] },
    "2": {
      band: [
        { name: "LTE Band 7 (2600 MHz)", signal: { rssi: -90, sinr: 6.6, rsrp: -100, rsrq: -3 } },
        { name: "LTE Band 7 (3500 MHz)", signal: { rssi: -55 } },
      ],
    },
    order: [1, 2],
  } satisfies T.StatusWanConnectionSignalResponse,
  "cmd.sms.get": {
    connId: 6,
    simId: 1,
    sms: [
      {
        sender: "988",
        message: [
          {
            id: 1,
            date: "Feb 17 13:55",
            timestamp: 1581774925,
            length: "50",
            message: "The is the 1st line SMS,\nand this is the 2nd line.",
          },
        ],
      },
      {
        sender: "+81325359875",
        message: [
          { id: 2, date: "Feb 05 01:55", timestamp: 1580867113, length: "24", message: "Multipart message part 1" },
          { id: 6, date: "Feb 05 01:55", timestamp: 1580867113, length: "24", message: "Multipart message part 2" },
        ],
      },
    ],
  } satisfies T.CmdSmsGetResponse,
  "config.gpio": {
    "1": { enable: true, type: "digital_output", mode: "toggle_high" },
    "2": { enable: true, type: "digital_input", mode: "input_sensing", delay: 3 },
    order: [1, 2],
  } satisfies T.ConfigGpioResponse,
  "config.ssid.profile": {
    "1": {
      name: "Main SSID",
      enable: true,
      captivePortal: true,
      incontrolManaged: false,
      broadcast: true,
      security: { policy: "WPA2 Personal", wpa2Personal: { fastTransition: true, key: "pas53or2" } },
    },
    "2": {
      name: "Guest SSID",
      enable: true,
      captivePortal: true,
      incontrolManaged: false,
      broadcast: true,
      vlanId: 1,
      security: { policy: "WPA2 Personal", wpa2Personal: { fastTransition: false, key: "pass3ord" } },
    },
    order: [1, 2],
  } satisfies T.ConfigSsidProfileResponse,
  "config.wan.connection": {
    "1": {
      name: "WAN 1",
      asLan: false,
      enable: true,
      active: true,
      multipleIp: [],
      connection: {
        method: "dhcp",
        mode: "NAT",
        icmpPing: true,
        priority: 1,
        dns: { auto: true },
        ddns: { username: "username", password: "@~HiDdEn~@", host: ["kjkjkjkj.com"], provider: "noip", enable: true },
        bandwidth: { upload: { bandwidth: 100000, unit: "kbps" }, download: { bandwidth: 100000, unit: "kbps" } },
        schedule: 4,
        dhcp: { hostname: "" },
      },
      healthcheck: {
        method: "nslookup",
        timeout: 5,
        interval: 5,
        retry: 3,
        recovery: 3,
        enable: true,
        nslookup: { includePublic: false, host: ["208.67.222.222", "208.67.220.220"] },
      },
    },
    "2": {
      name: "WAN2",
      asLan: false,
      enable: true,
      active: true,
      multipleIp: [],
      connection: {
        method: "dropIn",
        mode: "IP Forwarding",
        icmpPing: true,
        priority: 0,
        dns: { auto: false, host: ["3.3.3.3"] },
        ddns: { enable: false },
        bandwidth: { upload: { bandwidth: 100000, unit: "kbps" }, download: { bandwidth: 100000, unit: "kbps" } },
        pepVpnNat: true,
        dropIn: { ip: "169.254.0.1", mask: 24, gateway: "22.2.2.2" },
      },
      healthcheck: { method: "nslookup", timeout: 5, interval: 5, retry: 3, recovery: 3, enable: true, nslookup: { includePublic: true } },
    },
    order: [1, 2],
  } satisfies T.ConfigWanConnectionResponse,
  "config.wan.connection.priority": {
    "1": { name: "WAN 1", priority: 1, enable: true },
    "2": { name: "WAN 2", priority: 2, enable: true },
    order: [1, 2],
  } satisfies T.ConfigWanConnectionPriorityResponse,
  "status.pepvpn": {
    profile: { "1": { name: "Next (1)", master: true }, "2": { name: "Next (2 – 2)", master: true }, siteId: "999", order: [2, 1] },
    tunnel: {
      "1-1": {
        wan: {
          "1": {
            time: { second: 1292258, nanoSecond: 485618662 },
            rtt: 1,
            rx: [1423988],
            tx: [1334004],
            loss: [0],
            priority: 1,
            state: "ACTIVE",
            name: "WAN 1",
          },
          "2": { priority: 0, state: "WAN_DOWN", name: "WAN 2" },
          order: [1, 2],
        },
        overall: {
          time: { second: 1292258, nanoSecond: 485618662 },
          receive: { packet: { forward: 32, loss: 1, outOfOrder: 0 } },
          transmit: { packet: { forward: 12, loss: 0, outOfOrder: 0 } },
        },
      },
      order: ["1-1"],
    },
    peer: [
      {
        serialNumber: "1825-4131-B4E7",
        status: "CONNECTED",
        name: "Ke-B580-x64-30",
        profileId: 1,
        secure: true,
        type: "l3",
        username: "dev30",
        route: ["192.168.30.0/24"],
        peerId: "1-1",
      },
    ],
  } satisfies T.StatusPepvpnResponse,
  "status.client": {
    list: [
      {
        ip: "192.168.50.4",
        connectionType: "wireless",
        name: "Android client",
        mac: "9C:5C:F9:2B:85:99",
        bssid: "00:1A:DD:ED:8F:69",
        essid: "PEPWAVE_D3B1",
        active: true,
      },
      { ip: "192.168.50.11", connectionType: "ethernet", name: "macOS client", mac: "E4:25:E7:8A:D3:12", active: false },
    ],
  } satisfies T.StatusClientResponse,
  "status.lan.profile": {
    "0": { ip: "10.6.1.231", mask: 16 },
    "1": { name: "Name 1", ip: "10.6.1.231", vlanId: 164, mask: 16 },
    order: [0, 1],
  } satisfies T.StatusLanProfileResponse,
  "info.firmware": {
    "1": { version: "7.0.3 build 2765", bootable: true, inUse: false },
    "2": { version: "7.1.0 build 2860", bootable: true, inUse: true },
    order: [1, 2],
  } satisfies T.InfoFirmwareResponse,
  "info.location": {
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
      timestamp: 1311972720,
    },
  } satisfies T.InfoLocationResponse,
  "cmd.carrier.scan": {
    scanStatus: "scanning",
    list: [
      { name: ".csl", mobileType: "LTE", mcc: "454", mnc: "0", pcs: 0 },
      { name: "SMT HK", mobileType: "LTE", mcc: "454", mnc: "6", pcs: 0 },
    ],
    reference: { activeSim: { simId: 1, cellularNetwork: null } },
  } satisfies T.CmdCarrierScanResponse,
  "cmd.wifi.scan": [
    {
      ssid: "Main SSID",
      bssid: "A2:E5:B8:55:89:DF",
      signal: -68,
      channel: 10,
      securityPolicy: "wpa-psk",
      status: { inUse: true, connected: true },
    },
  ] satisfies T.CmdWifiScanResponse,
  "cmd.wifi.result": {
    result: "CONNECTED",
    timestamp: 1529899328,
    ssid: "Main SSID",
    bssid: "A2:E5:B8:55:89:DF",
    securityPolicy: "wpa-psk",
    message: "connected to Main SSID (A2:E5:B8:55:89:DF)",
  } satisfies T.CmdWifiResultResponse,
  "cmd.wan.cellular": { enabledSim: [1, 2], preferredSim: 1 } satisfies T.CmdWanCellularResponse,
  "cmd.sendUssd": { message: "Request is sent successfully" } satisfies T.CmdSendUssdResponse,
  "auth.client": [
    {
      name: "Client 1",
      clientId: "9270c250111cabab02058007bb72217e",
      clientSecret: "cf5fe1c51252a058ebd6bd7d5f493cf5",
      confidential: false,
      createTimestamp: 32172904,
      scope: "api.read-only",
    },
  ] satisfies T.AuthClientListResponse,
  "auth.client.token": [
    {
      accessToken: "43c65216eb16d779092fc40b184a1794",
      clientId: "0396c250111dcaef02058007bb72217e",
      clientName: "Client 1",
      authorizationType: 3,
      scope: "api.read-only",
      createTimestamp: 32177831,
    },
  ] satisfies T.AuthClientTokenResponse,
  "auth.token.grant": {
    accessToken: "43c65216eb16d779092fc40b184a1794",
    authorizationType: 3,
    scope: "api",
    expiresIn: 172800,
  } satisfies T.AuthTokenGrantResponse,
};

describe("the reference's own examples", () => {
  it("fit the validators that the fixtures use", () => {
    assertValid(wanStatusResponse, referenceExamples["status.wan.connection"], "status.wan.connection");
    assertValid(pepvpnResponse, referenceExamples["status.pepvpn"], "status.pepvpn");
    assertValid(statusClientResponse, referenceExamples["status.client"], "status.client");
    assertValid(lanProfileResponse, referenceExamples["status.lan.profile"], "status.lan.profile");
    assertValid(firmwareResponse, referenceExamples["info.firmware"], "info.firmware");
    assertValid(tokenGrantResponse, referenceExamples["auth.token.grant"], "auth.token.grant");
  });

  it("allowance: per-SIM map without order vs plain allowance", () => {
    const [[id, value]] = entriesInOrder<T.StatusWanConnectionAllowanceResponse>(referenceExamples["status.wan.connection.allowance"]);
    assert.equal(id, 1);
    assert.ok(!("enable" in value), "a cellular WAN answers a SIM map");
    assert.deepEqual(
      entriesInOrder(value).map(([sim, a]) => [sim, a.usage, a.limit]),
      [[1, 5, 1024]],
    );
  });

  it("pepvpn tunnels by string peer ID, WANs inside by number", () => {
    const tunnels = entriesInOrder<T.PepvpnTunnelMap>(referenceExamples["status.pepvpn"].tunnel);
    assert.equal(tunnels[0][0], "1-1");
    const first = tunnels[0][1];
    // 8.1.0+ answers a Tunnel_Obj; older firmware the bare WAN map (which has `order`).
    if ("order" in first) assert.fail("expected the 8.1.0+ tunnel shape");
    assert.deepEqual(
      entriesInOrder(first.wan).map(([id, w]) => [id, w.state]),
      [
        [1, "ACTIVE"],
        [2, "WAN_DOWN"],
      ],
    );
    // Profiles follow `order` (2 before 1), and siteId is not a profile.
    assert.deepEqual(idsInOrder<T.PepvpnProfileMap>(referenceExamples["status.pepvpn"].profile), [2, 1]);
  });
});
