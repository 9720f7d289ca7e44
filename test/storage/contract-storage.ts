// What every storage contract file opens its adapter with.
import type { TestContext } from 'node:test';
import type { Storage } from '../../src/storage/port.js';

export type OpenStorage = () => Promise<Storage>;
export type CloseStorage = (s: Storage) => Promise<void>;

/** A fresh storage for one test, closed when the test ends (whether it passed or not). */
export function storageForTest(open: OpenStorage, close: CloseStorage): (t: TestContext) => Promise<Storage> {
  return async (t) => {
    const s = await open();
    t.after(() => close(s));
    return s;
  };
}
