// The two IPC channels between the preload and the main process, and the event topics they carry. Shared by both sides;
// imports only types, so the sandboxed preload bundle stays free of zod and of everything in core/ but this list.
import type { Topic } from '../core/api';

/** Renderer → main: `(method: string, input: unknown)`, answered with the API envelope. */
export const INVOKE_CHANNEL = 'chibo:invoke';
/** Main → renderer: `(topic: string, payload: unknown)`. */
export const EVENT_CHANNEL = 'chibo:event';

/** Every topic of core/api's `Events`; the compiler refuses this list when a topic is added there and not here. */
export const TOPICS = ['data.changed', 'presentation.changed', 'sync.changed'] as const satisfies readonly Topic[];

type Unlisted = Exclude<Topic, (typeof TOPICS)[number]>;
const everyTopicListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyTopicListed;
