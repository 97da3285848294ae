// The debug sidebar's history: the last 100 debug-node messages of one flow, newest last (memory only).
import type { DebugMessages } from '../live/debug-messages.js';
import type { ApiRouter } from './api-router.js';

export function registerDebugRoutes(api: ApiRouter, debug: DebugMessages): void {
  api.add({
    method: 'get', path: '/api/flows/:id/debug', tag: 'flows', summary: 'The last 100 messages the flow\'s debug nodes showed (masked, capped), newest last; live on socket.io event `debug`', access: 'authenticated',
    handler: ({ params }) => ({ messages: debug.recent(params.id!) }),
  });
}
