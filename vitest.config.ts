import { configDefaults, defineConfig } from "vitest/config";

// Test files inside fixture apps are the fixtures' own, not this project's tests.
const exclude = [...configDefaults.exclude, "__tests__/fixtures/**"];

// Two projects: `unit` (the pure core and the other in-process tests, seconds: `npm run test:unit`)
// and `integration` (processes, the bundle, a real PostgreSQL, Node 24). `npm test` runs both.
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
        },
      },
      {
        extends: true,
        test: { name: "integration", include: ["__tests__/integration/**/*.test.ts"], exclude },
      },
    ],
  },
});
