/**
 * Texts in the runtime's language, from the message catalogues in
 * nodes/locales/<lang>/ (Node-RED loads nodes/locales/<lang>/<type>.json for
 * each node file as the namespace "<package>/<type>" and binds a node file's
 * RED._ to it). Keys are always written in full, so that a spec can check
 * every key used against the catalogues:
 *
 *   "<type>.…"   the node's own catalogue (its RED._ finds it)
 *   "common.…"   the texts every node shares: the "common" part of the config
 *                node's catalogue, peplink-device.json, named explicitly
 *
 * Adding a language needs only files under nodes/locales/<lang>/.
 */
import type { NodeAPI } from "node-red";

/** The package name: the first part of every catalogue's namespace. */
export const PACKAGE = "node-red-contrib-peplink";

/** The namespace of the shared texts (the config node's catalogue). */
export const COMMON_NAMESPACE = `${PACKAGE}/peplink-device`;

export type TextValues = Record<string, string | number>;

/** Looks a key up: "<type>.…" in the calling node file's catalogue, "common.…" in the shared one. */
export type Translate = (key: string, values?: TextValues) => string;

/** Texts already looked up, per node file (its RED._, bound to its catalogue), by key and values. */
const lookedUp = new WeakMap<object, Map<string, string>>();
/** Texts kept per node file; the oldest half goes when it is full (status texts carry a clock). */
const LOOKED_UP_LIMIT = 2_000;

/**
 * The translator of a node file (pass the RED its register function received).
 * perf: a lookup through Node-RED's i18next takes ~30 µs (plural rules,
 * language codes, interpolation), and status texts are looked up on every
 * poll: 25 % of Node-RED's CPU polling 2,000 routers. The runtime's language
 * does not change while it runs, so a text, once looked up, is kept; nodes
 * showing the same text at the same second (polls run in batches) share it.
 */
export function translator(RED: NodeAPI): Translate {
  let texts = lookedUp.get(RED._);
  if (!texts) lookedUp.set(RED._, (texts = new Map<string, string>()));
  const cache = texts;
  return (key, values) => {
    const id = values ? `${key}\u0000${JSON.stringify(values)}` : key;
    let text = cache.get(id);
    if (text === undefined) {
      text = RED._(key.startsWith("common.") ? `${COMMON_NAMESPACE}:${key}` : key, values);
      if (cache.size >= LOOKED_UP_LIMIT) {
        // Maps keep insertion order: drop the oldest half.
        let drop = cache.size / 2;
        for (const old of cache.keys()) {
          if (drop-- <= 0) break;
          cache.delete(old);
        }
      }
      cache.set(id, text);
    }
    return text;
  };
}
