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

/** The translator of a node file (pass the RED its register function received). */
export function translator(RED: NodeAPI): Translate {
  return (key, values) => RED._(key.startsWith("common.") ? `${COMMON_NAMESPACE}:${key}` : key, values);
}
