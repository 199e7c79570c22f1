import http from "node:http";
import https from "node:https";
import zlib from "node:zlib";

/**
 * An unused connection is closed after this long, before the server closes it: a call sent on a
 * connection the server is closing at that moment fails.
 */
const IDLE_MS = 4_000;

/** Headers the connection itself sets (as `fetch` does): a caller's are dropped. */
const CONNECTION_HEADERS = new Set([
  "content-length",
  "host",
  "connection",
  "transfer-encoding",
  "keep-alive",
]);

/** The statuses `fetch` follows, or refuses under `redirect: "error"`. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** How a compressed answer is opened (the encodings `fetch` opens). */
const OPEN: Record<string, (content: Buffer) => Buffer> = {
  gzip: (content) => zlib.gunzipSync(content),
  "x-gzip": (content) => zlib.gunzipSync(content),
  deflate: (content) => zlib.inflateSync(content),
  br: (content) => zlib.brotliDecompressSync(content),
};

/**
 * The `fetch` the Slack Web API client calls with (`clientOptions.fetch`), for the calls it makes
 * with every message: a form-encoded POST whose answer is read whole. It goes through Node's
 * `http` with connections kept open, instead of the global `fetch`, whose Request, Response and
 * web streams cost the main thread more than a millisecond a call (README, "Benchmark"). Whatever
 * else it is asked (a body that is not text, such as a file upload's multipart body; a redirect to
 * follow) goes to `fallback`, the global `fetch`.
 *
 * It answers as `fetch` does for what the client reads: the status and its text, the headers (a
 * `Headers`), the URL, and the body as text, JSON or bytes, opened if it came compressed. A
 * redirect is refused (the client asks `redirect: "error"`), as is a network failure: a
 * `TypeError` whose `cause` says why. An aborted signal (the client's timeout) rejects with its
 * reason and drops the connection. Without a signal a call waits as long as the server takes: the
 * client always gives one (`timeout` in its options).
 */
export function webApiFetch(
  fallback: typeof fetch = globalThis.fetch,
  /** How long a connection is kept open unused (less if the server's Keep-Alive says so). */
  idleMs = IDLE_MS,
): typeof fetch {
  const agents = {
    "http:": new http.Agent({ keepAlive: true, timeout: idleMs }),
    "https:": new https.Agent({ keepAlive: true, timeout: idleMs }),
  };
  return (input, init) => {
    const url = typeof input === "string" ? input : undefined;
    const body = init?.body;
    const protocol = url?.startsWith("https:") ? "https:" : url?.startsWith("http:") ? "http:" : undefined;
    if (
      url === undefined ||
      protocol === undefined ||
      init?.method !== "POST" ||
      typeof body !== "string" ||
      init.redirect !== "error" ||
      !isPlainHeaders(init.headers)
    )
      return fallback(input, init);
    return post(url, agents[protocol], init.headers, body, init.signal ?? undefined);
  };
}

type PlainHeaders = Record<string, string>;

function isPlainHeaders(headers: unknown): headers is PlainHeaders | undefined {
  if (headers === undefined) return true;
  if (typeof headers !== "object" || headers === null || Array.isArray(headers)) return false;
  if (Object.getPrototypeOf(headers) !== Object.prototype) return false;
  return Object.values(headers).every((value) => typeof value === "string");
}

/** A failure as `fetch` gives it. */
const fetchFailed = (cause: unknown) => new TypeError("fetch failed", { cause });

function post(
  url: string,
  agent: http.Agent,
  given: PlainHeaders | undefined,
  body: string,
  signal: AbortSignal | undefined,
): Promise<Response> {
  return new Promise((answered, failed) => {
    if (signal?.aborted) {
      failed(signal.reason);
      return;
    }
    const payload = Buffer.from(body, "utf8");
    const headers: PlainHeaders = Object.create(null);
    for (const [name, value] of Object.entries(given ?? {}))
      if (!CONNECTION_HEADERS.has(name.toLowerCase())) headers[name] = value;
    headers["content-length"] = String(payload.length);
    const client = agent instanceof https.Agent ? https : http;
    const request = client.request(url, { method: "POST", agent, headers });
    const aborted = () => {
      request.destroy();
      failed(signal?.reason);
    };
    signal?.addEventListener("abort", aborted, { once: true });
    const done = () => signal?.removeEventListener("abort", aborted);
    request.on("error", (error) => {
      done();
      failed(fetchFailed(error));
    });
    request.on("response", (response) => {
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        // `redirect: "error"`: the call is not followed anywhere, and fails as `fetch` fails it.
        done();
        response.resume();
        failed(fetchFailed(new Error("unexpected redirect")));
        return;
      }
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", (error) => {
        done();
        failed(fetchFailed(error));
      });
      response.on("end", () => {
        done();
        try {
          answered(answerOf(url, response, Buffer.concat(chunks)));
        } catch (error) {
          failed(fetchFailed(error));
        }
      });
    });
    request.end(payload);
  });
}

/** The part of a `Response` the Web API client reads, over a body already read whole. */
function answerOf(url: string, response: http.IncomingMessage, received: Buffer): Response {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] ?? "", raw[i + 1] ?? "");
  const encoding = (headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  const open = encoding === "identity" ? (content: Buffer) => content : OPEN[encoding];
  if (open === undefined) throw new Error(`unknown content-encoding ${encoding.slice(0, 40)}`);
  const content = open(received);
  const status = response.statusCode ?? 0;
  const answer = {
    status,
    statusText: response.statusMessage ?? "",
    ok: status >= 200 && status < 300,
    headers,
    url,
    redirected: false,
    text: async () => content.toString("utf8"),
    json: async () => JSON.parse(content.toString("utf8")) as unknown,
    arrayBuffer: async () =>
      content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength) as ArrayBuffer,
  };
  return answer as unknown as Response;
}
