/**
 * The one place a target is picked: from the configuration for a run (setup, `down`, `doctor`),
 * or from the state a run recorded (the post step). A new target is one file implementing
 * `Target` and one line in TARGETS.
 */
import type { Kubectl } from "../adapters/kubectl.js";
import type { Logger } from "../adapters/runtime.js";
import type { Config } from "../core/config.js";
import { type InstanceRef, isKubernetesInstance, type Layout } from "../core/layout.js";
import { requireKubectl } from "../phases/kubernetes.js";
import { composeInstance, createComposeTarget } from "./compose.js";
import { createConnectTarget } from "./connect.js";
import { createKubernetesTarget, kubernetesInstance } from "./kubernetes.js";
import type { Instance, Target, TargetDeps, TargetKind } from "./types.js";

export type TargetFactory = (config: Config, deps: TargetDeps, layout: Layout) => Target;

export const TARGETS: Record<TargetKind, TargetFactory> = {
  compose: createComposeTarget,
  connect: createConnectTarget,
  kubernetes: createKubernetesTarget,
};

/** The target the configuration names; `factories` lets a test add one. */
export function createTarget(
  config: Config,
  deps: TargetDeps,
  layout: Layout,
  factories: Readonly<Record<string, TargetFactory>> = TARGETS,
): Target {
  const factory = factories[config.target];
  if (!factory) throw new Error(`No target named ${config.target}.`);
  return factory(config, deps, layout);
}

/** An instance a run recorded (the post step's state), found again. */
export function openInstance(
  ref: InstanceRef,
  deps: { docker: TargetDeps["docker"]; kubectl?: Kubectl | undefined; logger: Logger },
): Instance {
  return isKubernetesInstance(ref)
    ? kubernetesInstance(ref, requireKubectl(deps.kubectl), deps.logger)
    : composeInstance(ref, deps);
}

export type {
  Instance,
  Prepared,
  RemoveOptions,
  Target,
  TargetDeps,
  TargetKind,
  TargetRun,
} from "./types.js";
