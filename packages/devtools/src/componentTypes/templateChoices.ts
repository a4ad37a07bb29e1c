import { isScalar, isSeq, parseDocument, stringify } from 'yaml';

/**
 * The scaffolder template with its component choices (the `type` enum and its labels, the
 * `version` enum) replaced. Only those lists are rewritten, in place, so the rest of the
 * file keeps its layout and comments.
 */
export function withComponentChoices(
  templateText: string,
  choices: ReadonlyArray<{ type: string; label: string }>,
  versions: readonly string[],
): string {
  const document = parseDocument(templateText);
  const parameters = document.getIn(['spec', 'parameters'], true);
  if (!isSeq(parameters)) {
    throw new Error('the template has no spec.parameters list');
  }
  const page = parameters.items.findIndex(
    item =>
      document.getIn([
        'spec',
        'parameters',
        parameters.items.indexOf(item),
        'title',
      ]) === 'Components',
  );
  if (page < 0) throw new Error('the template has no "Components" page');
  const item = [
    'spec',
    'parameters',
    page,
    'properties',
    'components',
    'items',
    'properties',
  ];
  const lists: Array<[Array<string | number>, readonly string[]]> = [
    [[...item, 'type', 'enum'], choices.map(c => c.type)],
    [[...item, 'type', 'enumNames'], choices.map(c => c.label)],
    [[...item, 'version', 'enum'], versions],
  ];
  // Spliced from the end of the file backwards, so earlier offsets stay valid.
  const splices = lists
    .map(([path, values]) => {
      const node = document.getIn(path, true);
      const last = isSeq(node) ? node.items[node.items.length - 1] : undefined;
      if (!isSeq(node) || !node.range || !isScalar(last) || !last.range) {
        throw new Error(
          `the template has no list of values at ${path.join('.')}`,
        );
      }
      // From the first item to the end of the last item's value: the line break and the
      // indent of whatever follows stay as they are.
      const start = node.range[0];
      const end = last.range[1];
      const indent = ' '.repeat(
        start - templateText.lastIndexOf('\n', start) - 1,
      );
      const text = values
        .map(value => `- ${stringify(value).trimEnd()}`)
        .join(`\n${indent}`);
      return { start, end, text };
    })
    .sort((a, b) => b.start - a.start);
  let out = templateText;
  for (const { start, end, text } of splices) {
    out = out.slice(0, start) + text + out.slice(end);
  }
  return out;
}
