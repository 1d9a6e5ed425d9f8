// The values of the end-of-chat statistics tags and of the help-seeker's own choices
// (docs/protocol.md "Tags", "join"), in the order the forms list them.

export const OUTCOMES = ['supported', 'referred', 'emergency', 'no_contact', 'other'] as const;
export const AGE_BANDS = ['under-13', '13-17', '18-25', '26-64', '65+'] as const;
export const TOPICS = ['honour', 'forced-marriage', 'fgm', 'relationship', 'other'] as const;

export type Outcome = (typeof OUTCOMES)[number];

/** What the counsellor records when a chat is over: no content, nothing about the person beyond coarse bands. */
export interface ChatTags { outcome: Outcome; ageBand: string | null; topic: string | null }

/** The `tags` message; an unknown age band or topic is left out (the server then keeps the help-seeker's). */
export function tagsMessage(chat: string, tags: ChatTags): Record<string, string> {
  const message: Record<string, string> = { type: 'tags', chat, outcome: tags.outcome };
  if (tags.ageBand !== null && (AGE_BANDS as readonly string[]).includes(tags.ageBand)) message.age_band = tags.ageBand;
  if (tags.topic !== null && (TOPICS as readonly string[]).includes(tags.topic)) message.topic = tags.topic;
  return message;
}

export const isOutcome = (value: string): value is Outcome => (OUTCOMES as readonly string[]).includes(value);
