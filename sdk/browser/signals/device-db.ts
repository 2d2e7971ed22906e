/**
 * IndexedDB database holding the first-party device id (device-id.ts creates it after consent);
 * revoke() deletes it by this name. Its own module so the loader can wipe it without bundling idb.
 */
export const DEVICE_DB_NAME = 'twofold';
