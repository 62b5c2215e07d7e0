/**
 * No import cycles in src/, counting type-only imports: a cycle makes the load
 * order matter (and types that cannot be read one file at a time). Imports are
 * read from the sources with a regular expression: every relative `import …
 * from "…"`, `export … from "…"` and `import("…")`.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const SRC = path.resolve(__dirname, "..", "..", "src");
const IMPORT = /(?:import|export)\s[^;]*?from\s*"(\.[^"]+)"|import\(\s*"(\.[^"]+)"\s*\)/g;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f));
}

export function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    const targets = [...text.matchAll(IMPORT)].map((m) => resolve(file, m[1] ?? m[2])).filter((t): t is string => !!t);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle found by a depth-first search, as a list of files (relative to src/). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(SRC, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe("source structure", function () {
  it("has no import cycles in src/, type-only imports included", function () {
    const files = sources(SRC);
    assert.ok(files.length > 50, `only ${files.length} sources found under ${SRC}`);
    const cycles = cyclesOf(importGraph(files));
    assert.deepEqual(
      cycles.map((c) => c.join(" → ")),
      [],
    );
  });

  it("finds a cycle when there is one (the check itself works)", function () {
    const a = path.join(SRC, "a.ts");
    const b = path.join(SRC, "b.ts");
    const graph = new Map([
      [a, [b]],
      [b, [a]],
    ]);
    assert.deepEqual(cyclesOf(graph), [["a.ts", "b.ts", "a.ts"]]);
  });
});
