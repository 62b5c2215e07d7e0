/**
 * Building blocks shared by the parameter and response types of every area.
 *
 * Conventions (see also device-behaviour.md):
 * - Inputs use closed unions, so a typo is a compile error; outputs use
 *   {@link Open} unions, because firmware keeps adding values (`wifi` beside
 *   `wireless`, `SFC Client` beside `l3`, …) and a type that rejects what a
 *   real router sends is worse than no type.
 * - Multi-value query parameters are `T | readonly T[]`; the client joins
 *   arrays with spaces (`id=1%202`).
 * - Numeric inputs are plain `number`: routers tolerate `"4"`, but the
 *   reference documents numbers, and the nodes convert msg values first.
 * - `null` appears only where the reference gives it a meaning (clear a
 *   setting, "no preference"); elsewhere a field is left out.
 */

/** A string-literal union that still accepts values newer firmware may send. */
export type Open<T extends string> = T | (string & {});

/** One value or several (sent space-separated in a query string). */
export type OneOrMany<T> = T | readonly T[];

/** The reference's `{ yes, no }` flags. */
export type YesNo = "yes" | "no";

/** Parameters of an operation that takes none: `{}` or nothing at all. */
export type NoParams = Record<string, never>;

/**
 * The result of an operation that answers `{"stat":"ok"}` with no `response`:
 * the client resolves with `undefined`.
 */
export type NoResponse = undefined;

/** WAN connection ID (`<conn_id>`), as shown in status.wan.connection `order`. */
export type ConnId = number;

/** SIM slot: 1 is SIM A, 2 is SIM B. */
export type SimId = 1 | 2;

/** A `{ ip, mask }` pair (`<Network_Obj>`); `mask` is a prefix length. */
export interface NetworkAddress {
  ip: string;
  mask: number;
}

/**
 * The "ID map + order" shape used by most list-like answers:
 *
 *     { "1": {…}, "2": {…}, "order": [1, 2] }
 *
 * Values sit under their ID as a string key, `order` says which IDs are valid
 * and in what order. Answers can carry other keys beside the IDs (`timestamp`,
 * `supportGatewayProxy`, `reference`, …): intersect them in (`OrderedMap<T> &
 * { timestamp?: number }`). The ID keys are a template-literal index
 * signature (`` `${number}` `` by default), so those extra keys do not clash
 * with it. Iterate with `entriesInOrder()` from `../ordered`, never over all
 * keys (device-behaviour.md).
 *
 * `Id` is the ID type found in `order`: `number` for most maps,
 * `` `${number}-${number}` `` for PepVPN peer IDs, `"all"` for traffic totals.
 */
export type OrderedMap<T, Id extends string | number = number> = { order: Id[] } & { [K in `${Id}`]: T };

/**
 * Like {@link OrderedMap}, for maps that some firmware sends without `order`
 * (SIM maps inside a cellular WAN, the per-SIM allowance map).
 */
export type LooseOrderedMap<T, Id extends string | number = number> = { order?: Id[] } & { [K in `${Id}`]: T };

/** `notice` beside `response`, e.g. `{ "status": "beta" }` (experimental or deprecated endpoints). */
export interface EnvelopeNotice {
  status?: Open<"beta" | "deprecated">;
  [key: string]: unknown;
}

/** A successful answer: `{"stat":"ok","response":…}`; `response` is absent for plain acknowledgements. */
export interface ApiOkEnvelope<R = unknown> {
  stat: "ok";
  response?: R;
  notice?: EnvelopeNotice;
}

/**
 * A failed answer, usually inside an HTTP 200. `code` is absent on some
 * firmware; `401` also means "session/token expired" and, on a token grant,
 * sometimes a transient `Internal Error`.
 */
export interface ApiFailEnvelope {
  stat: "fail";
  code?: number;
  message?: string;
  notice?: EnvelopeNotice;
}

/** Every answer of the API has this envelope. */
export type ApiEnvelope<R = unknown> = ApiOkEnvelope<R> | ApiFailEnvelope;
