import {
  ASTVisitor,
  GraphQLError,
  Kind,
  OperationTypeNode,
  SelectionSetNode,
  ValidationContext,
} from 'graphql';

/**
 * At most one mutation field per request. Aliases let one document carry many writes (15
 * aliased mutations passed the alias limit: about 9,000 writes a minute from one address within
 * the rate limit); a client that means to change several things sends several requests, each
 * counted by the rate limit. Root fields reached through fragments count too. An operation made
 * for batches would be one field taking a list, so it passes this rule as it should.
 */
export function oneMutationFieldRule(context: ValidationContext): ASTVisitor {
  const countFields = (set: SelectionSetNode, seen: Set<string>): number => {
    let n = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') n += 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        n += countFields(selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = context.getFragment(selection.name.value);
        if (fragment) n += countFields(fragment.selectionSet, seen);
      }
    }
    return n;
  };
  return {
    OperationDefinition(operation) {
      if (operation.operation !== OperationTypeNode.MUTATION) return;
      const fields = countFields(operation.selectionSet, new Set());
      if (fields > 1) {
        context.reportError(
          new GraphQLError(`One mutation per request: this one has ${fields}. Send them one at a time.`, {
            nodes: [operation],
          }),
        );
      }
    },
  };
}
