import { createSign, generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Stands in for the Bot Framework's OpenID metadata and signing keys, so that tests sign the
 * channel's tokens themselves and the real botbuilder validation checks them offline.
 */
export class BotAuthority {
  private readonly keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  readonly kid = randomUUID();
  private server: Server | undefined;
  url = "";

  async start(): Promise<string> {
    const jwk = this.keys.publicKey.export({ format: "jwk" });
    this.server = createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url === "/keys") {
        res.end(
          JSON.stringify({
            keys: [{ kty: "RSA", use: "sig", kid: this.kid, n: jwk.n, e: jwk.e, endorsements: ["msteams"] }],
          }),
        );
      } else {
        res.end(JSON.stringify({ issuer: "https://api.botframework.com", jwks_uri: `${this.url}/keys` }));
      }
    });
    await new Promise<void>((ready) => this.server?.listen(0, "127.0.0.1", ready));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return `${this.url}/openidconfiguration`;
  }

  /**
   * Starts, and gives what a server authenticated as `appId` is started with: its settings, and the
   * Bot Framework's authentication pointed here.
   */
  async startFor(appId: string): Promise<{ env: Record<string, string>; overrides: Record<string, string> }> {
    const metadata = await this.start();
    return {
      env: { MicrosoftAppId: appId, MicrosoftAppPassword: "not-used-offline" },
      overrides: {
        ToBotFromChannelOpenIdMetadataUrl: metadata,
        // Overriding one endpoint makes botbuilder read the others from configuration too.
        ToBotFromChannelTokenIssuer: "https://api.botframework.com",
      },
    };
  }

  async close(): Promise<void> {
    await new Promise<void>((done) => this.server?.close(() => done()));
  }

  /** A channel token as the Bot Connector sends it; `key: "other"` signs with a stranger's key. */
  token(claims: { appId: string; serviceUrl: string }, options: { key?: "ours" | "other" } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: "RS256", typ: "JWT", kid: this.kid };
    const payload = {
      iss: "https://api.botframework.com",
      aud: claims.appId,
      serviceurl: claims.serviceUrl,
      nbf: now - 60,
      exp: now + 3600,
    };
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const signingInput = `${encode(header)}.${encode(payload)}`;
    const key =
      options.key === "other"
        ? generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey
        : this.keys.privateKey;
    const signature = createSign("RSA-SHA256").update(signingInput).sign(key).toString("base64url");
    return `${signingInput}.${signature}`;
  }
}
