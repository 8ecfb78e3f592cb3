/** Whether a port on this host is free, as compose would publish it. */
import { createServer } from "node:net";

/** Whether nothing listens on 127.0.0.1:port (where compose publishes the backend's ports). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
