/**
 * The editor side of the node types without a browser: runs the
 * `<script type="text/javascript">` of every nodes/<type>.html (the config
 * node's first, as Node-RED loads them) in a sandbox with a minimal `RED` and
 * `$`, and answers the definitions they register. Enough to call `defaults`
 * validators and `label` functions; forms (`oneditprepare`) need the browser
 * test (test/e2e).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as vm from "node:vm";
import { PEPLINK_NODES } from "./examples";

export interface EditorDefault {
  value?: unknown;
  required?: boolean;
  type?: string;
  validate?: (this: Record<string, unknown>, value: unknown) => boolean;
}

export interface EditorDefinition {
  defaults: Record<string, EditorDefault>;
  credentials?: Record<string, unknown>;
  label?: (this: Record<string, unknown>) => string;
  [key: string]: unknown;
}

/** A jQuery stand-in: no element is on the page (validators then read the node's own values). */
function noElements(): unknown {
  const none: Record<string, unknown> = { length: 0 };
  for (const method of ["val", "text", "html", "data", "attr", "prop", "on", "hide", "show", "toggle", "find"]) none[method] = () => undefined;
  return none;
}

let loaded: { definitions: Map<string, EditorDefinition>; editor: Record<string, unknown> } | undefined;

function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const definitions = new Map<string, EditorDefinition>();
  const $ = Object.assign(() => noElements(), { getJSON: () => ({ done: () => ({ fail: () => undefined }) }), ajax: () => undefined });
  const sandbox: Record<string, unknown> = {
    RED: { nodes: { registerType: (type: string, def: EditorDefinition) => definitions.set(type, def), node: () => null } },
    $,
    jQuery: $,
    TextEncoder,
    console,
  };
  sandbox.window = sandbox;
  const context = vm.createContext(sandbox);
  const types = ["peplink-device", ...Object.keys(PEPLINK_NODES).filter((t) => t !== "peplink-device")];
  for (const type of types) {
    const html = readFileSync(join(__dirname, "..", "..", "nodes", `${type}.html`), "utf8");
    for (const [, code] of html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)) {
      vm.runInContext(code!, context, { filename: `nodes/${type}.html` });
    }
  }
  loaded = { definitions, editor: sandbox.PeplinkEditor as Record<string, unknown> };
  return loaded;
}

/** The definition nodes/<type>.html registers. */
export function editorDefinition(type: string): EditorDefinition {
  const def = load().definitions.get(type);
  if (!def) throw new Error(`nodes/${type}.html registers no ${type}`);
  return def;
}

/** `window.PeplinkEditor`, the helpers nodes/peplink-device.html shares with every form. */
export function peplinkEditor(): Record<string, unknown> {
  return load().editor;
}

/**
 * Whether the editor takes `value` for `property` of a node of `type` whose
 * other settings are the defaults (plus `node`): its `required` and `validate`.
 */
export function editorAccepts(type: string, property: string, value: unknown, node: Record<string, unknown> = {}): boolean {
  const def = editorDefinition(type);
  const spec = def.defaults[property];
  if (!spec) throw new Error(`${type} has no default ${property}`);
  const values: Record<string, unknown> = {};
  for (const [key, d] of Object.entries(def.defaults)) values[key] = d.value;
  Object.assign(values, node, { [property]: value });
  if (spec.required && (value === undefined || value === null || value === "")) return false;
  return spec.validate ? spec.validate.call(values, value) === true : true;
}
