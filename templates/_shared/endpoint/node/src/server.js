// Entry point: `npm start`. Reads the environment, loads the private key once, and listens on
// 0.0.0.0:PORT. Refuses to start (exit 1, one line naming the variable) when the key is missing
// or cannot be decrypted.

import { createApp, logLine } from "./app.js";
import { settings as readSettings } from "./config.js";
import { ConfigError, loadPrivateKey } from "./crypto.js";
import * as handler from "./handler.js";
import { openStore } from "./store.js";

async function main() {
  let settings;
  let privateKey = null;
  try {
    settings = readSettings(process.env);
    if (handler.hasDataEndpoint) privateKey = loadPrivateKey(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`flow endpoint: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  if (!settings.appSecret) {
    console.error("WARNING: APP_SECRET is not set: request signatures are NOT checked. Use this only on your own machine; set APP_SECRET (your Meta app secret) anywhere reachable.");
  }
  let store;
  try {
    store = await openStore(settings, logLine);
  } catch (e) {
    console.error(`flow endpoint: REDIS_URL: cannot use Redis (${e.code || e.name}); run npm install (the redis package) and check the URL`);
    process.exit(1);
  }
  const server = createApp({ settings, privateKey, handler, store });
  server.keepAliveTimeout = 65000;
  server.listen(settings.port, "0.0.0.0", () => {
    console.log(`listening on http://0.0.0.0:${server.address().port}`);
  });
  const stop = () => {
    store.close();
    server.close(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

await main();
