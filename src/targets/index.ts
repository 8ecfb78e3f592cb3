/**
 * The one place a target is picked: from the configuration for a run (setup, `down`, `doctor`),
 * from where an earlier run left its instance (`status`, `logs`), or from the state a run
 * recorded (the post step). A new target is one file implementing `Target` (and finding its
 * instances again) and one line in TARGETS.
 */
import type { Kubectl } from "../adapters/kubectl.js";
import type { Logger } from "../adapters/runtime.js";
import type { Config } from "../core/config.js";
import { type InstanceRef, isKubernetesInstance, type Layout } from "../core/layout.js";
import { requireKubectl } from "../phases/kubernetes.js";
import {
  backendImages,
  composeInstance,
  createComposeTarget,
  findComposeInstance,
  listComposePreviews,
  reachComposeConfig,
} from "./compose.js";
import { createConnectTarget, findConnectInstance } from "./connect.js";
import {
  createKubernetesTarget,
  findKubernetesInstance,
  kubernetesInstance,
  listKubernetesPreviews,
} from "./kubernetes.js";
import type {
  FindDeps,
  Instance,
  InstanceQuery,
  ReachDeps,
  Target,
  TargetDeps,
  TargetKind,
  TargetModule,
} from "./types.js";

export type TargetFactory = TargetModule["create"];

export const TARGETS: { readonly [K in TargetKind]: TargetModule<K> } = {
  compose: {
    create: createComposeTarget,
    find: findComposeInstance,
    list: listComposePreviews,
    locatedBy: ["working-directory", "project-name"],
    reachConfig: reachComposeConfig,
  },
  connect: { create: createConnectTarget, find: findConnectInstance, locatedBy: [] },
  kubernetes: {
    create: createKubernetesTarget,
    find: findKubernetesInstance,
    list: listKubernetesPreviews,
    locatedBy: ["namespace", "instance-name"],
  },
};

/** The target the configuration names; `modules` lets a test add one. */
export function createTarget(
  config: Config,
  deps: TargetDeps,
  layout: Layout,
  modules: Readonly<Record<string, TargetModule>> = TARGETS,
): Target {
  const module = modules[config.target];
  if (!module) throw new Error(`No target named ${config.target}.`);
  return module.create(config, deps, layout);
}

/**
 * The backend image a run starts (compose, kubernetes); undefined with connect: that backend runs
 * elsewhere and its release is not known here.
 */
export function startedImage(config: Config, target: Pick<Target, "kind">): string | undefined {
  return target.kind === "connect" ? undefined : backendImages(config).backend;
}

/** The instance an earlier `up` left for this target where `query` points (`status`, `logs`). */
export function findInstance(
  kind: TargetKind,
  query: InstanceQuery,
  deps: FindDeps,
  modules: Readonly<Record<string, TargetModule>> = TARGETS,
): Promise<Instance> {
  const module = modules[kind];
  if (!module) throw new Error(`No target named ${kind}.`);
  return module.find(query, deps);
}

/** backup and restore: the configuration as the running instance has it (see TargetModule.reachConfig). */
export function reachConfig(
  config: Config,
  deps: ReachDeps,
  modules: Readonly<Record<string, TargetModule>> = TARGETS,
): Promise<Config> {
  return modules[config.target]?.reachConfig?.(config, deps) ?? Promise.resolve(config);
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
  BackendView,
  FindDeps,
  ImageSwitch,
  Instance,
  InstanceQuery,
  InstanceReport,
  Prepared,
  PreviewInstance,
  PreviewList,
  RemoveOptions,
  Target,
  TargetDeps,
  TargetKind,
  TargetModule,
  TargetRun,
} from "./types.js";
