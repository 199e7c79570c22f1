import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServiceDeps } from "../core/deps.ts";
import { renderEventFile, renderFeed } from "../features/meetings/calendar/queries.ts";

export const FEED_PATH = /^\/calendar\/([^/]+)\.ics$/;
export const EVENT_FILE_PATH = /^\/calendar\/event\/([^/]+)\.ics$/;
/** Calendar clients poll; an hour keeps them reasonably fresh without hammering us. */
const FEED_MAX_AGE_SECONDS = 3600;

/** `GET /calendar/<token>.ics` with ETag / Last-Modified and 304 for unchanged feeds. */
export async function serveFeed(deps: ServiceDeps, token: string, req: IncomingMessage, res: ServerResponse) {
  const feed = await renderFeed(deps, token);
  if (feed === undefined) {
    // Same answer for malformed, unknown and revoked tokens: nothing to learn by probing.
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("Not found\n");
    return;
  }
  const headers = {
    etag: feed.etag,
    "last-modified": feed.lastModified.toUTCString(),
    "cache-control": `private, max-age=${FEED_MAX_AGE_SECONDS}`,
  };
  const ifNoneMatch = req.headers["if-none-match"];
  const ifModifiedSince = req.headers["if-modified-since"];
  const notModified =
    ifNoneMatch !== undefined
      ? ifNoneMatch.split(",").some((tag) => tag.trim() === feed.etag)
      : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= feed.lastModified.getTime();
  if (notModified) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, "content-type": "text/calendar; charset=utf-8" });
  res.end(req.method === "HEAD" ? undefined : feed.body);
}

/** `GET /calendar/event/<token>.ics`: one meeting, as "add to calendar" links open it. */
export async function serveEventFile(
  deps: ServiceDeps,
  token: string,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const file = await renderEventFile(deps, token);
  if (file === undefined) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("Not found\n");
    return;
  }
  res.writeHead(200, {
    "content-type": "text/calendar; charset=utf-8",
    "content-disposition": `attachment; filename="${file.filename}"`,
    "cache-control": "private, no-store",
  });
  res.end(req.method === "HEAD" ? undefined : file.body);
}
