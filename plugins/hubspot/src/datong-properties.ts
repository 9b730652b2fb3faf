import type { DatongProperty } from './ensure-datong-properties.js';

/** The contact property holding the membership tier datong's mapping gives the person. */
const TIER_PROPERTY = 'datong_tier';
/** The contact property holding the person's tags, `;`-joined (read back as an array by the contract). */
const TAGS_PROPERTY = 'datong_tags';

/**
 * The properties datong owns on each object type: the key property everywhere, and on contacts
 * the tier and the tags. They are created when the object is opened.
 */
export function datongProperties(type: string, idProperty: string): DatongProperty[] {
  const key: DatongProperty = {
    name: idProperty,
    label: 'datong key',
    description: "datong's stable key of this record, set by datong's sync: do not edit it.",
    hasUniqueValue: true,
    pointer: '/idProperty',
    remedy: 'choose another idProperty',
  };
  if (type !== 'contacts') return [key];
  const owned = (name: string, label: string, description: string): DatongProperty => ({
    name,
    label,
    description,
    hasUniqueValue: false,
    pointer: `/objects/${type}`,
    remedy: `datong keeps its own values there: rename or delete that property in HubSpot (Settings > Properties)`,
  });
  return [
    key,
    owned(TIER_PROPERTY, 'datong tier', "The membership tier datong's sync gives this person: do not edit it."),
    owned(TAGS_PROPERTY, 'datong tags', "The tags datong's sync gives this person, separated by ';': do not edit them."),
  ];
}
