// The SQLite adapter against every storage contract: a fresh in-memory database each.
import { agentsContract } from './agents-contract.js';
import { channelsContract } from './channels-contract.js';
import { conversationStoreContract } from './conversations-contract.js';
import { countersContract } from './counters-contract.js';
import { ordersContract } from './orders-contract.js';
import { rulesContract } from './rules-contract.js';
import { openSqliteStorage } from '../../src/storage/sqlite/index.js';

const open = async () => openSqliteStorage({ path: ':memory:' });
const close = (s: { close(): Promise<void> }) => s.close();

conversationStoreContract('sqlite', open, close);
ordersContract('sqlite', open, close);
agentsContract('sqlite', open, close);
rulesContract('sqlite', open, close);
countersContract('sqlite', open, close);
channelsContract('sqlite', open, close);
