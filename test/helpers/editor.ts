/**
 * The editor side of the node types without a browser: runs the built
 * resources/peplink-editor.js (as Node-RED does before a node file's own
 * scripts), then the `<script type="text/javascript">` of every
 * nodes/<type>.html in a sandbox with a minimal `RED` — whose `_` reads the
 * en-US catalogues of nodes/locales/ as Node-RED's would — and `$`, and
 * answers the definitions they register. Enough to call `defaults`
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
  /** True, false, or (Node-RED 3.1+ validators) the reason as text. */
  validate?: (this: Record<string, unknown>, value: unknown, opt?: object) => boolean | string;
}

export interface EditorDefinition {
  defaults: Record<string, EditorDefault>;
  credentials?: Record<string, unknown>;
  label?: (this: Record<string, unknown>) => string;
  [key: string]: unknown;
}

const root = join(__dirname, "..", "..");
const PACKAGE = "node-red-contrib-peplink";

/** A jQuery stand-in: no element is on the page (validators then read the node's own values). */
function noElements(): unknown {
  const none: Record<string, unknown> = { length: 0 };
  for (const method of ["val", "text", "html", "data", "attr", "prop", "on", "hide", "show", "toggle", "find", "each"])
    none[method] = () => undefined;
  return none;
}

/** The en-US catalogue of a node type (nodes/locales/en-US/<type>.json). */
export function catalogue(type: string, lang = "en-US"): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, "nodes", "locales", lang, `${type}.json`), "utf8")) as Record<string, unknown>;
}

/** RED._ as Node-RED's i18next does it: "<namespace>:<key>", values put in for __name__; the key itself when unknown. */
function translate(key: string, values?: Record<string, unknown>): string {
  const colon = key.indexOf(":");
  const namespace = colon >= 0 ? key.slice(0, colon) : "";
  const type = namespace.startsWith(`${PACKAGE}/`) ? namespace.slice(PACKAGE.length + 1) : "";
  if (!type) return key;
  let found: unknown = catalogue(type);
  for (const part of key.slice(colon + 1).split("."))
    found = found && typeof found === "object" ? (found as Record<string, unknown>)[part] : undefined;
  if (typeof found !== "string") return key;
  return found.replace(/__(\w+)__/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
}

let loaded: { definitions: Map<string, EditorDefinition>; editor: Record<string, unknown> } | undefined;

function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const definitions = new Map<string, EditorDefinition>();
  const $ = Object.assign(() => noElements(), { getJSON: () => ({ done: () => ({ fail: () => undefined }) }), ajax: () => undefined });
  const sandbox: Record<string, unknown> = {
    RED: {
      _: translate,
      events: { on: () => undefined },
      nodes: {
        // As Node-RED does: a definition's `_` reads its own node file's catalogue.
        registerType: (type: string, def: EditorDefinition) => {
          def._ = (key: string, values?: Record<string, unknown>) =>
            translate(key.includes(":") ? key : `${PACKAGE}/${type}:${key}`, values);
          definitions.set(type, def);
        },
        node: () => null,
        getType: (type: string) => definitions.get(type),
      },
    },
    $,
    jQuery: $,
    TextEncoder,
    console,
  };
  sandbox.window = sandbox;
  const context = vm.createContext(sandbox);
  vm.runInContext(readFileSync(join(root, "resources", "peplink-editor.js"), "utf8"), context, { filename: "resources/peplink-editor.js" });
  for (const type of Object.keys(PEPLINK_NODES)) {
    const html = readFileSync(join(root, "nodes", `${type}.html`), "utf8");
    for (const [, code] of html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)) {
      vm.runInContext(code, context, { filename: `nodes/${type}.html` });
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

/** `window.PeplinkEditor`, the helpers resources/peplink-editor.js shares with every form. */
export function peplinkEditor(): Record<string, unknown> {
  return load().editor;
}

/**
 * Whether the editor takes `value` for `property` of a node of `type` whose
 * other settings are the defaults (plus `node`): its `required` and `validate`.
 */
export function editorAccepts(type: string, property: string, value: unknown, node: Record<string, unknown> = {}): boolean {
  return editorVerdict(type, property, value, node) === true;
}

/**
 * What the editor says of `value`: true, false, or the reason it shows beside
 * the field (Node-RED 3.1+ validators answer text, in the editor's language).
 */
export function editorVerdict(type: string, property: string, value: unknown, node: Record<string, unknown> = {}): boolean | string {
  const def = editorDefinition(type);
  const spec = def.defaults[property];
  if (!spec) throw new Error(`${type} has no default ${property}`);
  const values: Record<string, unknown> = {};
  for (const [key, d] of Object.entries(def.defaults)) values[key] = d.value;
  Object.assign(values, node, { [property]: value });
  if (spec.required && (value === undefined || value === null || value === "")) return false;
  if (!spec.validate) return true;
  const verdict = spec.validate.call(values, value, {});
  // Node-RED reads text as "invalid, because…" only from validators that take two arguments.
  if (typeof verdict === "string" && spec.validate.length !== 2)
    throw new Error(`${type}.${property}: a validator that answers text must take (value, opt)`);
  return verdict;
}
