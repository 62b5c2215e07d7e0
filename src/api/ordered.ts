/**
 * Iterating the API's "ID map + order" answers (`{ "1": {…}, "order": [1] }`,
 * see `OrderedMap` in types/common.ts).
 *
 * `order` is the source of truth: answers carry other keys beside the IDs
 * (`timestamp`, `supportGatewayProxy`, `reference`, `siteId`, …) and may keep
 * keys that are not in `order`, so code must never walk all keys
 * (device-behaviour.md).
 */

/** The ID type found in a map's `order`. */
export type OrderedId<M> = M extends { order?: ReadonlyArray<infer I> } ? (I extends string | number ? I : never) : never;

/** The value type stored under the map's IDs. */
export type OrderedValue<M> = M[`${OrderedId<M>}` & keyof M];

/** Anything with an optional `order` list: every OrderedMap/LooseOrderedMap. */
export type OrderedLike = { order?: ReadonlyArray<string | number> };

const DECIMAL_ID = /^(0|[1-9][0-9]*)$/;

/** IDs of a map that lacks `order` (some SIM maps): its decimal keys, ascending. */
function fallbackIds(map: object): number[] {
  return Object.keys(map)
    .filter((key) => DECIMAL_ID.test(key))
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * `[id, value]` pairs in the order the router gives in `order`. IDs listed in
 * `order` but missing from the map are skipped; `null` values (e.g. signal of
 * a WAN that has none) are kept.
 *
 * Maps that some firmware sends without `order` (SIM maps, per-SIM
 * allowance) fall back to their decimal keys in ascending order; maps with
 * string IDs (PepVPN peers, traffic `all`) always carry `order`.
 *
 *     for (const [id, wan] of entriesInOrder(await client.statusWanConnection())) {
 *       console.log(id, wan.name, wan.message);
 *     }
 */
export function entriesInOrder<M extends OrderedLike>(map: M | null | undefined): Array<[OrderedId<M>, OrderedValue<M>]> {
  if (map === null || typeof map !== "object") return [];
  // The index signature lives in the type only; read the values by key at run time.
  const byKey = map as unknown as Record<string, OrderedValue<M> | undefined>;
  const ids = (Array.isArray(map.order) ? map.order : fallbackIds(map)) as ReadonlyArray<OrderedId<M>>;
  const out: Array<[OrderedId<M>, OrderedValue<M>]> = [];
  const seen = new Set<string>();
  for (const id of ids) {
    const key = String(id);
    // A duplicated ID in `order` would otherwise yield the same entry twice.
    if (seen.has(key) || !Object.prototype.hasOwnProperty.call(byKey, key)) continue;
    seen.add(key);
    const value = byKey[key];
    if (value !== undefined) out.push([id, value]);
  }
  return out;
}

/** The values of an ordered map, in `order`. */
export function valuesInOrder<M extends OrderedLike>(map: M | null | undefined): Array<OrderedValue<M>> {
  return entriesInOrder(map).map(([, value]) => value);
}

/** The IDs of an ordered map that have a value, in `order`. */
export function idsInOrder<M extends OrderedLike>(map: M | null | undefined): Array<OrderedId<M>> {
  return entriesInOrder(map).map(([id]) => id);
}
