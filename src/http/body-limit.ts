import type { IncomingMessage } from "node:http";

/**
 * What a request declares about its body against `limit` bytes, read from its headers alone:
 * `too_large` when its Content-Length is above the limit (answered at once, the body unread),
 * `counted` when it comes chunked (its length is known only as it arrives), `fits` otherwise
 * (Node stops a body at its Content-Length: what follows is the next request).
 */
export function declaredBody(req: IncomingMessage, limit: number): "too_large" | "counted" | "fits" {
  const length = req.headers["content-length"];
  if (length !== undefined && Number(length) > limit) return "too_large";
  return req.headers["transfer-encoding"] === undefined ? "fits" : "counted";
}

/**
 * Cuts a chunked body off once more than `limit` bytes of it have arrived, whoever reads it and
 * however slowly: the bytes are counted as Node's HTTP parser hands them to the request stream
 * (`push`), before any reader sees them, and the connection is closed at the first byte past the
 * limit. A reader that is still waiting for the body gets the stream's abort, as for a client that
 * went away. Nothing is read here: a body nobody reads stays in the socket as before.
 */
export function cutOffPast(req: IncomingMessage, limit: number): void {
  let arrived = req.readableLength;
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (chunk !== null && chunk !== undefined) {
      arrived += (chunk as Buffer | string).length;
      if (arrived > limit) {
        req.destroy();
        return false;
      }
    }
    return push(chunk, encoding);
  };
}

/**
 * Reads a body whole into memory, at most `limit` bytes: undefined once more has come (the reading
 * stops there). For endpoints that must hold the bytes themselves (a signature over them).
 */
export async function readWhole(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
