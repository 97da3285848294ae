// The cache-name property shared by the availability update and read nodes, and the key-value namespace it selects.
export const cacheNameProperty = {
  type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', default: 'availability',
  title: 'Cache name', description: 'The update and read nodes of one feed use the same name.',
} as const;

export const cacheNamespace = (cacheName: string) => `availability:${cacheName}`;

export const STORAGE_DOCS = `**Storage.** The cache lives in the runtime's durable key-value store (namespace \`availability:<cacheName>\`, one entry per SKU with its locations): reads come from memory, and an update completes only after it was appended to the store's log in the data directory, so the cache survives a restart or \`kill -9\`.`;
