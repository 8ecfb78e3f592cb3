/** `keys`: the JWKS (public) of the app's private key. */
import { deriveJwtKeyPair } from "../../core/auth-keys.js";
import { SetupError } from "../../core/errors.js";
import { FILES, locate } from "../../core/layout.js";
import { adapters, type Command, LOCATE_FLAGS, locateOptions } from "../context.js";

export const keys: Command = {
  name: "keys",
  flags: LOCATE_FLAGS.filter((f) => f.name === "working-directory"),
  async run(flags, { io }) {
    const layout = locate(locateOptions(flags), io.cwd);
    const pem = await adapters(io).files.read(layout.path("privateKey"));
    if (pem === undefined)
      throw new SetupError(
        `No ${FILES.privateKey} in ${layout.dir}.`,
        "Run `setup-coder-convex up` first: it generates one.",
      );
    io.out.write(`${deriveJwtKeyPair(pem, layout.path("privateKey")).jwks}\n`);
    return 0;
  },
};
