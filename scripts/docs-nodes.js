#!/usr/bin/env node
/**
 * Writes docs/nodes.md, the node reference, from the editor help of every node
 * (the text the editor's help sidebar shows), so that the two cannot drift.
 * `--check` only compares and exits 1 when docs/nodes.md is out of date (the
 * test suite runs it that way).
 *
 * The help is the English catalogue's help file, nodes/locales/en-US/<type>.html,
 * or, where a node has none, the data-help-name block of nodes/<type>.html.
 * The converter knows the HTML the help uses: h3, p, dl.message-properties,
 * ul/ol, table, pre, code, i/em, b/strong, a, br.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const OUT = path.join(root, "docs", "nodes.md");

// ------------------------------------------------------------------ HTML → tree

const VOID = new Set(["br", "hr", "img", "input", "wbr"]);
const ENTITIES = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
  nbsp: " ",
  hellip: "…",
  rarr: "→",
  larr: "←",
  harr: "↔",
  mdash: "—",
  ndash: "–",
  times: "×",
};

function decode(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === "#") return String.fromCodePoint(name[1].toLowerCase() === "x" ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** A tree of { tag, attrs, children } and strings, for well-formed help HTML. */
function parse(html) {
  const rootNode = { tag: "#root", attrs: {}, children: [] };
  const stack = [rootNode];
  const token = /<!--[\s\S]*?-->|<\/([a-z0-9]+)\s*>|<([a-z0-9]+)((?:\s+[a-z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>|([^<]+)/gi;
  for (const m of html.matchAll(token)) {
    const top = stack[stack.length - 1];
    if (m[4] !== undefined) top.children.push(decode(m[4]));
    else if (m[1]) {
      const tag = m[1].toLowerCase();
      const at = stack.map((n) => n.tag).lastIndexOf(tag);
      if (at > 0) stack.length = at;
      else throw new Error(`unexpected </${tag}>`);
    } else if (m[2]) {
      const tag = m[2].toLowerCase();
      const attrs = {};
      for (const a of (m[3] || "").matchAll(/([a-z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/gi))
        attrs[a[1].toLowerCase()] = decode(a[2] ?? a[3] ?? a[4] ?? "");
      const node = { tag, attrs, children: [] };
      top.children.push(node);
      if (!VOID.has(tag)) stack.push(node);
    }
  }
  return rootNode;
}

// ------------------------------------------------------------------ tree → Markdown

/** Inline content: one line of Markdown (whitespace collapsed). */
function inline(nodes) {
  let out = "";
  for (const n of nodes) {
    if (typeof n === "string") {
      out += n.replace(/\s+/g, " ");
      continue;
    }
    const inner = () => inline(n.children).trim();
    switch (n.tag) {
      case "code": {
        const text = textOf(n).replace(/\s+/g, " ");
        const fence = text.includes("`") ? "``" : "`";
        out += `${fence}${text}${fence}`;
        break;
      }
      case "i":
      case "em":
        out += inner() ? `*${inner()}*` : "";
        break;
      case "b":
      case "strong":
        out += inner() ? `**${inner()}**` : "";
        break;
      case "a":
        out += n.attrs.href ? `[${inner()}](${n.attrs.href})` : inner();
        break;
      case "br":
        out += "<br>";
        break;
      default:
        out += inline(n.children);
    }
  }
  return out;
}

function textOf(node) {
  return typeof node === "string" ? node : node.children.map(textOf).join("");
}

const BLOCK = new Set(["p", "h1", "h2", "h3", "h4", "dl", "ul", "ol", "table", "pre", "div"]);

/** Block content: Markdown paragraphs separated by blank lines. */
function blocks(nodes, depth = 3) {
  const out = [];
  let run = [];
  const flush = () => {
    const text = inline(run).trim();
    if (text) out.push(text);
    run = [];
  };
  for (const n of nodes) {
    if (typeof n === "string" || !BLOCK.has(n.tag)) {
      run.push(n);
      continue;
    }
    flush();
    switch (n.tag) {
      case "p":
      case "div":
        out.push(...blocks(n.children, depth));
        break;
      case "h1":
      case "h2":
      case "h3":
      case "h4":
        out.push(`${"#".repeat(depth)} ${inline(n.children).trim()}`);
        break;
      case "pre":
        out.push("```\n" + textOf(n).replace(/^\n|\n\s*$/g, "") + "\n```");
        break;
      case "ul":
      case "ol":
        out.push(list(n));
        break;
      case "dl":
        out.push(properties(n));
        break;
      case "table":
        out.push(table(n));
        break;
    }
  }
  flush();
  return out;
}

function list(node) {
  let i = 0;
  return node.children
    .filter((c) => typeof c !== "string" && c.tag === "li")
    .map((li) => {
      const marker = node.tag === "ol" ? `${++i}.` : "-";
      const [first = "", ...rest] = blocks(li.children);
      return [`${marker} ${first}`, ...rest.map((b) => b.replace(/^/gm, "  "))].join("\n\n");
    })
    .join("\n");
}

/** dl.message-properties: "- **name** (type, optional): description". */
function properties(node) {
  const rows = [];
  let current;
  for (const c of node.children) {
    if (typeof c === "string") continue;
    if (c.tag === "dt") {
      const type = c.children.find((x) => typeof x !== "string" && x.tag === "span" && /property-type/.test(x.attrs.class || ""));
      const name = inline(c.children.filter((x) => x !== type)).trim();
      const kind = [type ? textOf(type).trim() : "", /optional/.test(c.attrs.class || "") ? "optional" : ""].filter(Boolean).join(", ");
      current = { head: `**${name.replace(/\*\*/g, "")}**${kind ? ` (${kind})` : ""}`, body: [] };
      rows.push(current);
    } else if (c.tag === "dd" && current) {
      current.body.push(...blocks(c.children));
    }
  }
  return rows
    .map((r) => {
      const [first = "", ...rest] = r.body;
      return [`- ${r.head}${first ? `: ${first}` : ""}`, ...rest.map((b) => b.replace(/^/gm, "  "))].join("\n\n");
    })
    .join("\n");
}

function table(node) {
  const rows = [];
  const walk = (n) => {
    for (const c of n.children) {
      if (typeof c === "string") continue;
      if (c.tag === "tr")
        rows.push(
          c.children
            .filter((x) => typeof x !== "string" && (x.tag === "td" || x.tag === "th"))
            .map((x) => inline(x.children).trim().replace(/\|/g, "\\|")),
        );
      else walk(c);
    }
  };
  walk(node);
  if (!rows.length) return "";
  const width = Math.max(...rows.map((r) => r.length));
  const line = (r) => `| ${Array.from({ length: width }, (_, i) => r[i] ?? "").join(" | ")} |`;
  return [line(rows[0]), line(Array(width).fill("---")), ...rows.slice(1).map(line)].join("\n");
}

// ------------------------------------------------------------------ the page

/** The help HTML of a node type: the English catalogue's file, else the editor file's block. */
function helpOf(type) {
  const localized = path.join(root, "nodes", "locales", "en-US", `${type}.html`);
  const editor = path.join(root, "nodes", `${type}.html`);
  for (const file of [localized, editor]) {
    if (!fs.existsSync(file)) continue;
    const m = new RegExp(`<script type="text/(?:html|markdown)" data-help-name="${type}">([\\s\\S]*?)</script>`).exec(
      fs.readFileSync(file, "utf8"),
    );
    if (m) return m[1];
  }
  throw new Error(`no help found for ${type} (nodes/locales/en-US/${type}.html or nodes/${type}.html)`);
}

/** The palette label from the editor file ("peplink status"), else the type. */
function labelOf(type) {
  const file = path.join(root, "nodes", `${type}.html`);
  const m = /paletteLabel:\s*"([^"]+)"/.exec(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");
  return m ? m[1] : type;
}

/** The example flows that use a node type: [file, title of the flow's first comment]. */
function examplesOf(type) {
  const dir = path.join(root, "examples");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((file) => {
      const flow = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
      if (!flow.some((n) => n.type === type)) return [];
      const comment = flow.find((n) => n.type === "comment" && n.name);
      return [[file, comment ? comment.name.replace(/\s*\(read me\)$/, "") : ""]];
    });
}

function render() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const types = Object.keys(pkg["node-red"].nodes);
  // Flow nodes in palette order, the config node last.
  const ordered = [...types.filter((t) => t !== "peplink-device"), ...types.filter((t) => t === "peplink-device")];
  const anchor = (t) => t.replace(/[^a-z0-9-]/g, "");
  const parts = [
    "# Node reference",
    "",
    "<!-- Written by `node scripts/docs-nodes.js` from each node's editor help; edit the help, not this file. -->",
    "",
    "The same text as the help sidebar of the Node-RED editor, one section per node. How to connect a router, the message contract and troubleshooting are in the [README](../README.md).",
    "",
    ...ordered.map((t) => `- [${labelOf(t)}](#${anchor(t)}) (\`${t}\`)`),
    "",
  ];
  for (const type of ordered) {
    parts.push(`## ${type}`, "", `Palette: **${labelOf(type)}**.`, "", blocks(parse(helpOf(type)).children).join("\n\n"), "");
    // The config node is in every example; list examples for the flow nodes only.
    const examples = type === "peplink-device" ? [] : examplesOf(type);
    if (examples.length) {
      parts.push(
        "### Examples",
        "",
        "*Menu ▸ Import ▸ Examples ▸ node-red-contrib-peplink* (each runs against `npx peplink-simulator --https`):",
        "",
      );
      parts.push(...examples.map(([file, title]) => `- [\`${file}\`](../examples/${file})${title ? `: ${title}` : ""}`), "");
    }
  }
  return parts.join("\n");
}

const text = render();
if (process.argv.includes("--check")) {
  const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, "utf8") : "";
  if (current !== text) {
    console.error("docs/nodes.md is out of date with the editor help: run `node scripts/docs-nodes.js` and commit it");
    process.exit(1);
  }
} else {
  fs.writeFileSync(OUT, text);
  console.log(`wrote ${path.relative(root, OUT)} (${text.split("\n").length} lines)`);
}
