/**
 * A throwaway PostgreSQL cluster for tests and benches: made in a temporary folder from Debian's
 * `postgresql` binaries, listening on loopback only, with durability off (fsync, synchronous
 * commit: nothing in it outlives the run), removed when stopped. Run as root (CI), the server runs
 * as the `postgres` user, which the Debian package creates (PostgreSQL refuses to run as root).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface Cluster {
  /** Superuser URL of the cluster's `postgres` database, over TCP on 127.0.0.1. */
  url: string;
  stop(): void;
}

/** Where Debian puts each major version's server binaries. */
const DEBIAN_ROOT = "/usr/lib/postgresql";

/** The folder with `initdb` and `pg_ctl`, newest version first; undefined when PostgreSQL is not installed. */
export function postgresBinaries(): string | undefined {
  if (!existsSync(DEBIAN_ROOT)) return undefined;
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(DEBIAN_ROOT, version, "bin");
    if (existsSync(join(bin, "initdb")) && existsSync(join(bin, "pg_ctl"))) return bin;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? done(address.port) : fail(new Error("no port")),
      );
    });
  });
}

/** Starts a new cluster; throws with the server's own words when it cannot. */
export async function startCluster(): Promise<Cluster> {
  const bin = postgresBinaries();
  if (bin === undefined)
    throw new Error(`PostgreSQL is not installed (no ${DEBIAN_ROOT}/<version>/bin/initdb)`);
  const root = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), "equipe-pg-"));
  const data = join(dir, "data");
  if (root) {
    const ids = execFileSync("id", ["-u", "postgres"]).toString().trim();
    const gid = execFileSync("id", ["-g", "postgres"]).toString().trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  chmodSync(dir, 0o700);
  // As the postgres user when we are root; as ourselves otherwise.
  const run = (tool: string, args: string[]) =>
    root
      ? execFileSync("runuser", ["-u", "postgres", "--", join(bin, tool), ...args], { stdio: "pipe" })
      : execFileSync(join(bin, tool), args, { stdio: "pipe" });
  const port = await freePort();
  try {
    run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses=127.0.0.1",
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
      "-c max_connections=400",
    ].join(" ");
    run("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const output = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`could not start a PostgreSQL cluster: ${output}`);
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Runs one statement on a server (a superuser URL): the benches make and drop their databases. */
export async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
