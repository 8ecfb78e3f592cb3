/**
 * How an option is named to the person reading a message: the command line says `--no-verify`,
 * `--wait-timeout` and `--api-port`; the action (and the library, whose configuration takes the
 * action's input names) says `verify: false`, `wait-timeout` and `api-port`. The shell in use
 * sets the surface once, before anything runs; every hint that names an option goes through
 * `option()`, so that it reads in the words of the interface in use.
 */
export type Surface = "action" | "cli";

let surface: Surface = "action";

/** Set by the shell (the CLI's main) before anything runs; the default is the action's names. */
export function useSurface(next: Surface): void {
  surface = next;
}

export function currentSurface(): Surface {
  return surface;
}

/**
 * An input as the person sets it. `option("api-port")` is `--api-port` / `api-port`;
 * `option("verify", false)` is `--no-verify` / `verify: false`; `option("wait-timeout", "300")`
 * is `--wait-timeout 300` / `wait-timeout: 300`.
 */
export function option(name: string, value?: string | number | boolean): string {
  if (surface === "cli") {
    if (value === true) return `--${name}`;
    if (value === false) return `--no-${name}`;
    return value === undefined ? `--${name}` : `--${name} ${value}`;
  }
  return value === undefined ? name : `${name}: ${value}`;
}

/** Several inputs, each named as `option` names it, joined: `--api-port / --site-port`. */
export function options(...names: readonly string[]): string {
  return names.map((n) => option(n)).join(" / ");
}

/**
 * A problem's field as the person set it: an input (kebab-case, `api-port`) through `option`; an
 * environment variable (`DATABASE_URL`) or a file as it is.
 */
export function fieldName(field: string): string {
  return /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(field) ? option(field) : field;
}
