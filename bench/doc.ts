/** docs/benchmarks.md, as `npm run bench -- --write` writes it: the text around the tables is here. */
import { type Machine, markdownSection, type Section } from "./lib.js";

export function renderDoc(machine: Machine, loadAfter: string, bundle: string, sections: Section[]): string {
  return `# Benchmarks

<!-- Written by \`npm run bench -- --write\` (bench/doc.ts): edit there, not here. -->

What the action costs on top of what cannot be avoided (pulling the images, booting the backend,
\`convex deploy\`), and where it goes. Every number below was measured side by side in one run of
\`npm run bench\` on the machine described here; none is asserted in a test (machines differ, and
ratios are what carry over). \`npm run bench\` prints the same tables;
\`npm run bench -- --write\` also rewrites this file. \`--only overhead,overlap,readiness,startup,env\`
runs some of them, \`--rounds N\` changes the number of rounds, \`--dist\` measures the committed
\`dist/\` instead of a fresh build of \`src/\`.

## How they are taken

- **The action** runs as the runner runs it: \`node index.js\` of the ncc bundle with \`INPUT_*\`
  and the runner's command files, in a throwaway sandbox (\`__tests__/helpers/sandbox.ts\`).
  Unless \`--dist\` is given the bundle is built from \`src/\` as it is now.
- **The doubles** stand in for Docker, the backend and the convex CLI
  (\`__tests__/doubles/README.md\`). Each is a Node process; their start is not the action's time.
  The benchmark wraps \`docker\` and \`convex\` in a bash script that records when each call
  starts and ends (\`$EPOCHREALTIME\`, no extra process); the stand-in logs when it listens.
- **Phases** are the action's own log groups (the ones of its job summary), timed by the arrival
  of their \`::group::\` and \`::endgroup::\` lines. A phase's **own** time is its wall time minus the
  part covered by a double the action waits for.
- Each benchmark has a warm-up and several rounds and shows the **median (smallest–largest)**.
  The machine is shared: read the load average below before comparing two runs of this file.

| goal | where |
|---|---|
| the action's own overhead ≤ 1.0 s, per phase, the doubles apart | 1, 1b |
| the pull hidden behind everything before \`compose up\` | 2 |
| readiness noticed within 50 ms (median), against the previous and the original poll | 3 |
| \`index.js\` prints its first output within 150 ms; the bundle's size | 4 |
| 4 managed + 10 user deployment variables: one request ≥ 200x faster than 14 \`convex env set\` | 5 |

## The machine of this run

| | |
|---|---|
| CPU | ${machine.cpu}, ${machine.cores} cores |
| memory | ${machine.memory} |
| OS | ${machine.os} |
| Node | ${machine.node} |
| load average (1/5/15 min) | ${machine.load} at the start, ${loadAfter} at the end |
| date | ${machine.date} |
| bundle | ${bundle} |

## Results

${sections.map(markdownSection).join("\n\n")}

## Real-world numbers: the e2e workflow

Every run of \`.github/workflows/e2e.yml\` on GitHub's runners ends with the job **Real-world
timings**, which reads the logs of the jobs before it and writes one table to its job summary (the
run's summary page shows it under the others): one row per \`uses: ./\` step, with the real images,
the real backend and the real \`convex deploy\`. Each job's own summary also holds the action's table
of all its phases. How to read the columns:

| column | what it is | whose time |
|---|---|---|
| pull | the pull, from the action starting it to the images being there (\`cache-images\`: the restore and \`docker load\`), and in brackets the part of it hidden behind the preparation | the registry's (unavoidable); only the unhidden part delays the run |
| start | \`docker compose up\` (the phase *Start containers* without its wait for the pull) | Docker's |
| healthy | from \`compose up\` returning to the first answer of \`GET /version\` (*Wait for the backend*) | the backend's boot, plus at most ~25 ms of polling |
| keys | the instance secret, the admin key and the RSA key pair of @convex-dev/auth (*Keys*) | the action's (RSA generation dominates) |
| env | the deployment variables in one request, and the frontends' \`.env.local\` (*Deployment environment*) | the action's |
| deploy | \`convex deploy\` with the project's own CLI (*Deploy functions*) | the convex CLI's (unavoidable) |
| verify | the checks after the deploy (*Verify*), when the action has that phase | the action's |
| main step | from the first phase's start to the last one's end | — |

The action's own overhead on a runner is the main step minus pull (unhidden part), start, healthy
and deploy; compare it with table 1 here, and the pull's hidden part with table 2. A large
*healthy* is the backend's boot (Postgres migrations, a cold runner), not polling; a large
*keys* is RSA prime search on a slow core.
`;
}
