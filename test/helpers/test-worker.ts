// A worker entry for the pool's tests: each request says what the worker should do.
import { parentPort } from 'node:worker_threads';
import { serveRequests } from '../../src/workers/pool.js';

export type TestWorkerRequest =
  | { do: 'double'; n: number }
  | { do: 'throw'; message: string }
  | { do: 'hang' }
  | { do: 'exit' }
  | { do: 'busy'; ms: number }
  | { do: 'batches' };

let batches = 0;
parentPort?.on('message', () => batches++);

serveRequests((request) => {
  const r = request as TestWorkerRequest;
  switch (r.do) {
    case 'double':
      return r.n * 2;
    case 'throw':
      throw new Error(r.message);
    case 'hang':
      for (;;); // a runaway task: only the pool's deadline ends it
    case 'exit':
      process.exit(3);
    case 'busy': {
      const until = performance.now() + r.ms;
      while (performance.now() < until);
      return r.ms;
    }
    case 'batches':
      return batches; // messages received so far, this one included
  }
});
