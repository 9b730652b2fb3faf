/** A person's name, cleaned, with a family/given split where one can be made. */
export interface NormalizedName {
  full: string;
  family?: string;
  given?: string;
}

/** Common Chinese compound (two-character) surnames; anything else takes the first character. */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '司空',
  '夏侯', '轩辕', '端木', '独孤', '南宫', '西门', '百里', '呼延', '万俟', '闻人', '澹台', '公冶', '太史', '申屠',
  '钟离', '濮阳', '淳于', '单于', '赫连', '拓跋', '第五', '东郭', '左丘', '谷梁', '宗政', '梁丘', '羊舌', '微生',
]);

const HAN = /\p{Script=Han}/u;

/**
 * Cleans a name: NFKC (full-width letters and spaces become half-width), trims, collapses spaces;
 * a Chinese name loses its inner spaces and splits family/given by surname (compound surnames
 * such as 欧阳 and 诸葛 included); a Western name splits "Given Family" or "Family, Given".
 * Undefined for an empty name.
 *
 * @example
 *   normalizeName(' 欧阳 娜娜 ') // { full: '欧阳娜娜', family: '欧阳', given: '娜娜' }
 */
export function normalizeName(text: unknown): NormalizedName | undefined {
  if (typeof text !== 'string') return undefined;
  let full = text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  if (full === '') return undefined;
  const hanCount = [...full].filter((c) => HAN.test(c)).length;
  if (hanCount > 0 && hanCount === [...full.replace(/[\s·・]/gu, '')].length) {
    full = full.replace(/\s+/g, '');
    if (full.includes('·') || full.includes('・')) return { full }; // transliterated foreign names: no surname rule applies
    const chars = [...full];
    if (chars.length < 2) return { full };
    const two = chars.slice(0, 2).join('');
    const familyLength = COMPOUND_SURNAMES.has(two) && chars.length > 2 ? 2 : 1;
    return { full, family: chars.slice(0, familyLength).join(''), given: chars.slice(familyLength).join('') };
  }
  if (full.includes(',')) {
    const [family = '', given = ''] = full.split(',', 2).map((s) => s.trim());
    if (family && given) return { full: `${given} ${family}`, family, given };
  }
  const words = full.split(' ');
  if (words.length < 2) return { full };
  return { full, family: words[words.length - 1], given: words.slice(0, -1).join(' ') };
}
