// The Store contract on the in-memory twin.
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { storeContract } from './store-contract';

storeContract('memory', async () => createMemoryStore());
