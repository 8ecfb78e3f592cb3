import { configDefaults, defineConfig } from "vitest/config";

// Test files inside fixture apps are the fixtures' own, not this project's tests.
const exclude = [...configDefaults.exclude, "__tests__/fixtures/**"];

// Two projects: `unit` (the pure core and the other in-process tests: `npm run test:unit`) and
// `integration` (processes, the bundle, a real PostgreSQL, Node 24: `npm run test:integration`).
// `npm test` runs both.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests start servers on free ports and child processes; two cores here.
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["__tests__/**/*.test.ts"],
          exclude: [...exclude, "__tests__/integration/**"],
          // The unit tests share each worker's modules instead of loading them again per file (60%
          // of the project's CPU time was loading modules): they mock no module, change no global
          // and keep no state in a module but the pool of RSA keys (helpers/jwt-key-pool.ts).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["__tests__/integration/**/*.test.ts"],
          exclude,
          // A flow of several processes (a CLI session, an action run and its rerun) took over 60 s
          // with two busy loops and other suites on the two cores; the time a test may take checks
          // nothing, each wait inside it is for its condition.
          testTimeout: 180_000,
        },
      },
    ],
  },
});
