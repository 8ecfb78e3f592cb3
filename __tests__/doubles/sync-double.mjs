// TEST DOUBLE helper: the backend's sync WebSocket (GET /api/<client version>/sync), as far as the
// convex CLI's `subscribe` uses it (`convex export` and `convex import` wait on a query through it).
// A minimal RFC 6455 server (text frames, ping, close; no extensions) carrying the sync protocol's
// messages in the shapes of the convex npm package's src/browser/sync/protocol.ts: the client sends
// Connect, Authenticate (baseVersion, tokenType Admin, value) and ModifyQuerySet (baseVersion,
// newVersion, Add/Remove); the server answers with Transition messages whose startVersion is the
// version it last sent and whose endVersion is {querySet, identity, ts} (ts a u64, little-endian,
// base64), each query's value as convex JSON. Queries are evaluated again whenever the stand-in
// says its data changed, and only changed results are sent.
import { createHash } from "node:crypto";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

function frame(opcode, payload) {
  const length = payload.length;
  const head = length < 126 ? Buffer.alloc(2) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = 0x80 | opcode;
  if (length < 126) head[1] = length;
  else if (length < 65536) {
    head[1] = 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([head, payload]);
}

/** A u64 as the sync protocol encodes it: 8 bytes little-endian, base64. */
export function encodeU64(n) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b.toString("base64");
}

/** `module:function` with `.js` and `:default` as canonicalizeUdfPath writes them, undone. */
export function normalizeUdfPath(path) {
  const [module, fn = "default"] = String(path).split(":");
  return `${module.replace(/\.js$/, "")}:${fn}`;
}

/**
 * Serves the sync protocol on `server`'s upgrade requests to /api/<version>/sync.
 * `checkKey(key)` says whether an admin key is valid; `evaluate(udfPath, args)` returns a query's
 * value (convex JSON) or throws an Error whose message becomes QueryFailed's errorMessage.
 * Returns `changed()`, to be called after every write.
 */
