/**
 * Texts come from the message catalogues (nodes/locales/<lang>/), as in
 * Node-RED's core nodes, and a language is added with files alone:
 *
 * - every key the code and the forms use is in the en-US catalogues, and every
 *   en-US key is used; the forms hold no words of their own;
 * - help lives in nodes/locales/<lang>/<type>.html, with Inputs, Outputs, Details;
 * - a pseudo-language "de", made at test time from en-US (each text wrapped in
 *   ‹…›) in a copy of the built package, is all a real Node-RED needs to show
 *   the nodes' statuses, the editor's catalogues and the help in it.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Simulator } from "../../dist/simulator";
import { startSimulator } from "../../dist/simulator";
import { PEPLINK_NODES } from "../helpers/examples";

const root = path.join(__dirname, "..", "..");
const LOCALES = path.join(root, "nodes", "locales");
const TYPES = Object.keys(PEPLINK_NODES);

type Catalogue = { [key: string]: string | Catalogue };

function readCatalogue(lang: string, type: string, dir = LOCALES): Catalogue {
  return JSON.parse(fs.readFileSync(path.join(dir, lang, `${type}.json`), "utf8")) as Catalogue;
}

/** "a.b.c" → text, for every text of a catalogue. */
function leaves(catalogue: Catalogue, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(full, value);
    else for (const [k, v] of leaves(value, full)) out.set(k, v);
  }
  return out;
}

/** Every key of the en-US catalogues: "common.…" from peplink-device.json, "<type>.…" from <type>.json. */
function englishKeys(): Map<string, string> {
  const keys = new Map<string, string>();
  for (const type of TYPES) {
    for (const [key, text] of leaves(readCatalogue("en-US", type))) {
      const first = key.split(".")[0];
      assert.ok(
        first === type || (type === "peplink-device" && first === "common"),
        `${type}.json: ${key} belongs to ${type} (or common, in peplink-device.json)`,
      );
      keys.set(key, text);
    }
  }
  return keys;
}

function filesUnder(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "locales" ? [] : filesUnder(full, ext);
    return ext.test(e.name) ? [full] : [];
  });
}

/** The places that use catalogue keys: runtime code, the shared editor script, the editor files. */
function sources(): Array<{ file: string; text: string }> {
  return [
    ...filesUnder(path.join(root, "src", "nodes"), /\.ts$/),
    ...filesUnder(path.join(root, "src", "editor"), /\.js$/),
    ...filesUnder(path.join(root, "nodes"), /\.html$/),
  ].map((file) => ({ file: path.relative(root, file), text: fs.readFileSync(file, "utf8") }));
}

/** Keys written in a text: "<common|type>.<group>.<name>…" (three parts or more; file names and permissions have two). */
function keysIn(text: string): string[] {
  const pattern = new RegExp(`(?<![\\w.-])((?:common|${TYPES.join("|")})(?:\\.[A-Za-z][\\w-]*){2,})`, "g");
  return [...text.matchAll(pattern)].map((m) => m[1].replace(/[.-]+$/, ""));
}

/** The pseudo-language: each text wrapped in ‹…›, its __placeholders__ kept. */
function pseudo(catalogue: Catalogue): Catalogue {
  const out: Catalogue = {};
  for (const [key, value] of Object.entries(catalogue)) out[key] = typeof value === "string" ? `‹${value}›` : pseudo(value);
  return out;
}

