/** The package manager of the workspace root, and what decided it. */
import { detectPackageManager, LOCKFILES, type PackageManager } from "../project.js";
import type { PackageJson } from "./package-json.js";

export interface PackageManagerFacts {
  name: PackageManager;
  /** What decided it: `packageManager: <value>` and/or the lockfile names; empty for the default. */
  evidence: string[];
  /** Lockfiles of another package manager also present at the workspace root. */
  otherLockfiles: string[];
}

/**
 * The package manager of the workspace root: its `packageManager` field first, then its lockfiles,
 * else npm (`detectPackageManager` of core/project.ts). `lockfiles`: the names present there.
 */
export function packageManagerOf(
  rootPkg: PackageJson | undefined,
  lockfiles: ReadonlySet<string>,
): PackageManagerFacts {
  const field = typeof rootPkg?.packageManager === "string" ? rootPkg.packageManager : undefined;
  const name = detectPackageManager(lockfiles, field);
  const evidence: string[] = [];
  if (field?.startsWith(`${name}@`)) evidence.push(`packageManager: ${field}`);
  const present = LOCKFILES.filter(([file]) => lockfiles.has(file));
  evidence.push(...present.filter(([, pm]) => pm === name).map(([file]) => file));
  return { name, evidence, otherLockfiles: present.filter(([, pm]) => pm !== name).map(([file]) => file) };
}
