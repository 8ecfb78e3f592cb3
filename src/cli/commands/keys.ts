/** `keys`: the JWKS (public) of the app's private key. */

import { createGit } from "../../adapters/git.js";
import { deriveJwtKeyPair } from "../../core/auth-keys.js";
import { SetupError } from "../../core/errors.js";
import { FILES, locate } from "../../core/layout.js";
import { openRepository } from "../../phases/repository.js";
import { adapters, type Command, LOCATE_FLAGS, locateOptions } from "../context.js";

export const keys: Command = {
  name: "keys",
  flags: LOCATE_FLAGS.filter((f) => f.name === "working-directory"),
  async run(flags, { io }) {
    const layout = locate(locateOptions(flags), io.cwd);
    // Read inside the repository only: a link out of the clone is refused.
    const { files } = await openRepository(layout.dir, {
      files: adapters(io).files,
      git: createGit(adapters(io).runner),
      cwd: io.cwd,
    });
    const pem = await files.read(layout.path("privateKey"));
    if (pem === undefined)
      throw new SetupError(
        `No ${FILES.privateKey} in ${layout.dir}.`,
        "Run `setup-coder-convex up` first: it generates one.",
      );
    io.out.write(`${deriveJwtKeyPair(pem, layout.path("privateKey")).jwks}\n`);
    return 0;
  },
};
