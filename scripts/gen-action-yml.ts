// Writes action.yml from the inputs and outputs declared in src/core/inputs.ts (npx tsx scripts/gen-action-yml.ts).
import { writeFileSync } from "node:fs";
import { Document } from "yaml";
import { INPUTS, OUTPUTS } from "../src/core/inputs.js";

const inputs: Record<string, unknown> = {};
for (const i of INPUTS)
  inputs[i.name] = {
    description: i.description,
    required: false,
    ...("default" in i ? { default: i.default } : {}),
  };
const outputs: Record<string, unknown> = {};
for (const o of OUTPUTS) outputs[o.name] = { description: o.description };
const doc = new Document({
  name: "Setup Coder Convex",
  description:
    "Run, configure and deploy a self-hosted Convex backend (Docker) for the Convex app in this repository; knows Coder workspace URLs.",
  author: "setup-coder-convex",
  branding: { icon: "database", color: "orange" },
  inputs,
  outputs,
  runs: { using: "node24", main: "dist/index.js", post: "dist/index.js", "post-if": "always()" },
});
writeFileSync("action.yml", doc.toString({ lineWidth: 0 }));
