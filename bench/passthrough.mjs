/**
 * The passthrough other Luma front ends put in front of a gateway, as its own process (as they deploy it):
 * every request forwarded as it came, with the key put in, on a keep-alive agent; the answer piped back.
 * No validation, no database. Plain node:http with no loader, so it is the cheapest such proxy can be.
 * Usage: node bench/passthrough.mjs <port> <target-url>, with PASSTHROUGH_API_KEY in the environment.
 */
import http from "node:http";

const [port, targetUrl] = process.argv.slice(2);
const target = new URL(targetUrl);
const apiKey = process.env.PASSTHROUGH_API_KEY;
const agent = new http.Agent({ keepAlive: true });

http
  .createServer((incoming, outgoing) => {
    if (incoming.url === "/__passthrough/health") return outgoing.end("ok");
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: incoming.url,
        method: incoming.method,
        agent,
        headers: { ...incoming.headers, host: target.host, authorization: `Bearer ${apiKey}` },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on("error", () => outgoing.destroy());
    incoming.pipe(upstream);
  })
  .listen(Number(port), "127.0.0.1");
