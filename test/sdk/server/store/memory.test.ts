// The Store contract on the in-memory twin.
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { bindContract } from './bind-contract';
import { deviceKeyContract } from './device-key-contract';
import { guardContract } from './guard-contract';
import { issueContract } from './issue-contract';
import { bulkContract } from './store-bulk-contract';
import { storeContract } from './store-contract';

storeContract('memory', async () => createMemoryStore());
bulkContract('memory', async () => createMemoryStore());
guardContract('memory', async () => createMemoryStore());
deviceKeyContract('memory', async () => createMemoryStore());
issueContract('memory', async () => createMemoryStore());
bindContract('memory', async () => createMemoryStore());
