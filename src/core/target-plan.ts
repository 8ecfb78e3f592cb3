/**
 * Where the backend runs and how this host reaches it, decided once from the configuration:
 * compose starts containers here; connect talks to a backend that runs elsewhere; kubernetes
 * applies manifests (or only renders them) and reaches the backend through an Ingress with TLS or
 * through kubectl port-forward for the length of the run. Pure.
 */
import { deriveHostApiUrl } from "./client-env.js";
import type { CommonConfig, TargetOptions } from "./config.js";
import { deriveIngressHosts, type IngressHosts } from "./kubernetes.js";

export interface TargetPlan {
  /** compose: containers are pulled and started here. */
  compose: boolean;
  /** connect: the backend runs elsewhere, reached at its public URLs. */
  connect: boolean;
  /** kubernetes (applied, or only rendered). */
  kubernetes: boolean;
  /** kubernetes with render-only: the manifests are written, nothing is applied or deployed. */
  renderOnly: boolean;
  /** kubernetes, applied with kubectl. */
  applies: boolean;
  /** The Ingress's hosts (kubernetes with ingress-host). */
  ingressHosts: IngressHosts | undefined;
  /**
   * This host uses the public URLs itself: connect, or an Ingress with TLS. Admin traffic (the
   * admin key, JWT_PRIVATE_KEY, env-vars) never crosses the network in clear.
   */
  viaPublicUrls: boolean;
  /** kubernetes applied without https through an Ingress: kubectl port-forward during the run. */
  portForward: boolean;
  /** The API and the site proxy as this host reaches them. */
  hostApiUrl: string;
  hostSiteUrl: string;
  /** Said once, before anything runs. */
  warnings: string[];
}

export function deriveTargetPlan(
  config: Pick<CommonConfig, "publicUrls" | "ports" | "instanceName"> & TargetOptions,
): TargetPlan {
  const k8s = config.target === "kubernetes" ? config.kubernetes : undefined;
  const kubernetes = k8s !== undefined;
  const connect = config.target === "connect";
  const renderOnly = k8s?.renderOnly === true;
  const ingressHosts = k8s?.ingressHost
    ? deriveIngressHosts(k8s.ingressHost, config.instanceName)
    : undefined;
  const tls = k8s?.tlsSecret !== undefined;
  const viaPublicUrls = connect || (ingressHosts !== undefined && tls);
  const urls = config.publicUrls;
  const warnings: string[] = [];
  if (ingressHosts && !tls)
    warnings.push(
      renderOnly
        ? `ingress-host without ingress-tls-secret: the rendered Ingress serves plain http (${urls.apiUrl}); give ingress-tls-secret for https.`
        : `ingress-host without ingress-tls-secret: the public URLs are plain http (${urls.apiUrl}). This run reaches the backend through kubectl port-forward so that its keys never cross the network in clear; give ingress-tls-secret for https.`,
    );
  return {
    compose: config.target === "compose",
    connect,
    kubernetes,
    renderOnly,
    applies: kubernetes && !renderOnly,
    ingressHosts,
    viaPublicUrls,
    portForward: kubernetes && !renderOnly && !viaPublicUrls,
    hostApiUrl: viaPublicUrls ? urls.apiUrl : deriveHostApiUrl(config.ports.api),
    hostSiteUrl: viaPublicUrls ? urls.siteUrl : deriveHostApiUrl(config.ports.site),
    warnings,
  };
}
