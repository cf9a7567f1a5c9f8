// An HMS Sovereign webhook receiver on Node's standard library (no npm packages), for
// `hms-webhooks audit`'s tests.
//
//     node receiver.mjs SECRET FLAW
//
// FLAW is `none` (a correct receiver) or one flaw, exactly one:
//
//     reserialized-body   verifies the HMAC over JSON.stringify(JSON.parse(body)), not the raw bytes
//     unsigned-accepted   verifies a signature when there is one, and accepts requests without
//     body-limit-100kb    refuses bodies over 100 KB with 413, as Express's json() does by default
//     slow-tools          answers tool-calls correctly, after 11 s
//     throws-on-refusal   refuses by throwing: 500 instead of 401 or 400 (not a failure: a warning)
//
// It listens on a free port of 127.0.0.1, prints `PORT <n>` on standard output, and serves until
// its standard input closes (the test ends) or 300 s have passed, whichever comes first.

import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const TOLERANCE = 300; // seconds, either way
const LIFETIME_MS = 300_000;
const BODY_LIMIT = 100 * 1024; // Express's json() default, "100kb"

const [secret, flaw] = process.argv.slice(2);
const FLAWS = ["none", "reserialized-body", "unsigned-accepted", "body-limit-100kb", "slow-tools", "throws-on-refusal"];
if (!secret || !FLAWS.includes(flaw)) {
  console.error(`receiver.mjs: usage: receiver.mjs SECRET (${FLAWS.join("|")})`);
  process.exit(2);
}

/** Why the request is not authentic and fresh, or null. */
function refusal(timestamp, signature, signedBytes) {
  if (signature === undefined) return flaw === "unsigned-accepted" ? null : "unsigned";
  if (timestamp === undefined) return "no timestamp";
  if (!/^[0-9]+$/.test(timestamp)) return "malformed timestamp";
  const digits = signature.trim().replace(/^sha256=/, "");
  if (!/^[0-9a-fA-F]{64}$/.test(digits)) return "malformed signature";
  const expected = createHmac("sha256", secret).update(`${timestamp}.`).update(signedBytes).digest();
  if (!timingSafeEqual(expected, Buffer.from(digits, "hex"))) return "signature mismatch";
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE) return "stale or future timestamp";
  return null;
}

function answer(res, status, payload) {
  if (flaw === "throws-on-refusal" && (status === 400 || status === 401)) {
    throw new Error(`refused: ${payload}`);
  }
  if (payload === undefined) {
    res.writeHead(status).end();
  } else if (typeof payload === "string") {
    res.writeHead(status, { "content-type": "text/plain" }).end(payload);
  } else {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
  }
}

function handle(req, res, body) {
  if (flaw === "body-limit-100kb" && body.length > BODY_LIMIT) {
    return answer(res, 413, "request entity too large");
  }
  let parsed;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch (error) {
    // The flawed receiver parses first (it needs the object to re-serialize); the correct one
    // only after verifying, below.
    if (flaw === "reserialized-body") return answer(res, 400, `invalid JSON: ${error.message}`);
  }
  const signed = flaw === "reserialized-body" ? Buffer.from(JSON.stringify(parsed)) : body;
  const reason = refusal(req.headers["x-webhook-timestamp"], req.headers["x-webhook-signature"], signed);
  if (reason !== null) return answer(res, 401, reason);
  const message = parsed?.message;
  if (typeof message?.type !== "string") return answer(res, 400, "not a webhook");
  switch (message.type) {
    case "assistant-request":
      return answer(res, 200, { assistant_id: "asst_node_receiver", max_duration_seconds: 300 });
    case "tool-calls": {
      const results = (message.tool_call_list ?? []).map((call) => ({
        tool_call_id: call.id,
        result: `${call.function.name} done`,
      }));
      if (flaw === "slow-tools") {
        setTimeout(() => answer(res, 200, { results }), 11_000);
        return;
      }
      return answer(res, 200, { results });
    }
    default:
      // status-update, end-of-call-report, and event types added later: acknowledge.
      return answer(res, 204);
  }
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    try {
      handle(req, res, Buffer.concat(chunks));
    } catch (error) {
      answer(res, 500, String(error));
    }
  });
});

server.listen(0, "127.0.0.1", () => {
  console.log(`PORT ${server.address().port}`);
});
const stop = () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.stdin.on("end", stop);
process.stdin.resume();
setTimeout(stop, LIFETIME_MS).unref();
