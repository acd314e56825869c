/**
 * The text index's worker: holds the listed calls' search texts out of the panel's heap and answers the
 * filter's text terms (core.ts), reading whole bodies from IndexedDB for its deep pass (bodies.ts).
 */
import { idbBodyReader, idbTextLoader } from './bodies';
import { createIndexHandler, type IndexRequest } from './core';

const handle = createIndexHandler((answer) => self.postMessage(answer), idbBodyReader(), idbTextLoader());
self.onmessage = (event: MessageEvent<IndexRequest>) => void handle(event.data);
