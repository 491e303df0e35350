import type { ComponentChildren } from 'preact';

/** Stands in for a value in a translated sentence until it is put back as an element. */
const SLOT = '\uE000';

/**
 * A translated sentence with one of its values shown as an element (bold
 * file name, a link): `t` fills the slot marker, the sentence is split on it,
 * and the value goes back as a node. Values stay text, never markup.
 */
export function withSlot(translate: (slot: string) => string, node: ComponentChildren): ComponentChildren[] {
  const parts = translate(SLOT).split(SLOT);
  return parts.flatMap((part, i) => (i === 0 ? [part] : [node, part]));
}
