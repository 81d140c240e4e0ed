import { storeContract } from './store.contract.js';
import { connectTestStore } from './support/mongo.js';

storeContract('mongo', () => connectTestStore('store'));
