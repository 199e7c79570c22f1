// The front thread's entry (src/http/front.ts): a worker loads TypeScript only once tsx's loader is
// registered in it (Node 20 does not carry the main thread's `--import` hooks into workers).
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { runFront } = await import("./front.ts");
runFront(workerData.front, parentPort);
