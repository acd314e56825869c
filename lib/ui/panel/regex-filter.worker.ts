/**
 * The regex filter's worker: matches the panel's search texts off the panel's thread, so that a
 * pattern that backtracks for seconds only costs this worker, which the panel terminates after its
 * time budget (regex-runner.ts). Loaded on the first regex filter, as a chunk of its own.
 */
import { createMatchHandler, type MatchRequest } from './regex-worker-core';

const handle = createMatchHandler((answer) => self.postMessage(answer));
self.onmessage = (event: MessageEvent<MatchRequest>) => handle(event.data);
