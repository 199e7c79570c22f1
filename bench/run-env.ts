/**
 * The settings a bench run may name in its environment and passes on to the server it starts, to
 * compare (e.g. `FRONT_THREAD_PRECEDENCE=0 npm run bench`); the server's own defaults otherwise.
 */
const PASSED_ON = ["FRONT_THREAD_PRECEDENCE"] as const;

/** Those of PASSED_ON that this run's environment sets, as `loadConfig` takes them. */
export function runSettings(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const name of PASSED_ON) {
    const value = env[name];
    if (value !== undefined) settings[name] = value;
  }
  return settings;
}
