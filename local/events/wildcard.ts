/**
 * EventBridge wildcard syntax: `*` matches any run of characters, `\*` a literal asterisk, `\\` a literal
 * backslash. Consecutive wildcards and any other escape are rejected, as EventBridge rejects them.
 * Returns the anchored expression, or the reason the wildcard is invalid.
 */
export function compileWildcard(wildcard: string): RegExp | string {
  let source = '';
  let previousWasWildcard = false;
  for (let position = 0; position < wildcard.length; position++) {
    const character = wildcard[position] as string;
    if (character === '*') {
      if (previousWasWildcard) return `Consecutive wildcard characters at pos ${position}`;
      source += '.*';
      previousWasWildcard = true;
      continue;
    }
    previousWasWildcard = false;
    if (character === '\\') {
      const escaped = wildcard[position + 1];
      if (escaped !== '*' && escaped !== '\\') return `Invalid escape character at pos ${position}`;
      source += escapeRegExp(escaped);
      position++;
      continue;
    }
    source += escapeRegExp(character);
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