describe("message catalogues", function () {
  it("every key the code and the editor files use is in en-US, and every en-US key is used", () => {
    const known = englishKeys();
    const used = new Set<string>();
    for (const { file, text } of sources()) {
      for (const key of keysIn(text)) {
        used.add(key);
        assert.ok(known.has(key), `${file} uses ${key}, which nodes/locales/en-US does not have`);
      }
    }
    // The rules' texts are looked up by rule id ("common.rules." + rule); a spec keeps them equal to RULE_TEXT.
    const unused = [...known.keys()].filter((key) => !used.has(key) && !key.startsWith("common.rules."));
    assert.deepEqual(unused, [], "en-US keys that nothing uses");
  });

  it("an input error the editor words in its language says in en-US what the runtime says in English", () => {
    const known = englishKeys();
    let count = 0;
    for (const { file, text } of sources()) {
      // new WordedInputError(field, "English" [+ "more"], "key")
      for (const m of text.matchAll(/new WordedInputError\(\s*[^,]+,\s*((?:"[^"]*"\s*\+?\s*)+),\s*"([^"]+)"/g)) {
        const english = [...m[1].matchAll(/"([^"]*)"/g)].map((p) => p[1]).join("");
        assert.equal(known.get(m[2]), english, `${file}: ${m[2]} in en-US`);
        count++;
      }
    }
    assert.ok(count >= 6, `found the worded errors (${count})`);
  });

  it("the editor files hold no words of their own: every text in a form comes from a catalogue", () => {
    // Words that are the same in every language: protocol and option names, units.
    const SAME_IN_EVERY_LANGUAGE = new Set([
      "HTTPS",
      "HTTP",
      "GET",
      "POST",
      "SHA-256",
      "MCC",
      "MNC",
      "PCS",
      "SSID",
      "WEP",
      "802.1X",
      "PEAP",
      "TTLS",
      "MSCHAPV2",
      "MSCHAP",
      "CHAP",
      "PAP",
      "0",
      "1",
      "s",
    ]);
    for (const type of TYPES) {
      const html = fs.readFileSync(path.join(root, "nodes", `${type}.html`), "utf8");
      assert.ok(!/data-help-name/.test(html), `${type}.html: help lives in nodes/locales/<lang>/${type}.html`);
      const template = /<script type="text\/html" data-template-name="[^"]+">([\s\S]*?)<\/script>/.exec(html)![1];
      const words = template
        .replace(/<[^>]+>/g, "\n")
        .split("\n")
        .map((t) => t.replace(/&nbsp;/g, "").trim())
        .filter((t) => t && !SAME_IN_EVERY_LANGUAGE.has(t));
      assert.deepEqual(words, [], `${type}.html: words outside the catalogue`);
      // Placeholders and titles are texts too (technical examples excepted).
      for (const m of template.matchAll(/\b(placeholder|title)="([^"]*)"/g)) {
        assert.match(m[2], /^[-\d.:+,{}"\s[\]a-z]*$|^[\d.]+$/, `${type}.html: ${m[1]}="${m[2]}" is a text outside the catalogue`);
      }
    }
  });

  it("every node type has its help in en-US, with Inputs, Outputs and Details", () => {
    for (const type of TYPES) {
      const help = fs.readFileSync(path.join(LOCALES, "en-US", `${type}.html`), "utf8");
      assert.match(help, new RegExp(`^<script type="text/html" data-help-name="${type}">`), `${type}: a help script for the type`);
      for (const heading of ["Inputs", "Outputs", "Details"])
        assert.ok(help.includes(`<h3>${heading}</h3>`), `${type}: help has ${heading}`);
    }
  });

  it("every other language has the en-US keys it translates, no others, and the same placeholders", () => {
    const english = englishKeys();
    for (const lang of fs.readdirSync(LOCALES).filter((l) => l !== "en-US")) {
      for (const file of fs.readdirSync(path.join(LOCALES, lang)).filter((f) => f.endsWith(".json"))) {
        for (const [key, text] of leaves(readCatalogue(lang, file.replace(/\.json$/, "")))) {
          assert.ok(english.has(key), `${lang}/${file}: ${key} is not an en-US key`);
          const names = (t: string): string[] => [...t.matchAll(/__(\w+)__/g)].map((m) => m[1]).sort();
          assert.deepEqual(names(text), names(english.get(key)!), `${lang}/${file}: ${key} keeps the placeholders`);
        }
      }
    }
  });
});

describe("a new language needs only files (Node-RED with a pseudo-language)", function () {
  this.timeout(90_000);

  const runner = require(path.join(root, "scripts", "lib", "node-red-runner.js")) as {
    freePort(): Promise<number>;
    prepareUserDir(dir: string, settings: object, options: { packageDir: string }): void;
    startNodeRed(o: {
      userDir: string;
      port: number;
      quiet: boolean;
      env: Record<string, string>;
    }): Promise<{ url: string; output(): string; stop(): Promise<void> }>;
    deployFlows(url: string, flows: object[]): Promise<void>;
    request(url: string, o?: { headers?: Record<string, string> }): Promise<{ status: number; text: string }>;
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "peplink-i18n-"));
  let sim: Simulator;
  let red: Awaited<ReturnType<typeof runner.startNodeRed>> | undefined;

  before(async () => {
    // A copy of the built package as npm installs it, plus nodes/locales/de/ — and nothing else changed.
    const pkg = path.join(tmp, "package");
    fs.mkdirSync(pkg);
    for (const entry of ["package.json", "dist", "resources"])
      fs.cpSync(path.join(root, entry), path.join(pkg, entry), { recursive: true });
    const de = path.join(pkg, "dist", "nodes", "locales", "de");
    fs.mkdirSync(de);
    for (const type of TYPES) {
      fs.writeFileSync(path.join(de, `${type}.json`), JSON.stringify(pseudo(readCatalogue("en-US", type))));
      const help = fs.readFileSync(path.join(LOCALES, "en-US", `${type}.html`), "utf8");
      fs.writeFileSync(path.join(de, `${type}.html`), help.replace(/<h3>(\w+)<\/h3>/g, "<h3>‹$1›</h3>"));
    }
    sim = await startSimulator({ https: true });
    const userDir = path.join(tmp, "user");
    runner.prepareUserDir(userDir, { lang: "de" }, { packageDir: pkg });
    red = await runner.startNodeRed({ userDir, port: await runner.freePort(), quiet: true, env: { LC_ALL: "de_DE.UTF-8" } });
  });

  after(async () => {
    await red?.stop();
    await sim?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("shows the nodes' statuses in it: a node's own texts and the shared ones", async () => {
    const client = sim.control.createClient({ name: "i18n", scope: "api" });
    const z = "i18n-tab";
    // Every status is kept in flow context and served at GET /i18n-statuses.
    await runner.deployFlows(red!.url, [
      { id: z, type: "tab", label: "i18n" },
      {
        id: "dev",
        type: "peplink-device",
        name: "sim",
        host: "127.0.0.1",
        port: String(sim.port),
        protocol: "https",
        trust: "pin",
        fingerprint: sim.fingerprint,
        authMode: "client",
        scope: "",
        timeout: 10,
        maxConcurrent: 2,
        queueLimit: 1000,
        credentials: { clientId: client.clientId, clientSecret: client.clientSecret },
      },
      // First, so that they see the statuses the nodes set as they start.
      { id: "watch", type: "status", z, scope: null, wires: [["keep"]] },
      {
        id: "keep",
        type: "function",
        z,
        func: "const all = flow.get('statuses') || {};\nall[msg.status.source.id] = msg.status.text;\nflow.set('statuses', all);\nreturn null;",
        outputs: 1,
        wires: [[]],
      },
      {
        id: "go",
        type: "inject",
        z,
        props: [{ p: "payload" }],
        payload: "",
        payloadType: "date",
        once: true,
        onceDelay: 0.2,
        repeat: "",
        wires: [["ap", "lonely"]],
      },
      { id: "ap", type: "peplink-ap", z, device: "dev", action: "read", topic: "", wires: [[]] },
      // A router that is not there (a free port nothing listens on).
      {
        id: "dev2",
        type: "peplink-device",
        name: "gone",
        host: "127.0.0.1",
        port: String(await runner.freePort()),
        protocol: "https",
        trust: "insecure",
        fingerprint: "",
        authMode: "client",
        scope: "",
        timeout: 5,
        maxConcurrent: 2,
        queueLimit: 1000,
        credentials: { clientId: "x", clientSecret: "y" },
      },
      { id: "lonely", type: "peplink-ap", z, device: "dev2", action: "read", topic: "", wires: [[]] },
      { id: "ask", type: "http in", z, url: "/i18n-statuses", method: "get", wires: [["answer"]] },
      { id: "answer", type: "function", z, func: "msg.payload = flow.get('statuses') || {};\nreturn msg;", outputs: 1, wires: [["reply"]] },
      { id: "reply", type: "http response", z, wires: [] },
    ]);
    let statuses: Record<string, string> = {};
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const answer = await runner.request(`${red!.url}/i18n-statuses`);
      // 404 until the deployed flow has started its http in node.
      if (answer.status === 200) statuses = JSON.parse(answer.text) as Record<string, string>;
      if (/AP (on|off)/.test(statuses.ap ?? "") && /unreachable/.test(statuses.lonely ?? "")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(
      statuses.ap ?? "",
      /^‹AP (on|off)›$/,
      `peplink-ap's own status text, from de/peplink-ap.json (statuses: ${JSON.stringify(statuses)})`,
    );
    // The device's connection problem, a text every node shares (the "common" part of de/peplink-device.json).
    assert.equal(
      statuses.lonely,
      "‹unreachable›",
      `a shared status text with a value put in (${JSON.stringify(statuses)})\n${red!.output().slice(-3000)}`,
    );
  });

  it("serves the editor its catalogues and the help in it", async () => {
    const messages = await runner.request(`${red!.url}/nodes/messages?lng=de`, { headers: { accept: "application/json" } });
    const all = JSON.parse(messages.text) as Record<string, Catalogue>;
    const ap = all["node-red-contrib-peplink/peplink-ap"] as { "peplink-ap": { label: { action: string } } };
    assert.equal(ap["peplink-ap"].label.action, "‹Action›");
    const device = all["node-red-contrib-peplink/peplink-device"] as { common: { label: { device: string } } };
    assert.equal(device.common.label.device, "‹Device›");

    const editor = await runner.request(`${red!.url}/nodes`, { headers: { accept: "text/html", "accept-language": "de" } });
    assert.match(editor.text, /data-help-name="peplink-wifi">[\s\S]*?<h3>‹Inputs›<\/h3>/, "the help of the language");
    assert.match(editor.text, /<script src="resources\/node-red-contrib-peplink\/peplink-editor\.js"><\/script>/);
    const script = await runner.request(`${red!.url}/resources/node-red-contrib-peplink/peplink-editor.js`);
    assert.equal(script.status, 200, "the shared editor script is served from the package's resources/ folder");
    assert.match(script.text, /window\.PeplinkEditor = \{/);
  });
});
