import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import { deriveTargetPlan } from "../../src/core/target-plan.js";
import { CONNECT_INPUTS, KUBERNETES_INPUTS } from "../helpers/target-inputs.js";

const plan = (inputs: Record<string, string>) => deriveTargetPlan(parseConfig(inputs, {}));
const k8s = KUBERNETES_INPUTS;
const connect = CONNECT_INPUTS;

describe("deriveTargetPlan", () => {
  it.each([
    [
      "compose",
      {},
      { compose: true, applies: false, portForward: false, hostApiUrl: "http://127.0.0.1:3210" },
    ],
    [
      "connect: the public URLs",
      connect,
      { connect: true, viaPublicUrls: true, portForward: false, hostApiUrl: "https://api.example.com" },
    ],
    [
      "kubernetes without an Ingress: port-forward",
      k8s,
      { applies: true, portForward: true, hostApiUrl: "http://127.0.0.1:3210", ingressHosts: undefined },
    ],
    [
      "kubernetes with an Ingress and TLS: the public https URLs",
      { ...k8s, "ingress-host": "{instance}.p.example.com", "ingress-tls-secret": "tls" },
      { portForward: false, viaPublicUrls: true, hostApiUrl: "https://pr-1.p.example.com" },
    ],
    [
      "kubernetes with an Ingress, no TLS: port-forward, never plain http for the keys",
      { ...k8s, "ingress-host": "{instance}.p.example.com", "api-port": "4000" },
      { portForward: true, viaPublicUrls: false, hostApiUrl: "http://127.0.0.1:4000" },
    ],
    [
      "render-only: nothing applied, nothing forwarded",
      { ...k8s, "render-only": "true", "ingress-host": "{instance}.p.example.com" },
      {
        renderOnly: true,
        applies: false,
        portForward: false,
        warnings: [expect.stringMatching(/the rendered Ingress serves plain http/)],
      },
    ],
  ])("%s", (_name, inputs, expected) => {
    expect(plan(inputs)).toMatchObject(expected);
  });

  it("warns once about a plain-http Ingress", () => {
    expect(plan({ ...k8s, "ingress-host": "{instance}.p.example.com" }).warnings).toEqual([
      expect.stringMatching(/^ingress-host without ingress-tls-secret: the public URLs are plain http/),
    ]);
    expect(
      plan({ ...k8s, "ingress-host": "{instance}.p.example.com", "ingress-tls-secret": "t" }).warnings,
    ).toEqual([]);
  });
});