export function attachSync(server, { checkKey, evaluate, onRequest }) {
  const sessions = new Set();
  let ts = BigInt(Date.now()) * 1_000_000n;
  const nextTs = () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    ts = now > ts ? now : ts + 1n;
    return ts;
  };

  const send = (session, message) => {
    if (!session.socket.destroyed) session.socket.write(frame(1, Buffer.from(JSON.stringify(message))));
  };

  /** Sends one Transition with the results that changed since the last one (all, when forced). */
  const transition = (session, force = false) => {
    const modifications = [];
    for (const [queryId, query] of session.queries) {
      let result;
      if (!session.admin) {
        result = {
          type: "QueryFailed",
          queryId,
          errorMessage: `[Request ID: standin] Server Error\nUncaught Error: ${query.udfPath} requires an admin key`,
          logLines: [],
          errorData: null,
          journal: null,
        };
      } else {
        try {
          result = {
            type: "QueryUpdated",
            queryId,
            value: evaluate(query.udfPath, query.args[0] ?? {}),
            logLines: [],
            journal: null,
          };
        } catch (error) {
          result = {
            type: "QueryFailed",
            queryId,
            errorMessage: error.message,
            logLines: [],
            errorData: null,
            journal: null,
          };
        }
      }
      const text = JSON.stringify(result);
      if (force || query.last !== text) {
        query.last = text;
        modifications.push(result);
      }
    }
    for (const queryId of session.removed) modifications.push({ type: "QueryRemoved", queryId });
    session.removed = [];
    const versionChanged =
      session.sent.querySet !== session.querySet || session.sent.identity !== session.identity;
    if (modifications.length === 0 && !versionChanged) return;
    const end = { querySet: session.querySet, identity: session.identity, ts: nextTs() };
    send(session, {
      type: "Transition",
      startVersion: { ...session.sent, ts: encodeU64(session.sent.ts) },
      endVersion: { ...end, ts: encodeU64(end.ts) },
      modifications,
    });
    session.sent = end;
  };

  const onMessage = (session, message) => {
    const added = (message.modifications ?? [])
      .filter((m) => m.type === "Add")
      .map((m) => normalizeUdfPath(m.udfPath));
    onRequest?.({ sync: message.type, ...(added.length ? { queries: added } : {}) });
    switch (message.type) {
      case "Connect":
        return;
      case "Authenticate":
        if (message.baseVersion !== session.identity) {
          send(session, { type: "FatalError", error: "Authenticate with a stale base version" });
          return session.socket.end(frame(8, Buffer.alloc(0)));
        }
        if (message.tokenType === "Admin" && !checkKey(message.value)) {
          send(session, {
            type: "AuthError",
            error: "The provided admin key was invalid for this instance",
            baseVersion: message.baseVersion,
            authUpdateAttempted: true,
          });
          return;
        }
        session.admin = message.tokenType === "Admin";
        session.identity = message.baseVersion + 1;
        return transition(session, true);
      case "ModifyQuerySet":
        if (message.baseVersion !== session.querySet) {
          send(session, { type: "FatalError", error: "ModifyQuerySet with a stale base version" });
          return session.socket.end(frame(8, Buffer.alloc(0)));
        }
        for (const m of message.modifications) {
          if (m.type === "Add")
            session.queries.set(m.queryId, { udfPath: normalizeUdfPath(m.udfPath), args: m.args });
          else if (m.type === "Remove" && session.queries.delete(m.queryId)) session.removed.push(m.queryId);
        }
        session.querySet = message.newVersion;
        return transition(session);
      default:
        // Mutations, actions and events: a stand-in's CLI never sends them.
        return;
    }
  };

  server.on("upgrade", (req, socket) => {
    if (!/^\/api\/[^/]+\/sync$/.test(req.url.split("?")[0]) || !req.headers["sec-websocket-key"]) {
      socket.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const accept = createHash("sha1")
      .update(req.headers["sec-websocket-key"] + GUID)
      .digest("base64");
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    const session = {
      socket,
      queries: new Map(),
      removed: [],
      querySet: 0,
      identity: 0,
      admin: false,
      sent: { querySet: 0, identity: 0, ts: 0n },
    };
    sessions.add(session);
    let buffered = Buffer.alloc(0);
    let fragments = [];
    socket.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (buffered.length < 2) return;
        const fin = (buffered[0] & 0x80) !== 0;
        const opcode = buffered[0] & 0x0f;
        const masked = (buffered[1] & 0x80) !== 0;
        let length = buffered[1] & 0x7f;
        let p = 2;
        if (length === 126) {
          if (buffered.length < 4) return;
          length = buffered.readUInt16BE(2);
          p = 4;
        } else if (length === 127) {
          if (buffered.length < 10) return;
          length = Number(buffered.readBigUInt64BE(2));
          p = 10;
        }
        const maskAt = p;
        if (masked) p += 4;
        if (buffered.length < p + length) return;
        const payload = Buffer.from(buffered.subarray(p, p + length));
        if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= buffered[maskAt + (i % 4)];
        buffered = buffered.subarray(p + length);
        if (opcode === 8) {
          socket.end(frame(8, Buffer.alloc(0)));
          return;
        }
        if (opcode === 9) {
          socket.write(frame(10, payload));
          continue;
        }
        if (opcode === 10) continue;
        fragments.push(payload);
        if (!fin) continue;
        const text = Buffer.concat(fragments).toString("utf8");
        fragments = [];
        try {
          onMessage(session, JSON.parse(text));
        } catch (error) {
          send(session, { type: "FatalError", error: String(error.message) });
        }
      }
    });
    socket.on("error", () => sessions.delete(session));
    socket.on("close", () => sessions.delete(session));
  });

  return {
    changed() {
      for (const session of sessions) transition(session);
    },
  };
}
