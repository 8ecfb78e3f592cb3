/**
 * The Kubernetes OpenAPI schema for the objects target kubernetes builds (kubernetes-models'
 * validators, a dev dependency). At compile time, each type of src/core/kubernetes-objects.ts is
 * assignable to kubernetes-models' interface of the same object.
 */
import { Deployment, type IDeployment } from "kubernetes-models/apps/v1/Deployment";
import { type IStatefulSet, StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { type IIngress, Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { type INetworkPolicy, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { type ISecret, Secret } from "kubernetes-models/v1/Secret";
import { type IService, Service } from "kubernetes-models/v1/Service";
import type { Manifest } from "../../src/core/kubernetes.js";
import type * as Objects from "../../src/core/kubernetes-objects.js";

/** Compile time: an object typed with our types is one of kubernetes-models' (tsc checks this). */
export const assignable = {
  secret: (o: Objects.Secret): ISecret => o,
  statefulSet: (o: Objects.StatefulSet): IStatefulSet => o,
  service: (o: Objects.Service): IService => o,
  deployment: (o: Objects.Deployment): IDeployment => o,
  ingress: (o: Objects.Ingress): IIngress => o,
  networkPolicy: (o: Objects.NetworkPolicy): INetworkPolicy => o,
};

/** Throws naming the object and the schema's complaint. */
export function validate(o: Manifest): void {
  const model = {
    Secret: () => new Secret(o as ISecret),
    StatefulSet: () => new StatefulSet(o as IStatefulSet),
    Service: () => new Service(o as IService),
    Deployment: () => new Deployment(o as IDeployment),
    Ingress: () => new Ingress(o as IIngress),
    NetworkPolicy: () => new NetworkPolicy(o as INetworkPolicy),
  }[o.kind];
  try {
    model().validate();
  } catch (error) {
    throw new Error(
      `The ${o.kind} ${o.metadata.name} does not match the Kubernetes schema: ${(error as Error).message}`,
    );
  }
}
