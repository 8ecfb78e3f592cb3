/**
 * The manifests against the Kubernetes OpenAPI schema (kubernetes-models' validators, a dev
 * dependency: the tool builds these objects itself, so the check is the tests' job, not every
 * user's). At compile time, each type of src/core/kubernetes-objects.ts is assignable to
 * kubernetes-models' interface of the same object; at run time, every shape buildManifests makes
 * (each combination of the inputs that change the objects) passes the schema.
 */
import { describe, expect, it } from "vitest";
import { buildManifests, deriveIngressHosts, type ManifestInput } from "../../src/core/kubernetes.js";
import type { S3Storage } from "../../src/core/s3-storage.js";
import { assignable, validate } from "../helpers/kubernetes-schema.js";
import { manifestInput } from "../helpers/manifest-input.js";

const base: ManifestInput = manifestInput();

/** S3 storage with a session token: three more Secret keys, the S3 settings in the environment. */
const storage: S3Storage = {
  endpoint: "https://minio.example.com:9000",
  region: "us-east-1",
  regionSource: "s3-region",
  buckets: { exports: "e-1", files: "f-1", modules: "m-1", search: "s-1", snapshotImports: "i-1" },
  forcePathStyle: true,
  disableSse: true,
  disableChecksums: true,
  credentials: { accessKeyId: "id", secretAccessKey: "secret", sessionToken: "token", source: "inputs" },
  preflight: true,
};

/** Every combination of the inputs that change which objects and fields are made (S3 with the NetworkPolicy). */
function* shapes(): Generator<ManifestInput> {
  const hosts = deriveIngressHosts("{instance}.preview.example.com", "pr-42");
  const ingresses = [
    undefined,
    { hosts, className: "nginx", tlsSecret: "preview-tls" },
    { hosts, className: undefined, tlsSecret: undefined },
  ];
  for (const dashboard of [true, false])
    for (const postgresUrl of [undefined, "postgres://u:p@db.example:5432"])
      for (const doNotRequireSsl of [false, true])
        for (const jwtPrivateKeyPem of [
          undefined,
          "-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n",
        ])
          for (const ingress of ingresses)
            for (const owner of ["acme/shop", undefined])
              for (const volumeSize of ["1Gi", "500Mi"])
                for (const networkPolicy of [false, true])
                  yield {
                    ...base,
                    dashboard,
                    postgresUrl,
                    doNotRequireSsl,
                    jwtPrivateKeyPem,
                    ingress,
                    owner,
                    volumeSize,
                    networkPolicy,
                    storage: networkPolicy ? storage : undefined,
                  };
}

describe("the manifests against the Kubernetes schema", () => {
  it("each object type of kubernetes-objects.ts is kubernetes-models' (tsc checks `assignable`)", () => {
    expect(Object.keys(assignable)).toEqual([
      "secret",
      "statefulSet",
      "service",
      "deployment",
      "ingress",
      "networkPolicy",
    ]);
  });

  it("every object of every shape passes", () => {
    let objects = 0;
    const kinds = new Set<string>();
    for (const input of shapes())
      for (const o of buildManifests(input)) {
        validate(o);
        objects++;
        kinds.add(o.kind);
      }
    expect(objects).toBeGreaterThan(500);
    expect([...kinds].sort()).toEqual([
      "Deployment",
      "Ingress",
      "NetworkPolicy",
      "Secret",
      "Service",
      "StatefulSet",
    ]);
  });

  it("the check catches a broken object, naming it", () => {
    const [secret, sts] = buildManifests(base);
    const broken = structuredClone(sts!) as { spec: { replicas: unknown } };
    broken.spec.replicas = "one";
    expect(() => validate(broken as never)).toThrow(
      /StatefulSet convex-pr-42 does not match the Kubernetes schema: .*replicas/,
    );
    const unnamed = structuredClone(secret!) as { metadata: { name: unknown } };
    unnamed.metadata.name = 42;
    expect(() => validate(unnamed as never)).toThrow(/Secret 42 does not match the Kubernetes schema/);
    expect(() => validate(secret!)).not.toThrow();
  });
});
