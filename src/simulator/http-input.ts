/**
 * Reading HTTP requests and writing plain answers: body with a size limit,
 * query and cookie parsing, JSON-or-form POST bodies.
 */
import type * as http from "node:http";
import type { Params } from "./validate";

const MAX_BODY = 1024 * 1024;

export class BodyTooLarge extends Error {}

export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit keep reading (and dropping) so the answer can still be sent on this connection.
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () => (size > MAX_BODY ? reject(new BodyTooLarge("request body too large")) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
    // A client that goes away mid-body may only emit "close"; settle the promise either way.
    req.on("close", () => {
      if (!req.complete) reject(new Error("request aborted"));
    });
  });
}

/** Query string to params; a repeated key joins its values with spaces, like a multi-value parameter. */
export function queryParams(search: URLSearchParams): Params {
  const out: Params = {};
  for (const [k, v] of search) {
    const prev = out[k];
    out[k] = typeof prev === "string" ? `${prev} ${v}` : v;
  }
  return out;
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * POST body: a JSON object, or form fields (login accepts both). A JSON text is
 * read as JSON whatever the content type, since `curl -d '{...}'` labels it as a form.
 */
export function parseBody(raw: Buffer, contentType: string | undefined): Params | undefined {
  const text = raw.toString("utf8");
  const trimmed = text.trim();
  if (/application\/x-www-form-urlencoded/i.test(contentType ?? "") && !trimmed.startsWith("{"))
    return queryParams(new URLSearchParams(text));
  if (trimmed === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Params) : undefined;
  } catch {
    return undefined;
  }
}

export function sendText(res: http.ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}
