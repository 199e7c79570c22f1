import { defineConfig } from "vitest/config";

// Tests run in a zone that is neither UTC nor Rome (+05:45, no DST): any code that lets the
// process TZ decide a wall-clock time produces visibly wrong output here.
process.env.TZ = "Asia/Kathmandu";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    env: { TZ: "Asia/Kathmandu" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
